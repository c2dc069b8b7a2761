// The operator's home: what needs doing now. Clusters that are not in sync, drift between the
// code and the clusters, tenants that break the isolation baseline, and the request queue by SLA.
import { Alert, Chip, Grid, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { StaleNotice } from '../../components/StaleNotice.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { DriftSummary } from '../stacks/DriftSummary.tsx';
import { RequestTable } from '../requests/RequestsPage.tsx';
import { SignoffTodo } from './TodoPanels.tsx';

type Tenant = Outputs['clusters']['tenants'][number];
interface Problem {
  key: string;
  tenant: Tenant;
  /** From the server's isolation baseline (MLPS 2.0: access control between tenants). */
  problem: Tenant['baselineProblems'][number];
}

export default function OperatorHome() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const tenants = useQuery(trpc.clusters.tenants.queryOptions({}));
  const pending = useQuery(trpc.requests.list.queryOptions({ status: ['pending'] }));
  return (
    <Page title={t('home.operatorTitle')}>
      <Stack spacing={2} data-testid="home-operator">
        <Loading query={clusters}>{(list) => <ClusterHealth clusters={list} />}</Loading>
        <SignoffTodo list="toConfirm" />
        <DriftSummary />
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, xl: 6 }}>
            <Panel title={t('home.queue')} testId="home-queue">
              <Loading query={pending}>
                {(rows) => (
                  <Stack spacing={1}>
                    <Typography variant="body2" data-testid="home-queue-count">
                      {t('home.queueCount', {
                        pending: rows.length,
                        overdue: rows.filter((r) => r.overdue).length,
                      })}{' '}
                      <Link to="/requests">{t('home.toRequests')}</Link>
                    </Typography>
                    <RequestTable
                      rows={[...rows].sort((a, b) => +new Date(a.dueAt ?? 0) - +new Date(b.dueAt ?? 0))}
                      onDecide={null}
                    />
                  </Stack>
                )}
              </Loading>
            </Panel>
          </Grid>
          <Grid size={{ xs: 12, xl: 6 }}>
            <Panel title={t('home.compliance')} testId="home-compliance">
              <Loading query={tenants}>{(list) => <Compliance tenants={list} />}</Loading>
            </Panel>
          </Grid>
        </Grid>
      </Stack>
    </Page>
  );
}

function ClusterHealth({ clusters }: { clusters: Outputs['clusters']['list'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const sources = clusters.map((c) => ({
    id: c.id,
    state: c.status?.state ?? 'connecting',
    lastSyncedAt: c.status?.lastSyncedAt,
  }));
  const synced = sources.filter((s) => s.state === 'synced').length;
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography variant="body1" data-testid="home-clusters">
          {t('home.clustersSynced', { synced, total: clusters.length })}
        </Typography>
        {clusters.map((c) => (
          <Chip
            key={c.id}
            size="small"
            component={Link}
            to="/clusters"
            clickable
            color={c.status?.state === 'synced' ? 'success' : 'warning'}
            label={`${f.name(c.name)} · ${t(`network.${c.network}`)}`}
          />
        ))}
      </Stack>
      <StaleNotice sources={sources} />
    </Stack>
  );
}

function Compliance({ tenants }: { tenants: Tenant[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows: Problem[] = tenants.flatMap((x) =>
    x.baselineProblems.map((problem) => ({
      key: `${x.cluster}/${x.namespace}/${problem}`,
      tenant: x,
      problem,
    })),
  );
  if (!rows.length)
    return (
      <Alert severity="success" data-testid="home-compliance-ok">
        {t('home.compliant', { count: tenants.length })}
      </Alert>
    );
  const columns: Column<Problem>[] = [
    {
      field: 'problem',
      headerName: t('home.problem'),
      flex: 1,
      minWidth: 180,
      valueGetter: (_v, r) => t(`home.problems.${r.problem}`),
    },
    {
      field: 'namespace',
      headerName: t('tenants.namespace'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, r) => r.tenant.namespace,
      renderCell: (p) => <Link to={`/stacks/tenant/${p.row.tenant.namespace}`}>{p.value as string}</Link>,
    },
    { field: 'cluster', headerName: t('tenants.cluster'), valueGetter: (_v, r) => r.tenant.cluster },
    {
      field: 'department',
      headerName: t('tenants.department'),
      flex: 1,
      valueGetter: (_v, r) =>
        r.tenant.departmentName ? f.name(r.tenant.departmentName) : r.tenant.department,
    },
  ];
  return (
    <Stack spacing={1}>
      <Typography variant="body2" data-testid="home-compliance-count">
        {t('home.problemCount', { count: rows.length })}
      </Typography>
      <DataTable
        id="compliance"
        title={t('home.compliance')}
        rows={rows}
        columns={columns}
        getRowId={(r) => r.key}
      />
    </Stack>
  );
}
