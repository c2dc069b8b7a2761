// One unit's scorecard of a closed month: each indicator with what was measured, the rule that
// scored it (the province's parameters, as the server kept them with the month), its weight and
// score; its sub-units ranked; and its totals month by month.
import { Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { LineChart } from '@mui/x-charts/LineChart';
import type { MonthView } from './ScorecardPage.tsx';

type Row = MonthView['rows'][number];

export function UnitCard({ month, row, onBack }: { month: MonthView; row: Row; onBack: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const trend = useQuery(trpc.scorecards.trend.queryOptions({ unit: row.unit }));
  const rules = month.rules;
  const weights = row.result.indicators.reduce((a, x) => a + x.weight, 0);
  const measured = (id: string, v: number | null) =>
    v === null ? '—' : id === 'security' ? t('scorecard.deductions', { points: f.num(v) }) : f.pct(v);
  const ruleText = (id: string) =>
    t(`scorecard.rule.${id}`, {
      goal: f.pct(rules.efficiencyGoal),
      gate: rules.deductions.gateOrDrift,
      filing: rules.deductions.filingMissing,
      assessment: rules.deductions.assessmentOverdue,
    });
  const children = month.rows.filter((r) => r.parentId === row.unit).sort((a, b) => a.rank - b.rank);
  const points = (trend.data ?? []).filter((p) => p.total !== null);
  return (
    <Stack spacing={2} data-testid={`scorecard-card-${row.unit}`}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline' }}>
        <Typography variant="h4" component="p" data-testid="scorecard-total">
          {row.result.total === null ? t('scorecard.notScored') : f.num(row.result.total)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('scorecard.rank')} {f.num(row.rank)} ·{' '}
          {t('scorecard.coverage', { share: f.pct(row.result.coverage) })}
        </Typography>
        <Button className="no-print" onClick={onBack}>
          {t('scorecard.back')}
        </Button>
      </Stack>
      <Panel>
        <Table
          size="small"
          aria-label={t('scorecard.bulletinUnit', { unit: f.name(row.name), month: month.month })}
        >
          <TableHead>
            <TableRow>
              <TableCell>{t('scorecard.indicatorHead')}</TableCell>
              <TableCell align="right">{t('scorecard.value')}</TableCell>
              <TableCell align="right">{t('scorecard.weight')}</TableCell>
              <TableCell align="right">{t('scorecard.score')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {row.result.indicators.map((x) => (
              <TableRow key={x.id} data-testid={`scorecard-indicator-${x.id}`}>
                <TableCell>
                  <Typography variant="body2">{t(`scorecard.indicator.${x.id}`)}</Typography>
                  <Typography variant="caption" color="text.secondary">
                    {ruleText(x.id)}
                  </Typography>
                </TableCell>
                <TableCell align="right">{measured(x.id, x.value)}</TableCell>
                <TableCell align="right">{f.pct(weights ? x.weight / weights : null)}</TableCell>
                <TableCell align="right" data-testid={`scorecard-score-${x.id}`}>
                  {x.score === null ? t('scorecard.notScored') : f.num(x.score)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Panel>
      {children.length > 0 && (
        <Panel>
          <Table size="small">
            <TableBody>
              {children.map((c) => (
                <TableRow key={c.unit}>
                  <TableCell>
                    <Link to={`?month=${month.month}&unit=${c.unit}`}>{f.name(c.name)}</Link>
                  </TableCell>
                  <TableCell align="right">{c.result.total === null ? '—' : f.num(c.result.total)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Panel>
      )}
      {points.length > 1 && (
        <Panel title={t('scorecard.trend')} testId="scorecard-trend">
          {/* One point per closed month, labelled by month: a time axis would tick between them. */}
          <LineChart
            height={220}
            xAxis={[{ scaleType: 'point', data: points.map((p) => f.month(p.month)), height: 30 }]}
            yAxis={[{ min: 0, max: 100, width: 48 }]}
            series={[
              {
                id: 'total',
                label: t('scorecard.total'),
                data: points.map((p) => p.total),
                color: '#1565c0',
              },
            ]}
          />
          <Typography variant="caption" color="text.secondary">
            {points.map((p) => `${f.month(p.month)} ${f.num(p.total!)}`).join(t('list.separator'))}
          </Typography>
        </Panel>
      )}
    </Stack>
  );
}
