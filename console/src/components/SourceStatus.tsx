import { Chip, Stack, Tooltip } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { useTechnicalDetail } from '../app/session.ts';

interface Source {
  id: string;
  kind: string;
  state: string;
  cluster?: string | undefined;
  lastSyncedAt?: string | undefined;
  error?: string | undefined;
}

/**
 * One chip per source, named in words (监控, 集群 internal-1); a source that is not synced says so,
 * with when it was last seen. Its address and error are in the tooltip for those who run the
 * platform (useTechnicalDetail).
 */
export function SourceStatus({ sources }: { sources: Source[] }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const technical = useTechnicalDetail();
  const name = (s: Source) => {
    const kind = i18n.exists(`evidenceSource.${s.kind}`) ? t(`evidenceSource.${s.kind}`) : s.kind;
    if (s.cluster) return `${kind} ${s.cluster}`;
    return s.id.startsWith('capacity/') ? t('source.forCapacity', { kind }) : kind;
  };
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }} data-testid="sources">
      {sources.map((s) => {
        const seen = t('source.lastSeen', { time: f.dateTime(s.lastSyncedAt) });
        const detail = technical ? [s.id, s.error ?? seen].join(' · ') : seen;
        return (
          <Tooltip key={s.id} title={detail}>
            <Chip
              size="small"
              variant="outlined"
              color={s.state === 'synced' ? 'success' : s.state === 'connecting' ? 'default' : 'warning'}
              label={`${name(s)} · ${t(`source.${s.state}`)}${s.state === 'stale' ? ` · ${seen}` : ''}`}
              data-state={s.state}
              data-source={s.id}
            />
          </Tooltip>
        );
      })}
    </Stack>
  );
}
