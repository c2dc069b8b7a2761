// Exceptions (不上云例外) in the viewer's scope, those awaiting a decision first: the data bureau
// approves or rejects each with a comment and may revoke one in force; a department sees its own
// and withdraws a pending one. What each row allows comes from the server (`may`), never guessed.
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { TermHelp } from '../../components/TermHelp.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import {
  ActDialog,
  ExceptionDecisionText,
  ExceptionStateChip,
  type ExceptionAct,
  type ExceptionRow,
} from './ExceptionParts.tsx';

export default function ExceptionsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const list = useQuery(trpc.exceptions.list.queryOptions({}));
  const [acting, setActing] = useState<{ row: ExceptionRow; act: ExceptionAct } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = (row: ExceptionRow, a: ExceptionAct) => (
    <Button
      size="small"
      variant={a === 'approve' ? 'contained' : 'text'}
      color={a === 'approve' ? 'primary' : a === 'withdraw' ? 'inherit' : 'error'}
      onClick={() => setActing({ row, act: a })}
      data-testid={`exception-${a}-${row.id}`}
    >
      {t(`exception.acts.${a}.action`)}
    </Button>
  );
  const columns: Column<ExceptionRow>[] = [
    { field: 'id', headerName: '#', width: 60, type: 'number' },
    {
      field: 'system',
      headerName: t('exception.system'),
      flex: 1,
      minWidth: 150,
      valueGetter: (_v, r) => (r.systemName ? f.name(r.systemName) : r.system),
      renderCell: (p) => <Link to={`/systems/${p.row.system}`}>{p.value as string}</Link>,
    },
    {
      field: 'department',
      headerName: t('exception.department'),
      width: 130,
      valueGetter: (_v, r) => (r.departmentName ? f.name(r.departmentName) : r.department),
    },
    {
      field: 'network',
      headerName: t('exception.network'),
      width: 90,
      valueGetter: (_v, r) => t(`network.${r.network}`),
    },
    {
      field: 'state',
      headerName: t('exception.state'),
      width: 100,
      valueGetter: (_v, r) => t(`exception.states.${r.state}`),
      renderCell: (p) => <ExceptionStateChip row={p.row} />,
    },
    {
      field: 'expiresOn',
      headerName: t('exception.expiresOn'),
      width: 120,
      valueFormatter: (v: string) => f.date(v),
    },
    { field: 'reason', headerName: t('exception.reason'), flex: 1.2, minWidth: 160 },
    {
      field: 'applied',
      headerName: t('exception.applied'),
      width: 150,
      valueGetter: (_v, r) => `${r.appliedBy} · ${f.dateTime(r.appliedAt)}`,
    },
    {
      field: 'decision',
      headerName: t('exception.decision'),
      flex: 1,
      minWidth: 160,
      sortable: false,
      valueGetter: (_v, r) =>
        [r.decidedBy, r.decisionComment, r.closedBy, r.closeComment].filter(Boolean).join(' · '),
      renderCell: (p) => <ExceptionDecisionText row={p.row} />,
    },
    {
      field: 'actions',
      headerName: t('exception.actions'),
      width: 150,
      sortable: false,
      filterable: false,
      disableExport: true,
      renderCell: (p) => (
        <Stack direction="row" spacing={0.5} sx={{ py: 0.5, flexWrap: 'wrap' }}>
          {p.row.may.decide && act(p.row, 'approve')}
          {p.row.may.decide && act(p.row, 'reject')}
          {p.row.may.revoke && act(p.row, 'revoke')}
          {p.row.may.withdraw && act(p.row, 'withdraw')}
          {p.row.status === 'pending' && p.row.mine && !p.row.may.withdraw && (
            <Typography variant="caption">{t('exception.own')}</Typography>
          )}
        </Stack>
      ),
    },
  ];
  return (
    <Page
      title={
        <>
          {t('exception.title')}
          <TermHelp term="exception" />
        </>
      }
    >
      <Panel testId="exceptions-panel">
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('exception.intro')}
        </Typography>
        {done && (
          <Alert severity="success" sx={{ mb: 1 }} onClose={() => setDone(null)} data-testid="exception-done">
            {done}
          </Alert>
        )}
        <Loading query={list}>
          {(rows) =>
            rows.length ? (
              <>
                <Typography variant="body2" sx={{ mb: 1 }} data-testid="exceptions-count">
                  {t('exception.count', {
                    pending: f.num(rows.filter((r) => r.state === 'pending').length),
                    approved: f.num(rows.filter((r) => r.state === 'approved').length),
                    expired: f.num(rows.filter((r) => r.state === 'expired').length),
                  })}
                </Typography>
                <DataTable
                  id="exceptions"
                  title={t('exception.title')}
                  rows={rows}
                  columns={columns}
                  getRowHeight={() => 'auto'}
                />
              </>
            ) : (
              <Typography variant="body2" data-testid="exceptions-none">
                {t('exception.none')}
              </Typography>
            )
          }
        </Loading>
      </Panel>
      {acting && (
        <ActDialog
          row={acting.row}
          act={acting.act}
          onClose={() => setActing(null)}
          onDone={(r) => {
            setActing(null);
            setDone(t(`exception.acts.${acting.act}.done`, { id: r.id }));
          }}
        />
      )}
    </Page>
  );
}
