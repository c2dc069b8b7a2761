import { Stack } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { LAYER_COLORS, UsageBar } from './UsageBar.tsx';

type ResourceFigures = { capacity: number | null; requested: number; quotaUsed: number; usage: number };
type Figures = { cpu: ResourceFigures; memory: ResourceFigures };

/**
 * CPU and memory bars for one level: what is reserved (requests against allocatable, or quota use
 * against the quota) and what is really in use.
 */
export function ResourceBars({
  figures,
  testId,
  reserved,
}: {
  figures: Figures;
  testId: string;
  reserved: 'requested' | 'quotaUsed';
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = reserved === 'requested' ? t('capacity.requested') : t('quotas.reserved');
  const bar = (r: 'cpu' | 'memory') => (
    <UsageBar
      label={t(`capacity.${r}`)}
      testId={`${testId}-${r}`}
      total={figures[r].capacity}
      format={r === 'cpu' ? (v) => t('capacity.cores', { value: f.cores(v) }) : f.bytes}
      layers={[
        { key: reserved, label, value: figures[r][reserved], color: LAYER_COLORS[reserved] },
        { key: 'usage', label: t('capacity.used'), value: figures[r].usage, color: LAYER_COLORS.usage },
      ]}
    />
  );
  return (
    <Stack spacing={1}>
      {bar('cpu')}
      {bar('memory')}
    </Stack>
  );
}
