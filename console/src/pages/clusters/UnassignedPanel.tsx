import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/table/DataTable.tsx';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { SystemPicker, type SystemOption } from '../../components/SystemPicker.tsx';

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
        <DataTable
          id="unassigned"
          title={t('unassigned.title')}
          rows={query.data}
          getRowId={(n) => `${n.cluster}/${n.name}`}
          columns={[
            { field: 'cluster', headerName: t('tenants.cluster'), flex: 1 },
            { field: 'name', headerName: t('tenants.namespace'), flex: 1 },
            {
              field: 'createdAt',
              headerName: t('unassigned.created'),
              flex: 1,
              valueFormatter: (v: string) => f.date(v),
            },
            {
              field: 'assign',
              headerName: t('unassigned.assign'),
              sortable: false,
              filterable: false,
              disableExport: true,
              renderCell: (p) => (
                <span data-testid={`unassigned-${p.row.name}`}>
                  <Button
                    size="small"
                    onClick={() => setTarget({ cluster: p.row.cluster, namespace: p.row.name })}
                  >
                    {t('unassigned.assign')}
                  </Button>
                </span>
              ),
            },
          ]}
        />
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
  const [system, setSystem] = useState<SystemOption | null>(null);
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
            onChange={(e) => {
              setDepartment(e.target.value);
              setSystem(null);
            }}
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
          <SystemPicker
            label={t('unassigned.system')}
            value={system}
            onChange={setSystem}
            department={department || undefined}
            disabled={!department}
            error={!!fieldErrors.system}
            helperText={fieldErrors.system?.join('; ')}
            testId="assign-system"
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('unassigned.cancel')}</Button>
        <Button
          variant="contained"
          disabled={!department || assign.isPending}
          onClick={() => assign.mutate({ ...target, department, system: system?.id })}
          data-testid="assign-confirm"
        >
          {t('unassigned.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
