// Leadership's capacity dashboard: how full each network and cluster is, when the plan runs it
// out, 30-day trends, and which departments use what (and what it costs).
import {
  Alert,
  Grid,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { SourceStatus } from '../../components/SourceStatus.tsx';
import { StaleNotice } from '../../components/StaleNotice.tsx';
import { ResourceBars } from '../../components/capacity/ResourceBars.tsx';
import { TrendChart } from '../../components/capacity/TrendChart.tsx';

type Overview = Extract<Outputs['capacity']['overview'], { configured: true }>;
type NetworkCap = Overview['networks'][number];

export default function CapacityPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery(trpc.capacity.overview.queryOptions());
  return (
    <Page title={t('capacity.title')}>
      <Loading query={query}>
        {(o) =>
          !o.configured ? (
            <Alert severity="info">{t('capacity.notConfigured')}</Alert>
          ) : (
            <Stack spacing={2}>
              <StaleNotice sources={o.sources} />
              <SourceStatus sources={o.sources} />
              <Grid container spacing={2}>
                {o.networks.map((n) => (
                  <Grid key={n.network} size={{ xs: 12, lg: 6 }}>
                    <NetworkPanel n={n} />
                  </Grid>
                ))}
              </Grid>
              <Trends />
              <DepartmentRanking o={o} />
            </Stack>
          )
        }
      </Loading>
    </Page>
  );
}

function NetworkPanel({ n }: { n: NetworkCap }) {
  const { t } = useTranslation();
  const f = useFormat();
  const r = n.runOut;
  return (
    <Panel title={t(`network.${n.network}`)} testId={`capacity-network-${n.network}`}>
      <Stack spacing={2}>
        <ResourceBars figures={n.figures} testId={`capacity-${n.network}`} reserved="requested" />
        <Table size="small">
          <TableBody>
            <TableRow>
              <TableCell>{t('capacity.headroom')}</TableCell>
              <TableCell data-testid={`headroom-${n.network}`}>
                {t('capacity.cores', { value: f.cores(n.figures.cpu.headroom ?? 0) })} ·{' '}
                {f.bytes(n.figures.memory.headroom ?? 0)}
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell>{t('capacity.commitment')}</TableCell>
              <TableCell>
                {t('capacity.cpu')} {f.pct(n.figures.cpu.commitment)} · {t('capacity.memory')}{' '}
                {f.pct(n.figures.memory.commitment)}
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell>{t('capacity.efficiency')}</TableCell>
              <TableCell>
                {t('capacity.cpu')} {f.pct(n.figures.cpu.efficiency)} · {t('capacity.memory')}{' '}
                {f.pct(n.figures.memory.efficiency)}
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell>{t('capacity.idle')}</TableCell>
              <TableCell>
                {t('capacity.cores', { value: f.cores(n.figures.cpu.idle ?? 0) })} ·{' '}
                {f.bytes(n.figures.memory.idle ?? 0)}
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell>{t('capacity.plannedDemand')}</TableCell>
              <TableCell>
                {t('capacity.cores', { value: f.cores(r.demand.cpu) })} · {f.bytes(r.demand.memory)}
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
        <Alert
          severity={r.date ? 'warning' : 'success'}
          data-testid={`runout-${n.network}`}
          data-date={r.date ?? ''}
        >
          {r.date
            ? t('capacity.runsOut', {
                date: f.date(r.date),
                resource: t(`capacity.${r.resource}`),
                wave: r.wave,
                cpu: f.cores(r.shortfall.cpu),
                memory: f.bytes(r.shortfall.memory),
              })
            : t('capacity.fits')}
        </Alert>
        <Typography variant="subtitle2">{t('capacity.clusters')}</Typography>
        {n.clusters.map((c) => (
          <Stack key={c.cluster} spacing={0.5} data-testid={`capacity-cluster-${c.cluster}`}>
            <Typography variant="body2">
              {f.name(c.name)}{' '}
              <Typography component="span" variant="caption" color="text.secondary">
                {c.cluster}
              </Typography>
            </Typography>
            <ResourceBars figures={c.figures} testId={`capacity-cluster-${c.cluster}`} reserved="requested" />
          </Stack>
        ))}
      </Stack>
    </Panel>
  );
}

function Trends() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.capacity.trends.queryOptions(undefined, { refetchInterval: 300_000 }));
  const day = (ms: number) => f.date(new Date(ms).toISOString());
  return (
    <Panel title={t('capacity.trends')} testId="capacity-trends">
      <Loading query={query}>
        {(tr) => (
          <Grid container spacing={2}>
            {tr.trends
              .filter((x) => x.cluster === null)
              .flatMap((x) =>
                (['cpu', 'memory'] as const).map((res) => (
                  <Grid key={`${x.network}-${res}`} size={{ xs: 12, md: 6 }}>
                    <TrendChart
                      testId={`trend-${x.network}-${res}`}
                      title={`${t(`network.${x.network}`)} · ${t(`capacity.${res}`)}`}
                      format={res === 'cpu' ? f.cores : f.bytes}
                      formatDate={day}
                      lines={[
                        {
                          key: 'allocatable',
                          label: t('capacity.allocatable'),
                          color: '#9e9e9e',
                          dashed: true,
                          points: x.points.map((p) => ({ t: p.t, v: p.allocatable[res] })),
                        },
                        {
                          key: 'requested',
                          label: t('capacity.requested'),
                          color: '#42a5f5',
                          points: x.points.map((p) => ({ t: p.t, v: p.requested[res] })),
                        },
                        {
                          key: 'usage',
                          label: t('capacity.used'),
                          color: '#0b4f9c',
                          points: x.points.map((p) => ({ t: p.t, v: p.usage[res] })),
                        },
                      ]}
                    />
                  </Grid>
                )),
              )}
          </Grid>
        )}
      </Loading>
    </Panel>
  );
}

function DepartmentRanking({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cost = new Map(o.showback?.departments.map((d) => [d.id, d]));
  const money = (v: number) => (o.showback ? f.money(v, o.showback.currency) : '—');
  return (
    <Panel title={t('capacity.ranking')} testId="capacity-ranking">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('capacity.department')}</TableCell>
            <TableCell align="right">{t('capacity.cpuUsed')}</TableCell>
            <TableCell align="right">{t('capacity.cpuRequested')}</TableCell>
            <TableCell align="right">{t('capacity.efficiency')}</TableCell>
            <TableCell align="right">{t('capacity.memoryUsed')}</TableCell>
            {o.showback && <TableCell align="right">{t('capacity.monthlyCost')}</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {o.departments.map((d) => (
            <TableRow key={d.department} data-testid={`rank-${d.department}`}>
              <TableCell>{f.name(d.name)}</TableCell>
              <TableCell align="right" data-testid={`rank-${d.department}-cpu`}>
                {f.cores(d.figures.cpu.usage)}
              </TableCell>
              <TableCell align="right">{f.cores(d.figures.cpu.requested)}</TableCell>
              <TableCell align="right">{f.pct(d.figures.cpu.efficiency)}</TableCell>
              <TableCell align="right">{f.bytes(d.figures.memory.usage)}</TableCell>
              {o.showback && <TableCell align="right">{money(cost.get(d.department)?.total ?? 0)}</TableCell>}
            </TableRow>
          ))}
          {o.showback && (
            <>
              <TableRow>
                <TableCell colSpan={5}>{t('capacity.platformLine')}</TableCell>
                <TableCell align="right">{money(o.showback.platform.total)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell colSpan={5}>{t('capacity.unassignedLine')}</TableCell>
                <TableCell align="right">{money(o.showback.unassigned.total)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell colSpan={5}>
                  <strong>{t('capacity.totalCost')}</strong>
                </TableCell>
                <TableCell align="right" data-testid="showback-total">
                  <strong>{money(o.showback.total)}</strong>
                </TableCell>
              </TableRow>
            </>
          )}
        </TableBody>
      </Table>
      {o.showback && (
        <Typography variant="caption" color="text.secondary">
          {t('capacity.showbackNote', { hours: o.showback.hoursPerMonth })}
        </Typography>
      )}
    </Panel>
  );
}
