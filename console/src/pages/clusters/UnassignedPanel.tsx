import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../../components/Panel.tsx';

/** Operators: namespaces no department claims, and a dialog to assign one. */
export function UnassignedPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.clusters.unassigned.queryOptions());
  const [target, setTarget] = useState<{ cluster: string; namespace: string } | null>(null);
  return (
    <Panel title={t('unassigned.title')} testId="unassigned">
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {t('unassigned.explain')}
      </Typography>
      {query.data?.length === 0 && <Typography variant="body2">{t('unassigned.none')}</Typography>}
      {!!query.data?.length && (
        <Table size="small" aria-label={t('unassigned.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('tenants.cluster')}</TableCell>
              <TableCell>{t('tenants.namespace')}</TableCell>
              <TableCell>{t('unassigned.created')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {query.data.map((n) => (
              <TableRow key={`${n.cluster}/${n.name}`} data-testid={`unassigned-${n.name}`}>
                <TableCell>{n.cluster}</TableCell>
                <TableCell>{n.name}</TableCell>
                <TableCell>{f.date(n.createdAt)}</TableCell>
                <TableCell align="right">
                  <Button size="small" onClick={() => setTarget({ cluster: n.cluster, namespace: n.name })}>
                    {t('unassigned.assign')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {target && <AssignDialog target={target} onClose={() => setTarget(null)} />}
    </Panel>
  );
}

function AssignDialog({
  target,
  onClose,
}: {
  target: { cluster: string; namespace: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const orgs = useQuery(trpc.meta.organisations.queryOptions());
  const [department, setDepartment] = useState('');
  const [system, setSystem] = useState('');
  const systems = useQuery(
    trpc.systems.list.queryOptions(
      { department: department || undefined, limit: 20_000 },
      { enabled: !!department, select: (d) => d.rows },
    ),
  );
  const assign = useMutation(
    trpc.clusters.assign.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries();
        onClose();
      },
    }),
  );
  const fieldErrors =
    (assign.error?.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {};
  return (
    <Dialog open onClose={onClose} aria-labelledby="assign-title" fullWidth>
      <DialogTitle id="assign-title">
        {t('unassigned.dialogTitle', { namespace: target.namespace })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {assign.error && !Object.keys(fieldErrors).length && (
            <Alert severity="error">{assign.error.message}</Alert>
          )}
          <TextField
            select
            label={t('unassigned.department')}
            value={department}
            onChange={(e) => setDepartment(e.target.value)}
            error={!!fieldErrors.department}
            helperText={fieldErrors.department?.join('; ')}
            slotProps={{ htmlInput: { 'data-testid': 'assign-department' } }}
          >
            {(orgs.data ?? [])
              .filter((o) => o.kind !== 'province')
              .map((o) => (
                <MenuItem key={o.id} value={o.id}>
                  {f.name(o.name)}
                </MenuItem>
              ))}
          </TextField>
          <TextField
            select
            label={t('unassigned.system')}
            value={system}
            onChange={(e) => setSystem(e.target.value)}
            disabled={!department}
            error={!!fieldErrors.system}
            helperText={fieldErrors.system?.join('; ')}
          >
            <MenuItem value="">—</MenuItem>
            {(systems.data ?? []).map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {f.name(s.name)}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('unassigned.cancel')}</Button>
        <Button
          variant="contained"
          disabled={!department || assign.isPending}
          onClick={() => assign.mutate({ ...target, department, system: system || undefined })}
          data-testid="assign-confirm"
        >
          {t('unassigned.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
