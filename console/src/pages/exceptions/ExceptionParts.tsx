// The parts of exceptions (不上云例外) the system page and the exceptions page share: where an
// application stands (the server says; an approved one past its day is `expired`), the form a
// department applies with, and the dialog in which the data bureau approves, rejects or revokes one
// (a comment required) and the applicant withdraws. Refusals are the server's, on their fields.
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { fieldError, type ApiError } from '../../app/api-error.ts';

export type ExceptionRow = Outputs['exceptions']['list'][number];
export type ExceptionAct = 'approve' | 'reject' | 'revoke' | 'withdraw';

const STATE_COLOR: Record<string, 'warning' | 'success' | 'error' | 'default'> = {
  pending: 'warning',
  approved: 'success',
  expired: 'error',
};

export function ExceptionStateChip({ row }: { row: Pick<ExceptionRow, 'id' | 'state'> }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={STATE_COLOR[row.state] ?? 'default'}
      label={t(`exception.states.${row.state}`)}
      data-testid={`exception-state-${row.id}`}
      data-state={row.state}
    />
  );
}

/** Who decided or closed it, when, and what they said. */
export function ExceptionDecisionText({ row }: { row: ExceptionRow }) {
  const { t } = useTranslation();
  const f = useFormat();
  const said = (c: string | null) => (c ? t('exception.commentSuffix', { comment: c }) : '');
  const closed = row.status === 'withdrawn' || row.status === 'superseded' ? row.status : 'revoked';
  const lines = [
    row.decidedBy &&
      t('exception.decidedNote', {
        by: row.decidedBy,
        time: f.dateTime(row.decidedAt),
        comment: said(row.decisionComment),
      }),
    row.closedBy &&
      t(`exception.closedNote.${closed}`, {
        by: row.closedBy,
        time: f.dateTime(row.closedAt),
        comment: said(row.closeComment),
      }),
  ].filter(Boolean);
  return lines.length ? (
    <Typography variant="caption" component="p" color="text.secondary">
      {lines.join(t('list.separator'))}
    </Typography>
  ) : null;
}

/** The department's form: why, and the last day the exception would hold. */
export function ApplyDialog({
  system,
  systemName,
  renew,
  onClose,
  onDone,
}: {
  system: string;
  systemName: string;
  renew: boolean;
  onClose: () => void;
  onDone: (row: ExceptionRow) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const limits = useQuery(trpc.exceptions.limits.queryOptions());
  const [reason, setReason] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  // The same submission twice (a double click, a retry) makes one application.
  const [submissionId] = useState(() => crypto.randomUUID());
  const submit = useMutation(
    trpc.exceptions.submit.mutationOptions({
      onSuccess: (row) => {
        void queryClient.invalidateQueries();
        onDone(row);
      },
    }),
  );
  const error = submit.error as ApiError | null;
  const l = limits.data;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="exception-apply-dialog">
      <DialogTitle>
        {t(renew ? 'exception.renewTitle' : 'exception.applyTitle', { system: systemName })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">{t('exception.applyWhat')}</Typography>
          {error && (
            <Alert severity="error" data-testid="exception-apply-error">
              {fieldError(error, 'system') ?? error.message}
            </Alert>
          )}
          <TextField
            label={t('exception.reason')}
            required
            multiline
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={!!fieldError(error, 'reason')}
            helperText={
              fieldError(error, 'reason') ?? (l ? t('exception.reasonHint', { min: l.reason.min }) : ' ')
            }
            slotProps={{ htmlInput: { maxLength: l?.reason.max, 'data-testid': 'exception-reason' } }}
          />
          <TextField
            label={t('exception.expiresOn')}
            type="date"
            required
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.target.value)}
            error={!!fieldError(error, 'expiresOn')}
            helperText={
              fieldError(error, 'expiresOn') ??
              (l
                ? t('exception.expiresOnHint', {
                    years: l.years,
                    earliest: f.date(l.earliest),
                    latest: f.date(l.latest),
                  })
                : ' ')
            }
            slotProps={{
              inputLabel: { shrink: true },
              htmlInput: { min: l?.earliest, max: l?.latest, 'data-testid': 'exception-expires-on' },
            }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('exception.cancel')}</Button>
        <Button
          variant="contained"
          disabled={submit.isPending}
          onClick={() => submit.mutate({ system, reason: reason.trim(), expiresOn, submissionId })}
          data-testid="exception-submit"
        >
          {t('exception.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Approve, reject, revoke (the data bureau, a comment required) or withdraw (the applicant). */
export function ActDialog({
  row,
  act,
  onClose,
  onDone,
}: {
  row: ExceptionRow;
  act: ExceptionAct;
  onClose: () => void;
  onDone: (row: ExceptionRow) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const done = {
    onSuccess: (r: ExceptionRow) => {
      // The system's stage and every figure that counts it have changed: read them again.
      void queryClient.invalidateQueries();
      onDone(r);
    },
    // A lost race: the list is read again to the latest state.
    onError: () => void queryClient.invalidateQueries({ queryKey: trpc.exceptions.list.queryKey() }),
  };
  const decide = useMutation(trpc.exceptions.decide.mutationOptions(done));
  const revoke = useMutation(trpc.exceptions.revoke.mutationOptions(done));
  const withdraw = useMutation(trpc.exceptions.withdraw.mutationOptions(done));
  const m = act === 'revoke' ? revoke : act === 'withdraw' ? withdraw : decide;
  const error = m.error as ApiError | null;
  const ref = { id: row.id, version: row.version };
  const name = f.name(row.systemName) === '—' ? row.system : f.name(row.systemName);
  const go = () => {
    const c = comment.trim();
    if (act === 'revoke') revoke.mutate({ ...ref, comment: c });
    else if (act === 'withdraw') withdraw.mutate({ ...ref, ...(c ? { comment: c } : {}) });
    else decide.mutate({ ...ref, decision: act, comment: c });
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid={`exception-${act}-dialog`}>
      <DialogTitle>{t(`exception.acts.${act}.title`, { system: name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">
            {t(`exception.acts.${act}.what`, { system: name, date: f.date(row.expiresOn) })}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('exception.reasonLine', { reason: row.reason })}
          </Typography>
          {error && !fieldError(error, 'comment') && (
            <Alert severity="error" data-testid="exception-act-error">
              {error.message}
            </Alert>
          )}
          <TextField
            label={t(act === 'withdraw' ? 'exception.withdrawComment' : 'exception.comment')}
            required={act !== 'withdraw'}
            multiline
            minRows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            error={!!fieldError(error, 'comment')}
            helperText={
              fieldError(error, 'comment') ?? (act === 'withdraw' ? ' ' : t('exception.commentHint'))
            }
            slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'exception-comment' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('exception.cancel')}</Button>
        <Button
          variant="contained"
          color={act === 'approve' ? 'primary' : 'error'}
          disabled={m.isPending}
          onClick={go}
          data-testid={`exception-${act}-ok`}
        >
          {t(`exception.acts.${act}.action`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
