// A deliberate act (sign, confirm, resolve) is asked about once, with what it will do and room for
// an optional comment that is kept with the record. Nothing happens on the first click.
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmAction({
  title,
  what,
  action,
  busy,
  error,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  /** What the act does, in a sentence. */
  what: string;
  /** The button's word (签署, 确认, 解除). */
  action: string;
  busy: boolean;
  error: string | null;
  onConfirm: (comment: string) => void;
  onClose: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid={testId}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid={`${testId}-error`}>
            {error}
          </Alert>
        )}
        <Typography variant="body2" sx={{ mb: 2 }}>
          {what}
        </Typography>
        <TextField
          fullWidth
          size="small"
          multiline
          minRows={2}
          label={t('confirmAction.comment')}
          helperText={t('confirmAction.commentHint')}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 500, 'data-testid': `${testId}-comment` } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('requests.cancel')}</Button>
        <Button
          variant="contained"
          disabled={busy}
          onClick={() => onConfirm(comment.trim())}
          data-testid={`${testId}-ok`}
        >
          {action}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
