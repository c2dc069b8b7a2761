import { MenuItem, Stack, TextField, Typography } from '@mui/material';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import { CUTOVER, HEALTHS, NETWORKS, STAGES } from '../../app/domain.ts';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Page } from '../../components/Panel.tsx';
import { HealthChip, StageChip } from '../../components/chips.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';

type Row = Outputs['systems']['list']['rows'][number];
type SortField =
  'id' | 'name' | 'department' | 'network' | 'wave' | 'stage' | 'health' | 'blockers' | 'cutover';

/** A yes/no filter from the address (`?blocked=true`); absent or anything else is no filter. */
const flag = (v: string | null) => (v === 'true' ? true : v === 'false' ? false : undefined);

export default function SystemsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const filter = {
    department: params.get('department') || undefined,
    network: (params.get('network') || undefined) as (typeof NETWORKS)[number] | undefined,
    stage: (params.get('stage') || undefined) as (typeof STAGES)[number] | undefined,
    health: (params.get('health') || undefined) as (typeof HEALTHS)[number] | undefined,
    wave: params.get('wave') || undefined,
    search: params.get('q') || undefined,
    blocked: flag(params.get('blocked')),
    overdue: flag(params.get('overdue')),
    inScope: flag(params.get('inScope')),
    cutover: (params.get('cutover') || undefined) as (typeof CUTOVER)[number] | undefined,
  };
  const queryClient = useQueryClient();
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const sort = sortModel[0]
    ? {
        field: sortModel[0].field as SortField,
        dir: sortModel[0].sort === 'desc' ? ('desc' as const) : ('asc' as const),
      }
    : undefined;
  const query = useQuery({
    ...trpc.systems.list.queryOptions({
      ...filter,
      sort,
      offset: pagination.page * pagination.pageSize,
      limit: pagination.pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  const columns = useSystemColumns();
  const orgs = useQuery(trpc.meta.organisations.queryOptions());
  const waves = useQuery(trpc.waves.list.queryOptions());
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPagination((p) => ({ ...p, page: 0 }));
  };
  const select = (
    key: string,
    label: string,
    options: { value: string; label: string }[],
    value?: string,
  ) => (
    <TextField
      select
      size="small"
      label={label}
      value={value ?? ''}
      onChange={(e) => set(key, e.target.value)}
      sx={{ minWidth: 140 }}
      slotProps={{ htmlInput: { 'data-testid': `filter-${key}` } }}
    >
      <MenuItem value="">{t('systems.all')}</MenuItem>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Page title={t('systems.title')}>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
        <TextField
          size="small"
          label={t('systems.search')}
          defaultValue={filter.search ?? ''}
          onChange={(e) => set('q', e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'filter-search' } }}
        />
        {select(
          'department',
          t('systems.department'),
          (orgs.data ?? [])
            .filter((o) => o.kind !== 'province')
            .map((o) => ({ value: o.id, label: f.name(o.name) })),
          filter.department,
        )}
        {select(
          'network',
          t('systems.network'),
          NETWORKS.map((n) => ({ value: n, label: t(`network.${n}`) })),
          filter.network,
        )}
        {select(
          'wave',
          t('systems.wave'),
          (waves.data ?? []).map((w) => ({ value: w.id, label: f.name(w.name) })),
          filter.wave,
        )}
        {select(
          'stage',
          t('systems.stage'),
          STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })),
          filter.stage,
        )}
        {select(
          'health',
          t('systems.health'),
          HEALTHS.map((h) => ({ value: h, label: t(`health.${h}`) })),
          filter.health,
        )}
        {(['blocked', 'overdue', 'inScope'] as const).map((k) =>
          select(
            k,
            t(`systems.filter.${k}`),
            [
              { value: 'true', label: t(`systems.filter.${k}Yes`) },
              { value: 'false', label: t(`systems.filter.${k}No`) },
            ],
            filter[k] === undefined ? undefined : String(filter[k]),
          ),
        )}
        {select(
          'cutover',
          t('systems.filter.cutover'),
          CUTOVER.map((c) => ({ value: c, label: t(`systems.filter.cutoverIs.${c}`) })),
          filter.cutover,
        )}
      </Stack>
      <Typography variant="body2" data-testid="systems-count" aria-live="polite">
        {query.data ? t('systems.count', { count: query.data.total }) : ''}
      </Typography>
      <DataTable<Row>
        id="systems"
        title={t('systems.title')}
        rows={query.data?.rows ?? []}
        columns={columns}
        loading={query.isFetching && !query.data}
        height={640}
        hiddenColumns={['id', 'mlps', 'strategy']}
        server={{
          total: query.data?.total ?? 0,
          pagination,
          onPagination: setPagination,
          sort: sortModel,
          onSort: setSortModel,
          fetchAll: async () =>
            (await queryClient.fetchQuery(trpc.systems.list.queryOptions({ ...filter, sort, limit: 20_000 })))
              .rows,
        }}
      />
    </Page>
  );
}

function useSystemColumns(): Column<Row>[] {
  const { t } = useTranslation();
  const f = useFormat();
  return useMemo(
    () => [
      {
        field: 'name',
        headerName: t('systems.name'),
        flex: 2,
        minWidth: 200,
        valueGetter: (_v, r) => f.name(r.name),
        renderCell: (p) => (
          <Link to={`/systems/${p.row.id}`} data-testid={`system-link-${p.row.id}`}>
            {p.value as string}
          </Link>
        ),
      },
      { field: 'id', headerName: t('systems.id'), minWidth: 140 },
      {
        field: 'department',
        headerName: t('systems.department'),
        flex: 1,
        minWidth: 140,
        valueGetter: (_v, r) => f.name(r.departmentName),
      },
      {
        field: 'network',
        headerName: t('systems.network'),
        valueGetter: (_v, r) => t(`network.${r.network}`),
      },
      { field: 'wave', headerName: t('systems.wave') },
      {
        field: 'stage',
        headerName: t('systems.stage'),
        width: 120,
        valueGetter: (_v, r) => t(`stage.${r.stage}`),
        renderCell: (p) => <StageChip stage={p.row.stage} />,
      },
      {
        field: 'health',
        headerName: t('systems.health'),
        width: 110,
        valueGetter: (_v, r) => t(`health.${r.health}`),
        renderCell: (p) => <HealthChip health={p.row.health} />,
      },
      {
        field: 'blockers',
        headerName: t('systems.blockers'),
        type: 'number',
        width: 90,
        valueGetter: (_v, r) => r.blockers.length,
      },
      {
        field: 'cutover',
        headerName: t('systems.cutover'),
        width: 130,
        valueFormatter: (v: string | null) => f.date(v),
      },
      { field: 'mlps', headerName: t('systems.mlps'), type: 'number', sortable: false },
      {
        field: 'strategy',
        headerName: t('systems.strategy'),
        sortable: false,
        valueGetter: (_v, r) => t(`strategy.${r.strategy}`),
      },
    ],
    [t, f],
  );
}
