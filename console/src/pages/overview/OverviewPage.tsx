import {
  Alert,
  Box,
  Grid,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STAGES } from '../../app/domain.ts';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';
import { SourceStatus } from '../../components/SourceStatus.tsx';
import { DriftSummary } from '../stacks/DriftSummary.tsx';
import { useCan } from '../../app/session.ts';

type Overview = Outputs['overview']['get'];

export default function OverviewPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.overview.get.queryOptions());
  return <Loading query={query}>{(data) => <OverviewView data={data} />}</Loading>;
}

function Kpi({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
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

function OverviewView({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const depts = [...data.departments].sort(
    (a, b) => (b.rollup.rate ?? -1) - (a.rollup.rate ?? -1) || a.id.localeCompare(b.id),
  );
  return (
    <Stack spacing={3}>
      <Stack
        direction="row"
        sx={{ justifyContent: 'space-between', alignItems: 'baseline', flexWrap: 'wrap' }}
      >
        <Typography variant="h5" component="h2">
          {t('overview.title')}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {t('app.computedAt', { time: f.dateTime(data.computedAt) })}
        </Typography>
      </Stack>
      {can('stacks.read') && <DriftSummary />}
      {data.requests.overdue > 0 && (
        <Alert severity="error" data-testid="requests-overdue">
          <Link to="/requests">
            {t('requests.overdueCount', { overdue: data.requests.overdue, pending: data.requests.pending })}
          </Link>
        </Alert>
      )}
      <Grid container spacing={2} columns={{ xs: 12, md: 14 }}>
        <Grid size={{ xs: 6, md: 2 }}>
          <Kpi id="total" label={t('overview.systems')} value={f.num(data.total.total)} />
        </Grid>
        <Grid size={{ xs: 6, md: 2 }}>
          <Kpi id="in-scope" label={t('overview.inScope')} value={f.num(data.total.inScope)} />
        </Grid>
        <Grid size={{ xs: 6, md: 2 }}>
          <Kpi id="migrated" label={t('overview.migrated')} value={f.num(data.total.migrated)} />
        </Grid>
        <Grid size={{ xs: 6, md: 2 }}>
          <Kpi id="rate" label={t('overview.rate')} value={f.pct(data.total.rate)} />
        </Grid>
        <Grid size={{ xs: 6, md: 2 }}>
          <Kpi id="overdue" label={t('overview.overdue')} value={f.num(data.total.overdue)} />
        </Grid>
        <Grid size={{ xs: 6, md: 2 }}>
          <Kpi id="blocked" label={t('overview.blocked')} value={f.num(data.total.blocked)} />
        </Grid>
        <Grid size={{ xs: 6, md: 2 }}>
          <Kpi
            id="on-time"
            label={t('overview.onTimeRate')}
            value={f.pct(data.total.onTimeRate)}
            hint={t('overview.onTimeHint', { onTime: data.total.cutoverOnTime, due: data.total.cutoverDue })}
          />
        </Grid>
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 8 }}>
          <Panel title={t('overview.byStage')}>
            <BarChart
              height={280}
              xAxis={[
                {
                  scaleType: 'band',
                  data: STAGES.map((s) => t(`stage.${s}`)),
                  height: 36,
                  tickLabelInterval: () => true,
                },
              ]}
              series={(['internal', 'external'] as const).map((n) => ({
                label: t(`network.${n}`),
                data: STAGES.map((s) => data.networks[n].byStage[s]),
                stack: 'all',
              }))}
            />
            <Box
              component="ul"
              sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, listStyle: 'none', p: 0, m: 0 }}
              aria-label={t('overview.byStage')}
            >
              {STAGES.map((s) => (
                <li key={s}>
                  <Typography variant="body2">
                    {t(`stage.${s}`)}: <span data-testid={`stage-${s}`}>{f.num(data.total.byStage[s])}</span>
                  </Typography>
                </li>
              ))}
            </Box>
          </Panel>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Panel sx={{ height: '100%' }} title={t('overview.byNetwork')}>
            {(['internal', 'external'] as const).map((n) => (
              <Box key={n} sx={{ my: 2 }}>
                <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                  <Typography>{t(`network.${n}`)}</Typography>
                  <Typography data-testid={`network-rate-${n}`}>{f.pct(data.networks[n].rate)}</Typography>
                </Stack>
                <LinearProgress
                  variant="determinate"
                  value={(data.networks[n].rate ?? 0) * 100}
                  aria-label={`${t(`network.${n}`)} ${f.pct(data.networks[n].rate)}`}
                  sx={{ height: 10, borderRadius: 1 }}
                />
                <Typography variant="caption" color="text.secondary">
                  {f.num(data.networks[n].migrated)} / {f.num(data.networks[n].inScope)}
                </Typography>
              </Box>
            ))}
            {data.targets.length > 0 && (
              <>
                <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
                  {t('overview.targets')}
                </Typography>
                {data.targets.map((tg) => (
                  <Box key={tg.id} sx={{ my: 1 }} data-testid={`target-${tg.id}`}>
                    <Typography variant="body2">
                      {f.name(tg.name)} · {t('overview.due', { date: f.date(tg.by) })}
                    </Typography>
                    <Typography variant="caption" color={tg.onTrack ? 'success.main' : 'error.main'}>
                      {tg.onTrack ? t('overview.onTrack') : t('overview.offTrack')} · {t('overview.forecast')}
                      : {tg.forecast ? f.date(tg.forecast) : t('overview.never')}
                    </Typography>
                  </Box>
                ))}
              </>
            )}
          </Panel>
        </Grid>
      </Grid>
      <Panel title={t('overview.byDepartment')}>
        <Table size="small" aria-label={t('overview.byDepartment')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('overview.department')}</TableCell>
              <TableCell align="right">{t('overview.total')}</TableCell>
              <TableCell align="right">{t('overview.inScope')}</TableCell>
              <TableCell align="right">{t('overview.migrated')}</TableCell>
              <TableCell sx={{ width: '30%' }}>{t('overview.rate')}</TableCell>
              <TableCell align="right">{t('overview.overdue')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {depts.map((d) => (
              <TableRow key={d.id} data-testid={`dept-${d.id}`}>
                <TableCell>
                  <Link to={`/systems?department=${d.id}`}>{f.name(d.name)}</Link>
                </TableCell>
                <TableCell align="right">{f.num(d.rollup.total)}</TableCell>
                <TableCell align="right">{f.num(d.rollup.inScope)}</TableCell>
                <TableCell align="right">{f.num(d.rollup.migrated)}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <LinearProgress
                      variant="determinate"
                      value={(d.rollup.rate ?? 0) * 100}
                      sx={{ flexGrow: 1, height: 8, borderRadius: 1 }}
                      aria-hidden
                    />
                    <Typography
                      variant="body2"
                      data-testid={`dept-rate-${d.id}`}
                      sx={{ minWidth: 56, textAlign: 'right' }}
                    >
                      {f.pct(d.rollup.rate)}
                    </Typography>
                  </Stack>
                </TableCell>
                <TableCell align="right">{f.num(d.rollup.overdue)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Panel>
      <Box>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          {t('overview.sources')}
        </Typography>
        <SourceStatus sources={data.sources} />
      </Box>
    </Stack>
  );
}
