// The audit log for auditors: who changed what, before and after, whether the chain holds, and
// the CSV export of what is shown.
import { Alert, Button, MenuItem, Stack, TextField } from '@mui/material';
import { auditDiff, useAuditChangeText } from './audit-diff.ts';

/** What the trail records changes to. */
const OBJECT_TYPES = [
  'resource-request',
  'signoff',
  'blocker',
  'namespace',
  'user',
  'grant-proposal',
  'session',
] as const;
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
  const { i18n } = useTranslation();
  const [actor, setActor] = useState('');
  const [objectType, setObjectType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Whole days in the reader's time zone: from the start of the first to the end of the last.
  const day = (d: string, end: boolean) =>
    new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString();
  const filter = {
    ...(actor ? { actor } : {}),
    ...(objectType ? { objectType } : {}),
    ...(from ? { from: day(from, false) } : {}),
    ...(to ? { to: day(to, true) } : {}),
  };
  const actionName = (a: string) => (i18n.exists(`audit.actions.${a}`) ? t(`audit.actions.${a}`) : a);
  const objectName = (o: string) => (i18n.exists(`audit.objects.${o}`) ? t(`audit.objects.${o}`) : o);
  const changeText = useAuditChangeText();
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
      valueGetter: (_v, r) => actionName(r.action),
      renderCell: (p) => (
        <span data-testid={`audit-${p.row.id}`} data-action={p.row.action}>
          {p.value as string}
        </span>
      ),
    },
    {
      field: 'object',
      headerName: t('audit.object'),
      width: 200,
      valueGetter: (_v, r) => `${objectName(r.objectType)} ${r.objectId}`,
    },
    {
      field: 'change',
      headerName: t('audit.change'),
      flex: 1,
      minWidth: 300,
      valueGetter: (_v, r) =>
        r.before === null && r.after === null
          ? ''
          : auditDiff(r.before, r.after).map(changeText).join(t('list.separator')),
      renderCell: (p) => (
        <span style={{ fontSize: 12, whiteSpace: 'normal' }} data-testid={`audit-change-${p.row.id}`}>
          {p.row.before === null && p.row.after !== null && `${t('audit.created')} · `}
          {p.row.after === null && p.row.before !== null && `${t('audit.removed')} · `}
          {p.value as string}
        </span>
      ),
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
        <Stack direction="row" sx={{ mb: 2, flexWrap: 'wrap', gap: 2 }}>
          <TextField
            size="small"
            label={t('audit.actor')}
            value={actor}
            onChange={(e) => setActor(e.target.value)}
          />
          <TextField
            select
            size="small"
            label={t('audit.objectType')}
            value={objectType}
            onChange={(e) => setObjectType(e.target.value)}
            sx={{ minWidth: 140 }}
            slotProps={{ htmlInput: { 'data-testid': 'audit-object-type' } }}
          >
            <MenuItem value="">{t('audit.allTypes')}</MenuItem>
            {OBJECT_TYPES.map((o) => (
              <MenuItem key={o} value={o}>
                {objectName(o)}
              </MenuItem>
            ))}
          </TextField>
          {(
            [
              ['from', from, setFrom],
              ['to', to, setTo],
            ] as const
          ).map(([k, v, set]) => (
            <TextField
              key={k}
              size="small"
              type="date"
              label={t(`audit.${k}`)}
              value={v}
              onChange={(e) => set(e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `audit-${k}` } }}
            />
          ))}
          <Button href={csv} variant="outlined" data-testid="audit-csv" title={t('audit.exportHint')}>
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
              // The server's export above is the one: every matching entry, with its hash.
              noExport
            />
          )}
        </Loading>
      </Panel>
    </Page>
  );
}
