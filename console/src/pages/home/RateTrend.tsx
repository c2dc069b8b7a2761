// The migration rate's trend against the targets, on the leader's home: the weekly rate from the
// stage history (solid), each target's line from today's rate to its rate on its date (dashed),
// and where the recent pace reaches it (dotted) — dates on the axis, the figures in words beneath.
import { Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { dateAxis } from '../../components/charts.ts';

type Target = Outputs['overview']['get']['targets'][number];

const at = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function RateTrend({ targets }: { targets: Target[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const trend = useQuery(trpc.overview.rateTrend.queryOptions());
  const points = trend.data?.points.filter((p) => p.rate !== null) ?? [];
  if (points.length < 2) return null;
  const today = trend.data!.today;
  const now = points.at(-1)!.rate!;
  // Province-wide targets only: a network's target is measured on that network's systems.
  const shown = targets.filter((g) => !g.network);
  const days = [
    ...new Set([
      ...points.map((p) => p.date),
      ...shown.flatMap((g) => [g.by, ...(g.forecast ? [g.forecast] : [])]),
    ]),
  ].sort();
  const valueOn = (pairs: [string, number][]) => days.map((d) => pairs.find(([x]) => x === d)?.[1] ?? null);
  const series = [
    {
      id: 'rate',
      label: t('trend.rate'),
      data: valueOn(points.map((p) => [p.date, p.rate!])),
      color: '#1565c0',
      showMark: false,
      valueFormatter: (v: number | null) => f.pct(v),
    },
    ...shown.flatMap((g) => [
      {
        id: `target-${g.id}`,
        label: t('trend.target', { name: f.name(g.name) }),
        data: valueOn([
          [today, now],
          [g.by, g.rate],
        ]),
        color: '#c62828',
        connectNulls: true,
        showMark: true,
        valueFormatter: (v: number | null) => f.pct(v),
      },
      ...(g.forecast
        ? [
            {
              id: `forecast-${g.id}`,
              label: t('trend.forecast', { name: f.name(g.name) }),
              data: valueOn([
                [today, now],
                [g.forecast, g.rate],
              ]),
              color: '#6a1b9a',
              connectNulls: true,
              showMark: true,
              valueFormatter: (v: number | null) => f.pct(v),
            },
          ]
        : []),
    ]),
  ];
  return (
    <Panel title={t('trend.title')} testId="rate-trend">
      <LineChart
        height={260}
        xAxis={[dateAxis(days.map(at), (ms) => f.date(new Date(ms).toISOString().slice(0, 10)), 6)]}
        yAxis={[{ min: 0, max: 1, valueFormatter: (v: number) => f.pct(v), width: 56 }]}
        series={series}
        sx={{
          '& .MuiLineElement-root[data-series^="target-"]': { strokeDasharray: '8 4' },
          '& .MuiLineElement-root[data-series^="forecast-"]': { strokeDasharray: '2 3' },
        }}
      />
      <Typography variant="caption" color="text.secondary" component="p" data-testid="rate-trend-words">
        {t('trend.now', { rate: f.pct(now), date: f.date(today) })}
        {shown.map((g) =>
          t('trend.targetWords', {
            name: f.name(g.name),
            rate: f.pct(g.rate),
            by: f.date(g.by),
            forecast: g.forecast ? f.date(g.forecast) : t('overview.never'),
          }),
        )}
      </Typography>
    </Panel>
  );
}
