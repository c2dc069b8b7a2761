import { Alert, Chip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Panel.tsx';
import { useEvidenceText } from '../../app/evidence-text.ts';
import { Link } from 'react-router';

/** The console's words for a problem: schema and YAML problems share one each (the detail says which). */
const problemKey = (code: string) =>
  code.startsWith('schema-') ? 'schema' : code.startsWith('yaml-') ? 'yaml' : code;

export default function PlanPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.plan.status.queryOptions());
  const text = useEvidenceText();
  const columns: Column<Outputs['plan']['status']['problems'][number] & { key: number }>[] = [
    {
      field: 'severity',
      headerName: t('plan.severity'),
      width: 100,
      valueGetter: (_v, p) => t(`plan.${p.severity}`),
      renderCell: (p) => (
        <Chip
          size="small"
          color={p.row.severity === 'error' ? 'error' : 'warning'}
          label={p.value as string}
        />
      ),
    },
    {
      field: 'system',
      headerName: t('plan.system'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, p) => (p.system ? f.name(p.systemName) : ''),
      renderCell: (p) =>
        p.row.system ? (
          <Link to={`/systems/${encodeURIComponent(p.row.system)}`}>{p.value as string}</Link>
        ) : null,
    },
    {
      field: 'department',
      headerName: t('plan.department'),
      flex: 1,
      minWidth: 120,
      valueGetter: (_v, p) =>
        p.department ? (p.departmentName ? f.name(p.departmentName) : p.department) : '',
      renderCell: (p) =>
        p.row.department ? (
          <Link to={`/systems?department=${encodeURIComponent(p.row.department)}`}>{p.value as string}</Link>
        ) : null,
    },
    {
      field: 'message',
      headerName: t('plan.message'),
      flex: 3,
      minWidth: 300,
      valueGetter: (_v, p) => text('plan.problems', { code: problemKey(p.code), params: p.params }),
    },
    {
      field: 'file',
      headerName: t('plan.file'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, p) => `${p.file}:${p.line}:${p.column}`,
    },
    { field: 'code', headerName: t('plan.code'), width: 160 },
    { field: 'detail', headerName: t('plan.detail'), flex: 2, valueGetter: (_v, p) => p.message },
  ];
  return (
    <Page title={t('plan.title')}>
      <Loading query={query}>
        {(s) => {
          const errors = s.problems.filter((p) => p.severity === 'error').length;
          const warnings = s.problems.length - errors;
          return (
            <>
              {s.keptLastGood ? (
                <Alert severity="error" data-testid="plan-kept">
                  {t('plan.keptLastGood', { time: f.dateTime(s.loadedAt) })}
                </Alert>
              ) : s.loadedAt ? (
                <Alert severity={errors ? 'error' : 'success'}>
                  {errors ? t('plan.summary', { errors, warnings }) : t('plan.ok')}
                </Alert>
              ) : (
                <Alert severity="error">{t('plan.noPlan')}</Alert>
              )}
              <Typography variant="body2">
                {t('plan.loadedAt', { time: f.dateTime(s.loadedAt), systems: s.systems })} ·{' '}
                {t('plan.summary', { errors, warnings })}
              </Typography>
              <DataTable
                id="plan-problems"
                title={t('plan.title')}
                rows={s.problems.map((p, i) => ({ ...p, key: i }))}
                getRowId={(p) => p.key}
                columns={columns}
                hiddenColumns={['code', 'detail']}
              />
            </>
          );
        }}
      </Loading>
    </Page>
  );
}
