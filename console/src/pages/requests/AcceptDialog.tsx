// 受理: the data bureau accepts an application into review, or refuses it with a reason.
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { fieldError, type ApiError } from '../../app/api-error.ts';
import { useAfterAct } from './after-act.ts';

export function AcceptDialog({
  request,
  onClose,
}: {
  request: { id: number; version: number; systemName: { zh: string; en: string } | null };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const [comment, setComment] = useState('');
  const accept = useMutation(trpc.requests.accept.mutationOptions(useAfterAct(onClose)));
  const error = accept.error as ApiError | null;
  const send = (decision: 'accept' | 'refuse') =>
    accept.mutate({ id: request.id, version: request.version, decision, comment });
  const onField = fieldError(error, 'comment');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="accept-dialog">
      <DialogTitle>{t('requests.acceptTitle', { system: f.name(request.systemName) })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && !onField && (
            <Alert severity="error" data-testid="accept-error">
              {error.message}
            </Alert>
          )}
          <TextField
            label={t('requests.comment')}
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              accept.reset();
            }}
            multiline
            minRows={2}
            error={!!onField}
            helperText={onField ?? t('requests.acceptHint')}
            slotProps={{ htmlInput: { 'data-testid': 'accept-comment' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('requests.cancel')}</Button>
        <Button
          color="error"
          onClick={() => send('refuse')}
          disabled={accept.isPending}
          data-testid="accept-refuse"
        >
          {t('requests.refuse')}
        </Button>
        <Button
          variant="contained"
          onClick={() => send('accept')}
          disabled={accept.isPending}
          data-testid="accept-do"
        >
          {t('requests.acceptDo')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
