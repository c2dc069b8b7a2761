import { Alert } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';

/** Says the figures shown are the last good ones, and from when, while a source is down. */
export function StaleNotice({
  sources,
}: {
  sources: { id: string; state: string; lastSyncedAt?: string | undefined }[];
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const stale = sources.filter((s) => s.state !== 'synced');
  if (!stale.length) return null;
  return (
    <Alert severity="warning" data-testid="stale-notice">
      {stale
        .map((s) => t('source.staleFigures', { source: s.id, time: f.dateTime(s.lastSyncedAt) }))
        .join(' ')}
    </Alert>
  );
}
