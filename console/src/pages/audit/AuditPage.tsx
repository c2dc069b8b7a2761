// The audit log for auditors: who changed what, before and after, whether the chain holds, and
// the CSV export of what is shown.
import {
  Alert,
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
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
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('audit.at')}</TableCell>
                  <TableCell>{t('audit.actor')}</TableCell>
                  <TableCell>{t('audit.action')}</TableCell>
                  <TableCell>{t('audit.object')}</TableCell>
                  <TableCell>{t('audit.change')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {list.map((r) => (
                  <TableRow key={r.id} data-testid={`audit-${r.id}`} data-action={r.action}>
                    <TableCell>{f.dateTime(r.at.toString())}</TableCell>
                    <TableCell>{r.actor}</TableCell>
                    <TableCell>{r.action}</TableCell>
                    <TableCell>
                      {r.objectType} {r.objectId}
                    </TableCell>
                    <TableCell
                      sx={{ fontFamily: 'monospace', fontSize: 12, maxWidth: 480, wordBreak: 'break-all' }}
                    >
                      {r.before !== null && <div>− {JSON.stringify(r.before)}</div>}
                      {r.after !== null && <div>+ {JSON.stringify(r.after)}</div>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Loading>
      </Panel>
    </Page>
  );
}
