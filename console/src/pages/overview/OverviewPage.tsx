import { Alert, Box, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STAGES } from '../../app/domain.ts';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';
import { Kpi } from '../../components/Kpi.tsx';
import { SourceStatus } from '../../components/SourceStatus.tsx';
import { DriftSummary } from '../stacks/DriftSummary.tsx';
import { useCan } from '../../app/session.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';

type Overview = Outputs['overview']['get'];

export default function OverviewPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.overview.get.queryOptions());
  return <Loading query={query}>{(data) => <OverviewView data={data} />}</Loading>;
}

/** The cloud-wide figures; `children` go right below the headline figures (e.g. capacity). */
export function OverviewView({ data, children }: { data: Overview; children?: React.ReactNode }) {
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
      {children}
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
        <DepartmentRanking departments={depts} />
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

type Department = Overview['departments'][number];

/** Top-level departments by migration rate, each linking to its systems. */
function DepartmentRanking({ departments }: { departments: Department[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns: Column<Department>[] = [
    {
      field: 'name',
      headerName: t('overview.department'),
      flex: 2,
      minWidth: 180,
      valueGetter: (_v, d) => f.name(d.name),
      renderCell: (p) => <Link to={`/systems?department=${p.row.id}`}>{p.value as string}</Link>,
    },
    {
      field: 'total',
      headerName: t('overview.total'),
      type: 'number',
      valueGetter: (_v, d) => d.rollup.total,
    },
    {
      field: 'inScope',
      headerName: t('overview.inScope'),
      type: 'number',
      valueGetter: (_v, d) => d.rollup.inScope,
    },
    {
      field: 'migrated',
      headerName: t('overview.migrated'),
      type: 'number',
      valueGetter: (_v, d) => d.rollup.migrated,
    },
    {
      field: 'rate',
      headerName: t('overview.rate'),
      type: 'number',
      flex: 2,
      minWidth: 200,
      valueGetter: (_v, d) => d.rollup.rate,
      renderCell: (p) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          <LinearProgress
            variant="determinate"
            value={(p.row.rollup.rate ?? 0) * 100}
            sx={{ flexGrow: 1, height: 8, borderRadius: 1 }}
            aria-hidden
          />
          <Typography
            variant="body2"
            data-testid={`dept-rate-${p.row.id}`}
            sx={{ minWidth: 56, textAlign: 'right' }}
          >
            {f.pct(p.row.rollup.rate)}
          </Typography>
        </Stack>
      ),
    },
    {
      field: 'overdue',
      headerName: t('overview.overdue'),
      type: 'number',
      valueGetter: (_v, d) => d.rollup.overdue,
    },
    {
      field: 'blocked',
      headerName: t('overview.blocked'),
      type: 'number',
      valueGetter: (_v, d) => d.rollup.blocked,
    },
  ];
  return (
    <DataTable
      id="departments"
      title={t('overview.byDepartment')}
      rows={departments}
      columns={columns}
      pageSize={100}
    />
  );
}
