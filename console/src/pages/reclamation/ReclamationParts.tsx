// The parts of reclaiming idle resources (闲置资源回收) the list and a proposal's page share: where
// a proposal stands, the quota before and after, and the dialog in which the department accepts or
// contests (a reason required) and the data bureau decides a contest (a comment required). What a
// viewer may do comes from the server (`may`); refusals are the server's, on their fields.
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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { fieldError, type ApiError } from '../../app/api-error.ts';

export type ReclamationRow = Outputs['reclamation']['list'][number];
export type ReclamationAct = 'accept' | 'contest' | 'uphold' | 'withdraw';

const STATE_COLOR: Record<string, 'warning' | 'success' | 'error' | 'info' | 'default'> = {
  proposed: 'warning',
  contested: 'info',
  accepted: 'success',
  lapsed: 'success',
  upheld: 'success',
  withdrawn: 'default',
};

export function ReclamationStateChip({ row }: { row: Pick<ReclamationRow, 'id' | 'status'> }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={STATE_COLOR[row.status] ?? 'default'}
      label={t(`reclamation.states.${row.status}`)}
      data-testid={`reclamation-state-${row.id}`}
      data-state={row.status}
    />
  );
}

/** "8 cores, 16 GiB → 2 cores, 3 GiB". */
export function quotaChange(
  t: ReturnType<typeof useTranslation>['t'],
  f: ReturnType<typeof useFormat>,
  r: Pick<ReclamationRow, 'quota' | 'proposed'>,
) {
  return t('reclamation.change', {
    cpuFrom: f.cores(r.quota.cpu),
    memoryFrom: f.num(r.quota.memoryGiB),
    cpuTo: f.cores(r.proposed.cpu),
    memoryTo: f.num(r.proposed.memoryGiB),
  });
}

/** The deadline in working days (while the department may answer). */
export function Deadline({ row }: { row: ReclamationRow }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (row.status !== 'proposed' || row.workingDaysLeft === null) return <>{f.dateTime(row.contestBy)}</>;
  return (
    <span data-testid={`reclamation-deadline-${row.id}`} data-left={row.workingDaysLeft}>
      {t('reclamation.deadline', { count: row.workingDaysLeft, date: f.dateTime(row.contestBy) })}
    </span>
  );
}

export function ActDialog({
  row,
  act,
  onClose,
  onDone,
}: {
  row: ReclamationRow;
  act: ReclamationAct;
  onClose: () => void;
  onDone: (row: ReclamationRow) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const done = {
    onSuccess: (r: ReclamationRow) => {
      void queryClient.invalidateQueries({ queryKey: trpc.reclamation.pathKey() });
      onDone(r);
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: trpc.reclamation.pathKey() }),
  };
  const accept = useMutation(trpc.reclamation.accept.mutationOptions(done));
  const contest = useMutation(trpc.reclamation.contest.mutationOptions(done));
  const decide = useMutation(trpc.reclamation.decide.mutationOptions(done));
  const m = act === 'accept' ? accept : act === 'contest' ? contest : decide;
  const error = m.error as ApiError | null;
  const field = act === 'contest' ? 'reason' : 'comment';
  const ref = { id: row.id, version: row.version };
  const name = row.systemName ? f.name(row.systemName) : row.system;
  const go = () => {
    const c = text.trim();
    if (act === 'accept') accept.mutate(ref);
    else if (act === 'contest') contest.mutate({ ...ref, reason: c });
    else decide.mutate({ ...ref, decision: act, comment: c });
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid={`reclamation-${act}-dialog`}>
      <DialogTitle>{t(`reclamation.acts.${act}.title`, { system: name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">
            {t(`reclamation.acts.${act}.what`, { system: name, change: quotaChange(t, f, row) })}
          </Typography>
          {row.answerReason && (
            <Typography variant="body2" color="text.secondary">
              {t('reclamation.reasonLine', { by: row.answeredBy, reason: row.answerReason })}
            </Typography>
          )}
          {error && !fieldError(error, field) && (
            <Alert severity="error" data-testid="reclamation-act-error">
              {error.message}
            </Alert>
          )}
          {act !== 'accept' && (
            <TextField
              label={t(act === 'contest' ? 'reclamation.reason' : 'reclamation.comment')}
              required
              multiline
              minRows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
              error={!!fieldError(error, field)}
              helperText={fieldError(error, field) ?? t('reclamation.textHint')}
              slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'reclamation-text' } }}
            />
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('reclamation.cancel')}</Button>
        <Button
          variant="contained"
          color={act === 'accept' || act === 'uphold' ? 'primary' : 'warning'}
          disabled={m.isPending}
          onClick={go}
          data-testid="reclamation-act-confirm"
        >
          {t(`reclamation.acts.${act}.action`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
