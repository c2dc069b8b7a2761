// A system's sign-offs and manual blockers, with the actions the viewer may take: departments
// sign, operators confirm and manage blockers. A lost race shows who got there first.
import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { WhyNotButton } from '../../app/PageGuard.tsx';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { Panel } from '../../components/Panel.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { TermHelp } from '../../components/TermHelp.tsx';
import { RunbookChecklist } from './RunbookChecklist.tsx';
import { heldReason, SignoffEvidence } from './SignoffEvidence.tsx';

const KINDS = ['cut-over', 'legacy-retired'] as const;

type Asking =
  | { act: 'rollback' }
  | { act: 'sign'; kind: (typeof KINDS)[number] }
  | { act: 'confirm'; kind: (typeof KINDS)[number]; version: number }
  | { act: 'resolve'; id: number; version: number; reason: string };

export function WorkflowPanel({ system }: { system: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const queryClient = useQueryClient();
  const w = useQuery(trpc.workflows.forSystem.queryOptions({ system }));
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  // The act being confirmed (a dialog is open for it), if any.
  const [asking, setAsking] = useState<Asking | null>(null);
  const done = {
    onSuccess: () => {
      setError(null);
      setAsking(null);
      void queryClient.invalidateQueries();
    },
    onError: (e: { message: string }) => setError(e.message),
  };
  const sign = useMutation(trpc.workflows.sign.mutationOptions(done));
  const confirm = useMutation(trpc.workflows.confirm.mutationOptions(done));
  const raise = useMutation(trpc.workflows.raiseBlocker.mutationOptions(done));
  const update = useMutation(trpc.workflows.updateBlocker.mutationOptions(done));
  const rollback = useMutation(trpc.workflows.rollback.mutationOptions(done));
  // Whether each sign-off can be given now is the server's to say (stage and runbook).
  const signable = w.data?.signable;
  const cutOverSigned = !!w.data?.signoffs.some((x) => x.kind === 'cut-over');
  return (
    <Panel sx={{ mt: 2 }} title={t('workflow.title')} testId="workflow">
      {error && (
        <Alert severity="error" data-testid="workflow-error">
          {error}
        </Alert>
      )}
      <Stack spacing={1} sx={{ mt: 1 }}>
        {w.data && (
          <RunbookChecklist
            system={system}
            runbook={w.data.runbook}
            editable={can('signoffs.sign') && !cutOverSigned}
            onError={setError}
          />
        )}
        {w.data && <SignoffEvidence system={system} workflow={w.data} />}
        {KINDS.map((kind) => {
          const s = w.data?.signoffs.find((x) => x.kind === kind);
          const ready = signable?.[kind];
          // The stage is there and only the runbook or the evidence is missing: the button shows, held back.
          const offered = ready && (ready.ok || ready.reason !== 'stage');
          return (
            <Stack
              key={kind}
              direction="row"
              spacing={1}
              sx={{ alignItems: 'center' }}
              data-testid={`signoff-${kind}`}
            >
              <Typography variant="body2" sx={{ minWidth: 120 }}>
                {t(`workflow.${kind}`)}
                {kind === 'cut-over' && <TermHelp term="cutover" />}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
                {s
                  ? s.confirmedBy
                    ? t('workflow.confirmed', {
                        by: s.signedBy,
                        at: f.dateTime(String(s.signedAt)),
                        confirmer: s.confirmedBy,
                      })
                    : t('workflow.signed', { by: s.signedBy, at: f.dateTime(String(s.signedAt)) })
                  : t('workflow.notSigned')}
                {s?.signComment && ` · ${t('workflow.signComment', { comment: s.signComment })}`}
                {s?.confirmComment && ` · ${t('workflow.confirmComment', { comment: s.confirmComment })}`}
              </Typography>
              {!s && can('signoffs.sign') && offered && !ready.ok && (
                <Typography variant="caption" color="warning.main" data-testid={`sign-${kind}-held`}>
                  {heldReason(t, ready)}
                </Typography>
              )}
              {!s && can('signoffs.sign') && offered && (
                <Button
                  size="small"
                  variant="outlined"
                  disabled={!ready.ok}
                  onClick={() => setAsking({ act: 'sign', kind })}
                  data-testid={`sign-${kind}`}
                >
                  {t('workflow.sign')}
                </Button>
              )}
              {kind === 'cut-over' && s && can('signoffs.confirm') && (
                <Button
                  size="small"
                  color="warning"
                  onClick={() => setAsking({ act: 'rollback' })}
                  data-testid="rollback-cut-over"
                >
                  {t('runbook.rollback')}
                </Button>
              )}
              {!s && !can('signoffs.sign') && offered && (
                <WhyNotButton permission="signoffs.sign" action={t('workflow.signAction')} />
              )}
              {s && !s.confirmedBy && !can('signoffs.confirm') && (
                <WhyNotButton permission="signoffs.confirm" action={t('workflow.confirmAction')} />
              )}
              {s && !s.confirmedBy && can('signoffs.confirm') && (
                <Button
                  size="small"
                  variant="contained"
                  onClick={() => setAsking({ act: 'confirm', kind, version: s.version })}
                  data-testid={`confirm-${kind}`}
                >
                  {t('workflow.confirm')}
                </Button>
              )}
            </Stack>
          );
        })}
        {(w.data?.rollbacks ?? []).map((r) => (
          <Typography key={r.id} variant="caption" color="text.secondary" data-testid={`rollback-${r.id}`}>
            {t('runbook.rolledBack', {
              by: r.rolledBackBy,
              at: f.dateTime(r.rolledBackAt),
              reason: r.reason,
            })}
          </Typography>
        ))}
        <Typography variant="subtitle2" sx={{ pt: 1 }}>
          {t('workflow.blockers')}
        </Typography>
        {(w.data?.blockers ?? []).map((b) => (
          <Stack
            key={b.id}
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center' }}
            data-testid={`manual-blocker-${b.id}`}
          >
            <Typography variant="body2" sx={{ flexGrow: 1 }}>
              {b.reason} · {b.owner ?? t('workflow.unassigned')} · {b.raisedBy}
            </Typography>
            {can('blockers.manage') && (
              <Button
                size="small"
                onClick={() => setAsking({ act: 'resolve', id: b.id, version: b.version, reason: b.reason })}
                data-testid={`resolve-${b.id}`}
              >
                {t('workflow.resolve')}
              </Button>
            )}
          </Stack>
        ))}
        {can('blockers.manage') && (
          <Stack direction="row" spacing={1}>
            <TextField
              size="small"
              fullWidth
              label={t('workflow.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'blocker-reason' } }}
            />
            <Button
              variant="outlined"
              disabled={reason.trim().length < 4}
              onClick={() => raise.mutate({ system, reason }, { onSuccess: () => setReason('') })}
              data-testid="raise-blocker"
            >
              {t('workflow.raise')}
            </Button>
          </Stack>
        )}
      </Stack>
      {asking && (
        <ConfirmAction
          testId={`ask-${asking.act}`}
          title={
            asking.act === 'rollback' ? t('runbook.rollbackTitle') : t(`workflow.ask.${asking.act}Title`)
          }
          what={
            asking.act === 'rollback'
              ? t('runbook.rollbackWhat')
              : asking.act === 'resolve'
                ? t('workflow.ask.resolve', { reason: asking.reason })
                : t(`workflow.ask.${asking.act}`, { what: t(`workflow.${asking.kind}`) })
          }
          action={asking.act === 'rollback' ? t('runbook.rollback') : t(`workflow.${asking.act}`)}
          busy={sign.isPending || confirm.isPending || update.isPending || rollback.isPending}
          error={error}
          onClose={() => {
            setAsking(null);
            setError(null);
          }}
          onConfirm={(comment) => {
            const c = comment || undefined;
            if (asking.act === 'rollback') rollback.mutate({ system, reason: comment });
            else if (asking.act === 'sign') sign.mutate({ system, kind: asking.kind, comment: c });
            else if (asking.act === 'confirm')
              confirm.mutate({ system, kind: asking.kind, version: asking.version, comment: c });
            else update.mutate({ id: asking.id, version: asking.version, resolve: true, comment: c });
          }}
        />
      )}
    </Panel>
  );
}
