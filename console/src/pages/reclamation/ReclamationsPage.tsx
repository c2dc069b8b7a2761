// Reclaiming idle resources (闲置资源回收): the proposals in the viewer's scope, open ones first —
// each tenant's quota before and after, the evidence's quantiles, where it stands and the deadline
// in working days. An operator scans Prometheus for idle tenants here; a refusal (a failing or stale
// source) is said in words and nothing is proposed.
import { Alert, Button, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import type { ApiError } from '../../app/api-error.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { Deadline, quotaChange, ReclamationStateChip, type ReclamationRow } from './ReclamationParts.tsx';

export default function ReclamationsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const list = useQuery(trpc.reclamation.list.queryOptions({}));
  const rules = useQuery(trpc.reclamation.rules.queryOptions());
  const [scanned, setScanned] = useState<string | null>(null);
  const scan = useMutation(
    trpc.reclamation.scan.mutationOptions({
      onSuccess: (r) => {
        setScanned(t('reclamation.scanned', { judged: f.num(r.judged), proposed: f.num(r.proposed.length) }));
        void queryClient.invalidateQueries({ queryKey: trpc.reclamation.pathKey() });
      },
    }),
  );
  const columns: Column<ReclamationRow>[] = [
    {
      field: 'id',
      headerName: '#',
      width: 60,
      type: 'number',
      renderCell: (p) => <Link to={`/reclamation/${p.row.id}`}>{p.row.id}</Link>,
    },
    {
      field: 'system',
      headerName: t('reclamation.system'),
      flex: 1,
      minWidth: 150,
      valueGetter: (_v, r) => (r.systemName ? f.name(r.systemName) : r.system),
      renderCell: (p) => (
        <Link to={`/reclamation/${p.row.id}`} data-testid={`reclamation-link-${p.row.namespace}`}>
          {p.value as string}
        </Link>
      ),
    },
    {
      field: 'department',
      headerName: t('reclamation.department'),
      width: 130,
      valueGetter: (_v, r) => (r.departmentName ? f.name(r.departmentName) : r.department),
    },
    {
      field: 'change',
      headerName: t('reclamation.quota'),
      flex: 1.2,
      minWidth: 200,
      valueGetter: (_v, r) => quotaChange(t, f, r),
    },
    {
      field: 'usage',
      headerName: t('reclamation.usage'),
      width: 150,
      valueGetter: (_v, r) =>
        t('reclamation.shares', { cpu: f.pct(r.reading.cpuShare), memory: f.pct(r.reading.memoryShare) }),
    },
    {
      field: 'status',
      headerName: t('reclamation.state'),
      width: 110,
      valueGetter: (_v, r) => t(`reclamation.states.${r.status}`),
      renderCell: (p) => <ReclamationStateChip row={p.row} />,
    },
    {
      field: 'contestBy',
      headerName: t('reclamation.contestBy'),
      width: 190,
      renderCell: (p) => <Deadline row={p.row} />,
    },
  ];
  const may = can('requests.decide');
  const error = scan.error as ApiError | null;
  return (
    <Page title={t('reclamation.title')}>
      <Panel testId="reclamation-panel">
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="reclamation-rule">
          {rules.data &&
            t('reclamation.rule', {
              quantile: f.num(rules.data.quantile * 100),
              days: f.num(rules.data.windowDays),
              share: f.pct(rules.data.idleShare),
              keep: f.num(rules.data.keepHeadroom),
              workingDays: f.num(rules.data.contestWorkingDays),
            })}
        </Typography>
        {may && (
          <Button
            variant="outlined"
            sx={{ mb: 1 }}
            disabled={scan.isPending}
            onClick={() => scan.mutate({})}
            data-testid="reclamation-scan"
          >
            {t('reclamation.scan')}
          </Button>
        )}
        {scanned && (
          <Alert
            severity="success"
            sx={{ mb: 1 }}
            onClose={() => setScanned(null)}
            data-testid="reclamation-scanned"
          >
            {scanned}
          </Alert>
        )}
        {error && (
          <Alert severity="warning" sx={{ mb: 1 }} data-testid="reclamation-scan-refused">
            {error.message}
          </Alert>
        )}
        <Loading query={list}>
          {(rows) =>
            rows.length ? (
              <DataTable
                id="reclamation"
                title={t('reclamation.title')}
                rows={rows}
                columns={columns}
                getRowHeight={() => 'auto'}
              />
            ) : (
              <Typography variant="body2" data-testid="reclamation-none">
                {t('reclamation.none')}
              </Typography>
            )
          }
        </Loading>
      </Panel>
    </Page>
  );
}
