// The audit log for auditors: who changed what, before and after, whether the chain holds, and
// the CSV export of what is shown.
import { Alert, Button, Stack, TextField } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';

export default function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const [actor, setActor] = useState('');
  const [objectType, setObjectType] = useState('');
  const filter = { ...(actor ? { actor } : {}), ...(objectType ? { objectType } : {}) };
  const rows = useQuery(trpc.audit.list.queryOptions(filter));
  const verify = useQuery(trpc.audit.verify.queryOptions());
  const csv = `/audit.csv?${new URLSearchParams(filter)}`;
  const columns: Column<Outputs['audit']['list'][number]>[] = [
    { field: 'id', headerName: '#', type: 'number', width: 70 },
    {
      field: 'at',
      headerName: t('audit.at'),
      width: 170,
      valueGetter: (_v, r) => new Date(r.at).toISOString(),
      valueFormatter: (v: string) => f.dateTime(v),
    },
    { field: 'actor', headerName: t('audit.actor'), width: 140 },
    {
      field: 'action',
      headerName: t('audit.action'),
      width: 160,
      renderCell: (p) => (
        <span data-testid={`audit-${p.row.id}`} data-action={p.row.action}>
          {p.row.action}
        </span>
      ),
    },
    {
      field: 'object',
      headerName: t('audit.object'),
      width: 200,
      valueGetter: (_v, r) => `${r.objectType} ${r.objectId}`,
    },
    {
      field: 'change',
      headerName: t('audit.change'),
      flex: 1,
      minWidth: 300,
      valueGetter: (_v, r) =>
        [
          r.before !== null && `− ${JSON.stringify(r.before)}`,
          r.after !== null && `+ ${JSON.stringify(r.after)}`,
        ]
          .filter(Boolean)
          .join(' '),
      renderCell: (p) => <span style={{ fontFamily: 'monospace', fontSize: 12 }}>{p.value as string}</span>,
    },
  ];
  return (
    <Page title={t('audit.title')}>
      {verify.data && (
        <Alert severity={verify.data.firstBroken ? 'error' : 'success'} data-testid="audit-verify">
          {verify.data.firstBroken
            ? t('audit.broken', { id: verify.data.firstBroken.id, rows: verify.data.rows })
            : t('audit.intact', { rows: verify.data.rows })}
        </Alert>
      )}
      <Panel>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <TextField
            size="small"
            label={t('audit.actor')}
            value={actor}
            onChange={(e) => setActor(e.target.value)}
          />
          <TextField
            size="small"
            label={t('audit.objectType')}
            value={objectType}
            onChange={(e) => setObjectType(e.target.value)}
          />
          <Button href={csv} variant="outlined" data-testid="audit-csv">
            {t('audit.export')}
          </Button>
        </Stack>
        <Loading query={rows}>
          {(list) => (
            <DataTable
              id="audit"
              title={t('audit.title')}
              rows={list}
              columns={columns}
              height={600}
              initialSort={[{ field: 'id', sort: 'desc' }]}
            />
          )}
        </Loading>
      </Panel>
    </Page>
  );
}
