// What the viewer may do to the request now, as the server lists it (`actions`): amend or withdraw
// it while undecided, accept or review it at their level, confirm its test or its trial run for
// their party, release its resources. Each act is asked about once; the server's refusal is shown
// in the dialog, in words.
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { fieldError, numberOf, type ApiError } from '../../app/api-error.ts';
import { AcceptDialog } from './AcceptDialog.tsx';
import { DecideDialog } from './RequestsPage.tsx';
import { useAfterAct } from './after-act.ts';

type RequestPage = Outputs['requests']['get'];
type Act = RequestPage['actions'][number];

/** The words of an act's dialog and button. */
const WORDS: Record<
  'withdraw' | 'release' | 'passTest' | 'confirmTrial',
  { title: string; what: string; button: string }
> = {
  withdraw: { title: 'request.withdrawTitle', what: 'request.withdrawWhat', button: 'request.withdraw' },
  release: { title: 'request.releaseTitle', what: 'request.releaseWhat', button: 'request.release' },
  passTest: { title: 'request.passTestTitle', what: 'request.passTestWhat', button: 'request.passTest' },
  confirmTrial: {
    title: 'request.confirmTrialTitle',
    what: 'request.confirmTrialWhat',
    button: 'request.confirmTrial',
  },
};
const BUTTON: Record<Act, string> = {
  amend: 'request.amend',
  withdraw: 'request.withdraw',
  accept: 'requests.accept',
  decide: 'requests.decide',
  passTest: 'request.passTest',
  confirmTrial: 'request.confirmTrial',
  release: 'request.release',
};

export function RequestActions({ request: r }: { request: RequestPage }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [open, setOpen] = useState<Act | null>(null);
  const done = useAfterAct(() => setOpen(null));
  const withdraw = useMutation(trpc.requests.withdraw.mutationOptions(done));
  const release = useMutation(trpc.requests.release.mutationOptions(done));
  const passTest = useMutation(trpc.requests.passTest.mutationOptions(done));
  const confirmTrial = useMutation(trpc.requests.confirmTrial.mutationOptions(done));
  const send: Record<
    keyof typeof WORDS,
    { m: { isPending: boolean; error: unknown }; go: (comment: string) => void }
  > = {
    withdraw: {
      m: withdraw,
      go: (c) => withdraw.mutate({ id: r.id, version: r.version, comment: c || undefined }),
    },
    release: { m: release, go: (c) => release.mutate({ id: r.id, version: r.version, comment: c }) },
    passTest: { m: passTest, go: (c) => passTest.mutate({ id: r.id, version: r.version, comment: c }) },
    confirmTrial: {
      m: confirmTrial,
      go: (c) => confirmTrial.mutate({ id: r.id, version: r.version, comment: c }),
    },
  };
  if (!r.actions.length) return null;
  const dialog = open && open in WORDS ? (open as keyof typeof WORDS) : null;
  const err = dialog ? (send[dialog].m.error as ApiError | null) : null;
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ flexWrap: 'wrap', alignItems: 'center' }}
      data-testid="request-actions"
    >
      {r.actions.map((a) => (
        <Button
          key={a}
          variant={a === 'withdraw' || a === 'release' ? 'outlined' : 'contained'}
          color={a === 'withdraw' ? 'warning' : 'primary'}
          onClick={() => setOpen(a)}
          data-testid={`request-${a}`}
        >
          {t(BUTTON[a])}
        </Button>
      ))}
      {r.party && r.actions.includes('confirmTrial') && (
        <Typography variant="body2" color="text.secondary">
          {t('request.youAre', { party: t(`request.parties.${r.party}`) })}
        </Typography>
      )}
      {dialog && (
        <ConfirmAction
          testId={`ask-${dialog}`}
          title={t(WORDS[dialog].title)}
          what={t(WORDS[dialog].what)}
          action={t(WORDS[dialog].button)}
          busy={send[dialog].m.isPending}
          error={err ? (fieldError(err, 'comment') ?? err.message) : null}
          onClose={() => setOpen(null)}
          onConfirm={send[dialog].go}
        />
      )}
      {open === 'accept' && <AcceptDialog request={r} onClose={() => setOpen(null)} />}
      {open === 'decide' && <DecideDialog request={r} onClose={() => setOpen(null)} />}
      {open === 'amend' && <AmendDialog request={r} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

/** Changes what an undecided request asks for: it is accepted and reviewed again. */
function AmendDialog({ request: r, onClose }: { request: RequestPage; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const amend = useMutation(trpc.requests.amend.mutationOptions(useAfterAct(onClose)));
  const error = amend.error as ApiError | null;
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    amend.mutate({
      id: r.id,
      version: r.version,
      cpu: numberOf(form, 'cpu') ?? 0,
      memoryGiB: numberOf(form, 'memoryGiB') ?? 0,
      storageGiB: numberOf(form, 'storageGiB') ?? 0,
      reason: String(form.get('reason') ?? ''),
    });
  };
  const fields = ['cpu', 'memoryGiB', 'storageGiB'] as const;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="amend-dialog">
      <DialogTitle>{t('request.amendTitle')}</DialogTitle>
      <DialogContent>
        <Stack
          component="form"
          id="amend-form"
          spacing={2}
          sx={{ pt: 1 }}
          onSubmit={submit}
          onInput={() => amend.reset()}
        >
          <Typography variant="body2">{t('request.amendWhat')}</Typography>
          {error && !Object.keys(error.data?.fieldErrors ?? {}).length && (
            <Alert severity="error">{error.message}</Alert>
          )}
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            {fields.map((k) => (
              <TextField
                key={k}
                name={k}
                type="number"
                size="small"
                label={t(`requests.${k}`)}
                defaultValue={r[k]}
                error={!!fieldError(error, k)}
                helperText={fieldError(error, k)}
                slotProps={{ htmlInput: { min: 0, step: 'any', 'data-testid': `amend-${k}` } }}
              />
            ))}
          </Stack>
          <TextField
            name="reason"
            label={t('requests.reason')}
            defaultValue={r.reason}
            multiline
            minRows={2}
            error={!!fieldError(error, 'reason')}
            helperText={fieldError(error, 'reason')}
            slotProps={{ htmlInput: { 'data-testid': 'amend-reason' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('requests.cancel')}</Button>
        <Button
          type="submit"
          form="amend-form"
          variant="contained"
          disabled={amend.isPending}
          data-testid="amend-save"
        >
          {t('request.amendSave')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
