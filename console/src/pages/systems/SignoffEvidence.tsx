// What proves the cut-over and the retirement beyond the signatures, as the server judged it: each
// public name's probe and DNS answer, each legacy host's requests over the quiet window. An
// operator may let a sign-off go ahead without the proof, saying why (kept and audited), and
// withdraw that. The page shows the judgement; it never decides it.
import { Button, Chip, Stack, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import type { Outputs } from '../../app/trpc.ts';

type Workflow = Outputs['workflows']['forSystem'];
type Kind = 'cut-over' | 'legacy-retired';

/** The colour of a state: proven and quiet are good, stale is unknown, the rest want attention. */
const tone = (state: string) =>
  state === 'proven' || state === 'quiet'
    ? 'success'
    : state === 'stale' || state === 'no-source'
      ? 'default'
      : 'warning';

export function SignoffEvidence({ system, workflow }: { system: string; workflow: Workflow }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<{ act: 'override' | 'withdraw'; kind: Kind } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = {
    onSuccess: () => {
      setError(null);
      setAsking(null);
      void queryClient.invalidateQueries();
    },
    onError: (e: { message: string }) => setError(e.message),
  };
  const override = useMutation(trpc.workflows.overrideProof.mutationOptions(done));
  const withdraw = useMutation(trpc.workflows.withdrawOverride.mutationOptions(done));
  const proof = workflow.proof;
  const inForce = (kind: Kind) => workflow.overrides.find((o) => o.kind === kind && !o.withdrawnAt);
  const states: { kind: Kind; state: string }[] = [
    { kind: 'cut-over', state: proof?.cutover.state ?? 'no-names' },
    { kind: 'legacy-retired', state: proof?.retirement.state ?? 'no-hosts' },
  ];
  return (
    <Stack spacing={0.5} data-testid="signoff-evidence">
      <Typography variant="subtitle2">{t('proof.title')}</Typography>
      {states.map(({ kind, state }) => {
        const o = inForce(kind);
        const unproven = !['proven', 'quiet'].includes(state);
        // A legacy site serves until it is retired, as it should: the server says when it should not.
        const expected =
          kind === 'legacy-retired' && state === 'serving' && !proof?.retirement.afterRetirement;
        return (
          <Stack key={kind} spacing={0.5} data-testid={`proof-${kind}`}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
              <Typography variant="body2" sx={{ minWidth: 120 }}>
                {t(`proof.for.${kind}`)}
              </Typography>
              <Chip
                size="small"
                color={expected ? 'default' : tone(state)}
                label={t(`proof.state.${state}`, { days: proof?.retirement.days ?? 0 })}
                data-testid={`proof-${kind}-state`}
              />
              {o && (
                <Typography variant="caption" color="text.secondary" data-testid={`override-${kind}`}>
                  {t('proof.overridden', {
                    by: o.overriddenBy,
                    at: f.dateTime(o.overriddenAt),
                    reason: o.reason,
                  })}
                </Typography>
              )}
              {can('signoffs.confirm') && unproven && !o && (
                <Button
                  size="small"
                  onClick={() => setAsking({ act: 'override', kind })}
                  data-testid={`override-${kind}-open`}
                >
                  {t('proof.override')}
                </Button>
              )}
              {can('signoffs.confirm') && o && (
                <Button
                  size="small"
                  onClick={() => setAsking({ act: 'withdraw', kind })}
                  data-testid={`withdraw-${kind}`}
                >
                  {t('proof.withdraw')}
                </Button>
              )}
            </Stack>
            {kind === 'cut-over' &&
              proof?.cutover.names.map((n) => (
                <Typography key={n.name} variant="caption" color="text.secondary" sx={{ pl: 2 }}>
                  {t('proof.item', {
                    name: n.name,
                    what: [
                      n.success === null
                        ? t('proof.name.noProbe')
                        : t(n.success >= 1 ? 'proof.name.probeOk' : 'proof.name.probeFailed', {
                            status: n.status ?? '—',
                          }),
                      ...(n.dns
                        ? [t(`proof.name.dns.${n.dns}`, { addresses: f.list(n.addresses ?? []) })]
                        : []),
                    ].join(' · '),
                  })}
                </Typography>
              ))}
            {kind === 'legacy-retired' &&
              proof?.retirement.hosts.map((h) => (
                <Typography key={h.host} variant="caption" color="text.secondary" sx={{ pl: 2 }}>
                  {t('proof.item', {
                    name: h.host,
                    what: [
                      h.requests === null
                        ? t('proof.host.noCounter')
                        : t('proof.host.requests', {
                            requests: f.num(h.requests),
                            days: proof.retirement.days,
                          }),
                      ...(h.ratePerSecond ? [t('proof.host.rate', { rate: f.num(h.ratePerSecond) })] : []),
                      ...(h.requests !== null && !h.covered
                        ? [t('proof.host.short', { days: proof.retirement.days })]
                        : []),
                    ].join(' · '),
                  })}
                </Typography>
              ))}
          </Stack>
        );
      })}
      {asking && (
        <ConfirmAction
          testId={`ask-${asking.act}-proof`}
          title={t(`proof.ask.${asking.act}Title`, { what: t(`proof.for.${asking.kind}`) })}
          what={t(`proof.ask.${asking.act}`)}
          action={t(`proof.${asking.act}`)}
          busy={override.isPending || withdraw.isPending}
          error={error}
          onClose={() => {
            setAsking(null);
            setError(null);
          }}
          onConfirm={(comment) =>
            asking.act === 'override'
              ? override.mutate({ system, kind: asking.kind, reason: comment })
              : withdraw.mutate({ system, kind: asking.kind })
          }
        />
      )}
    </Stack>
  );
}

/** Why a sign-off is held, in words: the runbook's count, or what the evidence lacks. */
export function heldReason(
  t: (k: string, o?: Record<string, unknown>) => string,
  ready: Workflow['signable'][Kind],
): string {
  if (ready.ok) return '';
  if (ready.reason === 'runbook') return t('runbook.missing', { count: ready.missing.length });
  if (ready.reason === 'backup') return t('backup.held', { count: ready.gaps.length });
  if (ready.reason === 'proof') return t(`proof.held.${ready.state}`);
  return '';
}
