// Department pools (部门资源池): what the data bureau allots each unit per network, and how much of it
// is granted and asked for. The server holds approvals within the pools; this panel shows the
// ledger and, for those who decide requests, sets an allotment (the server says whose it may set).
import {
  Alert,
  Chip,
  Autocomplete,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { fieldError, numberOf, type ApiError } from '../../app/api-error.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';

type Pool = Outputs['requests']['pools'][number];
const RESOURCES = ['cpu', 'memoryGiB', 'storageGiB'] as const;
type Editing = {
  department: string | null;
  network: 'internal' | 'external';
  amounts: Pool['allotted'] | null;
};

export function PoolsPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const pools = useQuery(trpc.requests.pools.queryOptions());
  const [editing, setEditing] = useState<Editing | null>(null);
  /** granted / allotted, and what is asked on top, for one resource. */
  const figure = (p: Pool, r: (typeof RESOURCES)[number]) =>
    t('pools.figure', {
      granted: f.num(p.granted[r]),
      allotted: f.num(p.allotted[r]),
      requested: f.num(p.requested[r]),
      used: f.num(Math.round(p.used[r] * 10) / 10),
    });
  const columns: Column<Pool>[] = [
    {
      field: 'name',
      headerName: t('pools.unit'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, p) => (p.name ? f.name(p.name) : p.department),
    },
    {
      field: 'network',
      headerName: t('pools.network'),
      width: 110,
      valueGetter: (_v, p) => t(`network.${p.network}`),
      renderCell: (p) => (
        <span>
          {p.value as string}
          {p.row.stale && (
            <Chip
              size="small"
              color="warning"
              sx={{ ml: 1 }}
              label={t('pools.usedAsOf', { date: f.dateTime(p.row.stale.lastSyncedAt) })}
            />
          )}
        </span>
      ),
    },
    ...RESOURCES.map((r): Column<Pool> => ({
      field: r,
      headerName: t(`pools.${r}`),
      flex: 1,
      minWidth: 150,
      valueGetter: (_v, p) => figure(p, r),
    })),
    ...(can('requests.decide')
      ? [
          {
            field: 'set',
            headerName: '',
            width: 90,
            sortable: false,
            renderCell: (p: { row: Pool }) => (
              <Button
                size="small"
                onClick={() =>
                  setEditing({
                    department: p.row.department,
                    network: p.row.network as Editing['network'],
                    amounts: p.row.allotted,
                  })
                }
                data-testid={`pool-set-${p.row.department}-${p.row.network}`}
              >
                {t('pools.change')}
              </Button>
            ),
          } as Column<Pool>,
        ]
      : []),
  ];
  return (
    <Panel title={t('pools.title')} testId="pools">
      <Loading query={pools}>
        {(rows) => (
          <Stack spacing={1}>
            {rows.length ? (
              <DataTable
                id="pools-table"
                title={t('pools.title')}
                rows={rows}
                columns={columns}
                getRowId={(p) => `${p.department}/${p.network}`}
              />
            ) : (
              <Alert severity="info">{t('pools.none')}</Alert>
            )}
            {can('requests.decide') && (
              <div>
                <Button
                  variant="outlined"
                  size="small"
                  onClick={() => setEditing({ department: null, network: 'external', amounts: null })}
                  data-testid="pool-new"
                >
                  {t('pools.new')}
                </Button>
              </div>
            )}
          </Stack>
        )}
      </Loading>
      {editing && <AllotmentDialog editing={editing} onClose={() => setEditing(null)} />}
    </Panel>
  );
}

function AllotmentDialog({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const orgs = useQuery(trpc.meta.organisations.queryOptions());
  const [department, setDepartment] = useState<string | null>(editing.department);
  const [network, setNetwork] = useState(editing.network);
  const set = useMutation(
    trpc.requests.setPool.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.requests.pools.queryKey() });
        onClose();
      },
    }),
  );
  const error = set.error as ApiError | null;
  const units = (orgs.data ?? []).filter((o) => o.kind !== 'province');
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    set.mutate({
      department: department ?? '',
      network,
      cpu: numberOf(form, 'cpu')!,
      memoryGiB: numberOf(form, 'memoryGiB')!,
      storageGiB: numberOf(form, 'storageGiB')!,
    });
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('pools.setTitle')}</DialogTitle>
      <form onSubmit={submit} data-testid="pool-form">
        <DialogContent>
          <Stack spacing={2}>
            {error && !Object.keys(error.data?.fieldErrors ?? {}).length && (
              <Alert severity="error">{error.message}</Alert>
            )}
            <Autocomplete
              options={units}
              value={units.find((u) => u.id === department) ?? null}
              onChange={(_e, u) => setDepartment(u?.id ?? null)}
              getOptionLabel={(u) => f.name(u.name)}
              disabled={editing.department !== null}
              renderInput={(params) => (
                <TextField
                  {...params}
                  size="small"
                  label={t('pools.unit')}
                  error={!!fieldError(error, 'department')}
                  helperText={fieldError(error, 'department')}
                  slotProps={{
                    ...params.slotProps,
                    htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'pool-unit' },
                  }}
                />
              )}
            />
            <TextField
              select
              size="small"
              label={t('pools.network')}
              value={network}
              disabled={editing.department !== null}
              onChange={(e) => setNetwork(e.target.value as Editing['network'])}
            >
              {(['internal', 'external'] as const).map((n) => (
                <MenuItem key={n} value={n}>
                  {t(`network.${n}`)}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              {RESOURCES.map((r) => (
                <TextField
                  key={r}
                  size="small"
                  name={r}
                  type="number"
                  required
                  label={t(`pools.${r}`)}
                  defaultValue={editing.amounts?.[r] ?? ''}
                  error={!!fieldError(error, r)}
                  helperText={fieldError(error, r)}
                  slotProps={{ htmlInput: { min: 0, step: 'any', 'data-testid': `pool-${r}` } }}
                />
              ))}
            </Stack>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('pools.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={set.isPending} data-testid="pool-save">
            {t('pools.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
