import { Chip } from '@mui/material';
import { useTranslation } from 'react-i18next';

const STAGE_COLOR: Record<string, 'default' | 'info' | 'primary' | 'secondary' | 'success' | 'warning'> = {
  planned: 'default',
  provisioned: 'info',
  deployed: 'info',
  running: 'primary',
  serving: 'primary',
  'cut-over': 'success',
  migrated: 'success',
  retired: 'default',
  retained: 'default',
};
const HEALTH_COLOR: Record<string, 'success' | 'warning' | 'error' | 'default'> = {
  healthy: 'success',
  degraded: 'warning',
  failing: 'error',
  unknown: 'default',
};

export function StageChip({ stage }: { stage: string }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      color={STAGE_COLOR[stage] ?? 'default'}
      label={t(`stage.${stage}`)}
      variant={stage === 'migrated' ? 'filled' : 'outlined'}
      data-stage={stage}
    />
  );
}

export function HealthChip({ health }: { health: string }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      color={HEALTH_COLOR[health] ?? 'default'}
      label={t(`health.${health}`)}
      variant="outlined"
    />
  );
}
