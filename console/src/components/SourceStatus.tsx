import { Chip, Stack, Tooltip } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';

interface Source {
  id: string;
  state: string;
  lastSyncedAt?: string | undefined;
  error?: string | undefined;
}

/** One chip per source; a source that is not synced says so, with when it was last seen. */
export function SourceStatus({ sources }: { sources: Source[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }} data-testid="sources">
      {sources.map((s) => (
        <Tooltip key={s.id} title={s.error ?? t('source.lastSeen', { time: f.dateTime(s.lastSyncedAt) })}>
          <Chip
            size="small"
            variant="outlined"
            color={s.state === 'synced' ? 'success' : s.state === 'connecting' ? 'default' : 'warning'}
            label={`${s.id} · ${t(`source.${s.state}`)}${s.state === 'stale' ? ` · ${t('source.lastSeen', { time: f.dateTime(s.lastSyncedAt) })}` : ''}`}
            data-state={s.state}
          />
        </Tooltip>
      ))}
    </Stack>
  );
}
