// A wave's burn-up: systems migrated by date, from the wave's start to today (past its end, so
// late systems count and the line ends at the figure shown beside it), with the planned end marked.
import { Typography } from '@mui/material';
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine';
import { LineChart } from '@mui/x-charts/LineChart';
import { dateAxis } from '../../components/charts.ts';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';

type Wave = Outputs['waves']['list'][number];

/** Midnight UTC of a plan date, as the server counts days. */
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function WaveBurnUp({ wave }: { wave: Wave }) {
  const { t } = useTranslation();
  const f = useFormat();
  const points = wave.burnUp;
  if (points.length < 2) return null;
  const last = points.at(-1)!;
  const end = dayMs(wave.end);
  const times = points.map((p) => dayMs(p.date));
  const day = (ms: number) => f.date(new Date(ms).toISOString().slice(0, 10));
  return (
    <>
      <LineChart
        height={170}
        xAxis={[dateAxis(times, day, 4)]}
        yAxis={[{ min: 0, tickMinStep: 1, valueFormatter: (v: number) => f.num(v), width: 40 }]}
        series={[
          {
            data: points.map((p) => p.migrated),
            label: t('waves.burnUp'),
            showMark: false,
            area: true,
            valueFormatter: (v: number | null) => (v === null ? '—' : f.num(v)),
          },
        ]}
        hideLegend
      >
        {end > times[0]! && end < times.at(-1)! && (
          <ChartsReferenceLine
            x={end}
            labelAlign="start"
            label={t('waves.plannedEnd')}
            lineStyle={{ strokeDasharray: '4 4' }}
          />
        )}
      </LineChart>
      <Typography
        variant="caption"
        color="text.secondary"
        data-testid={`wave-burnup-${wave.id}`}
        data-migrated={last.migrated}
      >
        {t('waves.burnUpLast', { date: f.date(last.date), count: last.migrated, end: f.date(wave.end) })}
      </Typography>
    </>
  );
}
