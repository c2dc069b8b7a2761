import { Alert, Chip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Panel.tsx';

export default function PlanPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.plan.status.queryOptions());
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
    { field: 'file', headerName: t('plan.file'), flex: 1, minWidth: 160 },
    { field: 'line', headerName: t('plan.line'), type: 'number', width: 70 },
    { field: 'column', headerName: t('plan.column'), type: 'number', width: 70 },
    { field: 'message', headerName: t('plan.message'), flex: 3, minWidth: 300 },
    { field: 'code', headerName: t('plan.code'), width: 160 },
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
              />
            </>
          );
        }}
      </Loading>
    </Page>
  );
}
