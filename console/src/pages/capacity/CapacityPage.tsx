// Leadership's capacity dashboard: how full each network and cluster is, when the plan runs it
// out, 30-day trends, and which departments use what (and what it costs).
import { Alert, Grid, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { TermHelp } from '../../components/TermHelp.tsx';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { SourceStatus } from '../../components/SourceStatus.tsx';
import { StaleNotice } from '../../components/StaleNotice.tsx';
import { ResourceBars } from '../../components/capacity/ResourceBars.tsx';
import { TrendChart } from '../../components/capacity/TrendChart.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';

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
              <TableCell>
                {t('capacity.headroom')}
                <TermHelp term="headroom" />
              </TableCell>
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
              <TableCell>
                {t('capacity.idle')}
                <TermHelp term="idle" />
              </TableCell>
              <TableCell>
                {t('capacity.cores', { value: f.cores(n.figures.cpu.idle ?? 0) })} ·{' '}
                {f.bytes(n.figures.memory.idle ?? 0)}
                {/* Equal figures look like a mistake; say which rule makes them equal. */}
                {n.figures.cpu.idle === n.figures.cpu.headroom &&
                  n.figures.memory.idle === n.figures.memory.headroom && (
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      component="div"
                      data-testid={`idle-note-${n.network}`}
                    >
                      {t('capacity.idleEqualsHeadroom')}
                    </Typography>
                  )}
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
  type Row = Overview['departments'][number];
  const columns: Column<Row>[] = [
    {
      field: 'name',
      headerName: t('capacity.department'),
      flex: 2,
      minWidth: 180,
      valueGetter: (_v, d) => f.name(d.name),
      renderCell: (p) => (
        <Link
          to={`/systems?department=${encodeURIComponent(p.row.department)}`}
          data-testid={`rank-${p.row.department}`}
        >
          {p.value as string}
        </Link>
      ),
    },
    {
      field: 'cpuUsed',
      headerName: t('capacity.cpuUsed'),
      type: 'number',
      flex: 1,
      valueGetter: (_v, d) => d.figures.cpu.usage,
      renderCell: (p) => (
        <span data-testid={`rank-${p.row.department}-cpu`}>{f.cores(p.row.figures.cpu.usage)}</span>
      ),
    },
    {
      field: 'cpuRequested',
      headerName: t('capacity.cpuRequested'),
      type: 'number',
      flex: 1,
      valueGetter: (_v, d) => d.figures.cpu.requested,
      valueFormatter: (v: number) => f.cores(v),
    },
    {
      field: 'efficiency',
      headerName: t('capacity.efficiency'),
      type: 'number',
      flex: 1,
      valueGetter: (_v, d) => d.figures.cpu.efficiency,
      valueFormatter: (v: number | null) => f.pct(v),
    },
    {
      field: 'memoryUsed',
      headerName: t('capacity.memoryUsed'),
      type: 'number',
      flex: 1,
      valueGetter: (_v, d) => d.figures.memory.usage,
      valueFormatter: (v: number) => f.bytes(v),
    },
    ...(o.showback
      ? [
          {
            field: 'cost',
            headerName: t('capacity.monthlyCost'),
            type: 'number',
            flex: 1,
            valueGetter: (_v: unknown, d: Row) => cost.get(d.department)?.total ?? 0,
            valueFormatter: (v: number) => money(v),
          } satisfies Column<Row>,
        ]
      : []),
  ];
  return (
    <Panel title={t('capacity.ranking')} testId="capacity-ranking">
      <DataTable
        id="capacity-ranking"
        title={t('capacity.ranking')}
        rows={o.departments}
        columns={columns}
        getRowId={(d) => d.department}
        pageSize={100}
      />
      {o.showback && (
        <Stack spacing={0.5} sx={{ mt: 1, alignItems: 'flex-end' }}>
          <Typography variant="body2">
            {t('capacity.platformLine')}: {money(o.showback.platform.total)}
          </Typography>
          <Typography variant="body2">
            {t('capacity.unassignedLine')}: {money(o.showback.unassigned.total)}
          </Typography>
          <Typography variant="body2">
            <strong>{t('capacity.totalCost')}</strong>:{' '}
            <strong data-testid="showback-total">{money(o.showback.total)}</strong>
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {o.showback.basis === 'window'
              ? t('capacity.showbackNoteWindow', {
                  days: o.showback.windowDays,
                  hours: o.showback.hoursPerMonth,
                })
              : t('capacity.showbackNote', { hours: o.showback.hoursPerMonth })}
          </Typography>
        </Stack>
      )}
    </Panel>
  );
}
