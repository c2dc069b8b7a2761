import { lazy, Suspense } from 'react';
import { Alert, Box, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STAGES } from '../../app/domain.ts';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';
import { HeadlineFigures } from './HeadlineFigures.tsx';
import { SourceStatus } from '../../components/SourceStatus.tsx';
import { DriftSummary } from '../stacks/DriftSummary.tsx';
import { useCan } from '../../app/session.ts';

export type Overview = Outputs['overview']['get'];

// The chart and the ranking table load after the headline figures are on screen.
const StageChart = lazy(() => import('./StageChart.tsx'));
const DepartmentRanking = lazy(() => import('./DepartmentRanking.tsx'));

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
      <HeadlineFigures data={data} />
      {children}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 8 }}>
          <Panel title={t('overview.byStage')}>
            <Suspense fallback={<Box sx={{ height: 280 }} />}>
              <StageChart data={data} />
            </Suspense>
            <Typography variant="caption" color="text.secondary" component="p" data-testid="stage-note">
              {t('overview.stageNote', {
                total: f.num(data.total.total),
                excluded: f.num(data.total.total - data.total.inScope),
              })}
            </Typography>
            <Box
              component="ul"
              sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, listStyle: 'none', p: 0, m: 0 }}
              aria-label={t('overview.byStage')}
            >
              {STAGES.map((s) => (
                <li key={s}>
                  <Typography variant="body2">
                    <Link to={`/systems?stage=${s}`}>
                      {t('overview.stageCount', { stage: t(`stage.${s}`) })}
                      <span data-testid={`stage-${s}`}>{f.num(data.total.byStage[s])}</span>
                    </Link>
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
                  <Link to={`/systems?network=${n}&inScope=true`}>
                    <Typography data-testid={`network-rate-${n}`}>{f.pct(data.networks[n].rate)}</Typography>
                  </Link>
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
                      <Link to={`/systems?inScope=true${tg.network ? `&network=${tg.network}` : ''}`}>
                        {f.name(tg.name)}
                      </Link>{' '}
                      · {t('overview.due', { date: f.date(tg.by) })}
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
        <Suspense fallback={<Box sx={{ height: 400 }} />}>
          <DepartmentRanking departments={depts} />
        </Suspense>
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
