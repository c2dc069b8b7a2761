import { Stack, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { dateAxis } from '../charts.ts';

export interface Line {
  key: string;
  label: string;
  color: string;
  points: { t: number; v: number }[];
  dashed?: boolean;
}

/** A time series chart with its latest values written out beneath (the chart's text alternative). */
export function TrendChart({
  lines,
  format,
  formatDate,
  title,
  testId,
}: {
  lines: Line[];
  format: (v: number) => string;
  formatDate: (t: number) => string;
  title: string;
  testId?: string;
}) {
  const times = lines[0]?.points.map((p) => p.t) ?? [];
  if (!times.length) return null;
  return (
    <Stack spacing={0.5} data-testid={testId}>
      <Typography variant="subtitle2">{title}</Typography>
      <LineChart
        height={220}
        xAxis={[dateAxis(times, formatDate)]}
        // From zero: a line that starts at 4.5 TiB makes a small change look like a cliff.
        yAxis={[{ min: 0, valueFormatter: (v: number) => format(v), width: 72 }]}
        series={lines.map((l) => ({
          id: l.key,
          label: l.label,
          color: l.color,
          showMark: false,
          data: l.points.map((p) => p.v),
          valueFormatter: (v: number | null) => (v === null ? '—' : format(v)),
        }))}
      />
      <Typography variant="caption" color="text.secondary">
        {formatDate(times.at(-1)!)}:{' '}
        {lines.map((l, i) => (
          <span key={l.key} data-testid={`${testId}-${l.key}`} data-value={l.points.at(-1)?.v}>
            {i > 0 && ' · '}
            {l.label} {format(l.points.at(-1)?.v ?? 0)}
          </span>
        ))}
      </Typography>
    </Stack>
  );
}
