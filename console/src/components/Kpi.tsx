import { Typography } from '@mui/material';
import { Panel } from './Panel.tsx';

/** One headline figure with its label (and a hint below). */
export function Kpi({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  return (
    <Panel sx={{ height: '100%' }}>
      <Typography variant="body2" color="text.secondary" component="h3">
        {label}
      </Typography>
      <Typography variant="h4" component="p" data-testid={`kpi-${id}`}>
        {value}
      </Typography>
      {hint && (
        <Typography variant="caption" color="text.secondary">
          {hint}
        </Typography>
      )}
    </Panel>
  );
}
