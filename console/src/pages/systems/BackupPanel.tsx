// A system's backup evidence per tenant namespace, as the server read it from Velero (schedules,
// the last completed backup, the last restore drill) with the dates the server computed for the
// next of each. Whether that is enough is the server's rule: its gaps are the system's blockers.
import { Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../../components/Panel.tsx';

type Evidence = NonNullable<Outputs['systems']['get']['backups']>[number];

export function BackupPanel({ backups }: { backups: readonly Evidence[] | undefined }) {
  const { t } = useTranslation();
  if (!backups?.length) return null;
  return (
    <Panel sx={{ mt: 2 }} title={t('backup.title')} testId="backups">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('backup.tenant')}</TableCell>
            <TableCell>{t('backup.lastBackup')}</TableCell>
            <TableCell>{t('backup.lastRestoreTest')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {backups.map((b) => (
            <TenantRow key={`${b.cluster}/${b.namespace}`} b={b} />
          ))}
        </TableBody>
      </Table>
    </Panel>
  );
}

function TenantRow({ b }: { b: Evidence }) {
  const { t } = useTranslation();
  const f = useFormat();
  const tenant = `${b.cluster}/${b.namespace}`;
  const tenantCell = (
    <TableCell sx={{ verticalAlign: 'top' }}>
      <Typography variant="body2">{tenant}</Typography>
      {b.velero === 'installed' && (
        <Typography variant="caption" color="text.secondary" component="div">
          {b.schedules.length
            ? b.schedules
                .map((s) => t('backup.schedule', { name: s.name, cron: s.cron }))
                .join(t('list.separator'))
            : t('backup.noSchedule')}
        </Typography>
      )}
    </TableCell>
  );
  if (b.velero !== 'installed')
    return (
      <TableRow data-testid={`backup-${tenant}`}>
        {tenantCell}
        <TableCell colSpan={2}>
          <Typography variant="body2" color="warning.main">
            {t(`backup.velero.${b.velero}`, { error: b.error ?? '' })}
          </Typography>
        </TableCell>
      </TableRow>
    );
  return (
    <TableRow data-testid={`backup-${tenant}`}>
      {tenantCell}
      <TableCell sx={{ verticalAlign: 'top' }}>
        {b.lastBackup ? (
          <Stack>
            <Typography variant="body2" data-testid="last-backup">
              {f.dateTime(b.lastBackup.completedAt)}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {b.lastBackup.name}
              {b.backupDueBy ? ` · ${t('backup.nextBy', { date: f.dateTime(b.backupDueBy) })}` : ''}
            </Typography>
          </Stack>
        ) : (
          <Typography variant="body2">{t('backup.none')}</Typography>
        )}
      </TableCell>
      <TableCell sx={{ verticalAlign: 'top' }}>
        {b.lastRestoreTest ? (
          <Stack>
            <Typography variant="body2" data-testid="last-restore">
              {f.dateTime(b.lastRestoreTest.completedAt)}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {t('backup.fromBackup', { backup: b.lastRestoreTest.backup })}
              {b.restoreTestDueBy ? ` · ${t('backup.nextBy', { date: f.date(b.restoreTestDueBy) })}` : ''}
            </Typography>
          </Stack>
        ) : (
          <Typography variant="body2">{t('backup.none')}</Typography>
        )}
      </TableCell>
    </TableRow>
  );
}
