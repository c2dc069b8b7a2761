import {
  Alert,
  Chip,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Panel.tsx';

export default function PlanPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.plan.status.queryOptions());
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
              <TableContainer component={Paper} variant="outlined">
                <Table size="small" aria-label={t('plan.title')}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('plan.severity')}</TableCell>
                      <TableCell>{t('plan.file')}</TableCell>
                      <TableCell>{t('plan.line')}</TableCell>
                      <TableCell>{t('plan.column')}</TableCell>
                      <TableCell>{t('plan.message')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody data-testid="plan-problems">
                    {s.problems.map((p, i) => (
                      <TableRow key={i}>
                        <TableCell>
                          <Chip
                            size="small"
                            color={p.severity === 'error' ? 'error' : 'warning'}
                            label={t(`plan.${p.severity}`)}
                          />
                        </TableCell>
                        <TableCell>{p.file}</TableCell>
                        <TableCell>{p.line}</TableCell>
                        <TableCell>{p.column}</TableCell>
                        <TableCell>
                          {p.message}{' '}
                          <Typography component="span" variant="caption" color="text.secondary">
                            [{p.code}]
                          </Typography>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            </>
          );
        }}
      </Loading>
    </Page>
  );
}
