// The change the server found behind a drift row (who, how, when; through whom when the API
// server was told to act as someone else), or that none was recorded. Shown, never re-derived.
import { Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';

export type Cause = Outputs['stacks']['drift']['items'][number]['cause'];

export function useCauseText() {
  const { t } = useTranslation();
  const f = useFormat();
  return (c: Cause) =>
    c
      ? [
          t('stacks.cause.text', {
            user: c.username,
            verb: t(`stacks.cause.verb.${c.verb}`, c.verb),
            at: f.dateTime(c.at),
          }),
          c.via ? t('stacks.cause.via', { user: c.via }) : '',
        ]
          .filter(Boolean)
          .join(' ')
      : t('stacks.cause.none');
}

export function DriftCause({ cause }: { cause: Cause }) {
  const text = useCauseText();
  return (
    <Typography
      variant="caption"
      component="div"
      color={cause ? 'text.primary' : 'text.secondary'}
      sx={{ whiteSpace: 'normal', py: 0.5 }}
      data-testid="drift-cause"
      data-user={cause?.username ?? ''}
      data-via={cause?.via ?? ''}
      data-verb={cause?.verb ?? ''}
    >
      {text(cause)}
    </Typography>
  );
}
