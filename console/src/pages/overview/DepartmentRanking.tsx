import { LinearProgress, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import type { Overview } from './OverviewPage.tsx';

type Department = Overview['departments'][number];

/** Top-level departments by migration rate, each linking to its systems. */
export default function DepartmentRanking({ departments }: { departments: Department[] }) {
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
      // Counted apart by an approved exception (不上云例外): the server's figure, shown as it is.
      field: 'excepted',
      headerName: t('exception.rankingColumn'),
      type: 'number',
      valueGetter: (_v, d) => d.rollup.excepted,
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
