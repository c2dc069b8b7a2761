import { Box, Stack, Tooltip, Typography } from '@mui/material';

export interface Layer {
  key: string;
  label: string;
  value: number;
  color: string;
}

/**
 * One horizontal bar: the full width is `total` (allocatable, or the quota), the layers are
 * drawn over it from the largest down, so "used" sits inside "requested" inside "allocatable".
 * A layer beyond the total (an over-committed quota) is capped and drawn in the warning colour.
 */
export function UsageBar({
  total,
  layers,
  format,
  testId,
  label,
}: {
  total: number | null;
  layers: Layer[];
  format: (v: number) => string;
  testId?: string;
  label: string;
}) {
  const scale = Math.max(total ?? 0, ...layers.map((l) => l.value), 1e-9);
  const sorted = [...layers].sort((a, b) => b.value - a.value);
  return (
    <Stack spacing={0.5} data-testid={testId}>
      <Box
        role="img"
        aria-label={`${label}: ${layers.map((l) => `${l.label} ${format(l.value)}`).join(', ')}${total !== null ? ` / ${format(total)}` : ''}`}
        sx={{ position: 'relative', height: 14, bgcolor: 'grey.200', borderRadius: 1, overflow: 'hidden' }}
      >
        {total !== null && total < scale && (
          <Box
            sx={{
              position: 'absolute',
              left: `${(total / scale) * 100}%`,
              top: 0,
              bottom: 0,
              width: 2,
              bgcolor: 'error.main',
            }}
          />
        )}
        {sorted.map((l) => (
          <Tooltip key={l.key} describeChild title={`${l.label}: ${format(l.value)}`}>
            <Box
              data-layer={l.key}
              data-value={l.value}
              sx={{
                position: 'absolute',
                left: 0,
                top: 0,
                bottom: 0,
                width: `${(l.value / scale) * 100}%`,
                bgcolor: total !== null && l.value > total ? 'warning.main' : l.color,
              }}
            />
          </Tooltip>
        ))}
      </Box>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 1.5 }}>
        <Typography variant="caption" sx={{ fontWeight: 600 }}>
          {label}
        </Typography>
        {layers.map((l) => (
          <Typography key={l.key} variant="caption" color="text.secondary">
            <Box
              component="span"
              sx={{ display: 'inline-block', width: 8, height: 8, bgcolor: l.color, mr: 0.5 }}
            />
            {l.label} {format(l.value)}
          </Typography>
        ))}
        {total !== null && (
          <Typography variant="caption" color="text.secondary">
            / {format(total)}
          </Typography>
        )}
      </Stack>
    </Stack>
  );
}

export const LAYER_COLORS = {
  requested: '#90caf9',
  quotaUsed: '#90caf9',
  usage: '#0b4f9c',
  allocation: '#bbdefb',
};
