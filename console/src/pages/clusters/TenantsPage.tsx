import { Chip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useSearchParams } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Panel.tsx';

type Tenant = Outputs['clusters']['tenants'][number];

/** Namespaces across clusters and networks: quotas, workloads and network-policy status. */
export default function TenantsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const cluster = params.get('cluster');
  const columns = useTenantColumns();
  const query = useQuery(
    trpc.clusters.tenants.queryOptions({
      department: params.get('department') ?? undefined,
      system: params.get('system') ?? undefined,
    }),
  );
  return (
    <Page title={t('tenants.title')}>
      <Loading query={query}>
        {(all) => {
          const rows = cluster ? all.filter((x) => x.cluster === cluster) : all;
          if (!rows.length) return <Typography>{t('tenants.none')}</Typography>;
          return (
            <>
              <Typography variant="body2" data-testid="tenants-count">
                {t('tenants.count', { count: rows.length })}
              </Typography>
              <DataTable
                id="tenants"
                title={t('tenants.title')}
                rows={rows}
                columns={columns}
                getRowId={(x) => `${x.cluster}/${x.namespace}`}
                height={640}
              />
            </>
          );
        }}
      </Loading>
    </Page>
  );
}

/** The default-deny part of the server's isolation baseline, in the reader's language. */
const lackingOf = (x: Tenant, t: TFunction) =>
  x.baselineProblems
    .filter((p) => p === 'no-deny-ingress' || p === 'no-deny-egress')
    .map((p) => t(`home.problems.${p}`))
    .join(t('list.separator'));

function useTenantColumns(): Column<Tenant>[] {
  const { t } = useTranslation();
  const f = useFormat();
  return useMemo(
    () => [
      {
        field: 'namespace',
        headerName: t('tenants.namespace'),
        flex: 1,
        minWidth: 200,
        renderCell: (p) => (
          <span data-testid={`tenant-${p.row.namespace}`}>
            {p.row.namespace}{' '}
            {p.row.stale && (
              <Chip
                size="small"
                color="warning"
                data-testid="stale-marker"
                label={t('tenants.stale', { time: f.dateTime(p.row.stale.lastSyncedAt) })}
              />
            )}{' '}
            {lackingOf(p.row, t) && <Chip size="small" color="error" label={lackingOf(p.row, t)} />}
          </span>
        ),
      },
      {
        field: 'cluster',
        headerName: t('tenants.cluster'),
        width: 170,
        valueGetter: (_v, x) => `${x.cluster} · ${t(`network.${x.network}`)}`,
      },
      {
        field: 'department',
        headerName: t('tenants.department'),
        flex: 1,
        minWidth: 140,
        valueGetter: (_v, x) => (x.departmentName ? f.name(x.departmentName) : x.department),
      },
      {
        field: 'system',
        headerName: t('tenants.system'),
        flex: 1,
        minWidth: 140,
        valueGetter: (_v, x) => (x.system ? (x.systemName ? f.name(x.systemName) : x.system) : ''),
        renderCell: (p) =>
          p.row.system ? <Link to={`/systems/${p.row.system}`}>{p.value as string}</Link> : '—',
      },
      {
        field: 'cpu',
        headerName: `CPU ${t('tenants.quota')}`,
        width: 120,
        valueGetter: (_v, x) =>
          x.quota?.hard.cpu !== undefined
            ? `${f.cores(x.quota.used.cpu ?? 0)} / ${f.cores(x.quota.hard.cpu)}`
            : t('tenants.noQuota'),
      },
      {
        field: 'memory',
        headerName: `${t('clusters.memory')} ${t('tenants.quota')}`,
        width: 160,
        valueGetter: (_v, x) =>
          x.quota?.hard.memory !== undefined
            ? `${f.bytes(x.quota.used.memory ?? 0)} / ${f.bytes(x.quota.hard.memory)}`
            : t('tenants.noQuota'),
      },
      {
        field: 'workloads',
        headerName: t('tenants.workloads'),
        width: 110,
        valueGetter: (_v, x) =>
          `${f.num(x.workloads.reduce((n, w) => n + Math.min(w.ready, w.desired), 0))} / ${f.num(
            x.workloads.reduce((n, w) => n + w.desired, 0),
          )}`,
      },
      {
        field: 'policies',
        headerName: t('tenants.policies'),
        width: 200,
        valueGetter: (_v, x) =>
          [
            lackingOf(x, t) || t('tenants.defaultDeny'),
            x.baselineProblems.includes('no-limit-range') ? t('tenants.noLimitRange') : '',
          ]
            .filter(Boolean)
            .join(' · '),
      },
    ],
    [t, f],
  );
}
