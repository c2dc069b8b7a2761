// Resource requests (资源申请): departments ask for quota, operators decide within the SLA.
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Grid,
  Stack,
  TextField,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { SystemPicker, type SystemOption } from '../../components/SystemPicker.tsx';
import { useCan } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';

type Request = Outputs['requests']['list'][number];
type ApiError = {
  message: string;
  data?: { code?: string; fieldErrors?: Record<string, string[]> | null } | null;
};

const STATUS_COLOR: Record<string, 'warning' | 'success' | 'error' | 'info'> = {
  pending: 'warning',
  approved: 'info',
  live: 'success',
  rejected: 'error',
};

export default function RequestsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const can = useCan();
  const list = useQuery(trpc.requests.list.queryOptions({}));
  const [deciding, setDeciding] = useState<Request | null>(null);
  return (
    <Page title={t('requests.title')}>
      {can('requests.create') && <RequestForm />}
      <Panel title={t('requests.queue')} testId="request-queue">
        <Loading query={list}>
          {(rows) => <RequestTable rows={rows} onDecide={can('requests.decide') ? setDeciding : null} />}
        </Loading>
      </Panel>
      {deciding && <DecideDialog request={deciding} onClose={() => setDeciding(null)} />}
    </Page>
  );
}

export function RequestTable({
  rows,
  onDecide,
}: {
  rows: Request[];
  onDecide: ((r: Request) => void) | null;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!rows.length) return <Alert severity="info">{t('requests.none')}</Alert>;
  const columns: Column<Request>[] = [
    {
      field: 'system',
      headerName: t('requests.system'),
      flex: 1,
      minWidth: 220,
      valueGetter: (_v, r) => `${f.name(r.systemName)} (${r.system})`,
      renderCell: (p) => (
        <span data-testid={`request-${p.row.id}`} data-status={p.row.status}>
          {p.value as string}
        </span>
      ),
    },
    {
      field: 'network',
      headerName: t('systems.network'),
      width: 100,
      valueGetter: (_v, r) => t(`network.${r.network}`),
    },
    { field: 'requestedBy', headerName: t('requests.requestedBy'), width: 120 },
    {
      field: 'requestedAt',
      headerName: t('requests.requestedAt'),
      width: 160,
      valueGetter: (_v, r) => new Date(r.requestedAt).toISOString(),
      valueFormatter: (v: string) => f.dateTime(v),
    },
    {
      field: 'asked',
      headerName: t('requests.asked'),
      width: 200,
      valueGetter: (_v, r) =>
        t('requests.amounts', {
          cpu: f.num(r.cpu),
          memory: f.num(r.memoryGiB),
          storage: f.num(r.storageGiB),
        }),
    },
    {
      field: 'approved',
      headerName: t('requests.approved'),
      width: 200,
      valueGetter: (_v, r) =>
        r.approvedCpu === null
          ? ''
          : t('requests.approvedAmounts', {
              cpu: f.num(r.approvedCpu),
              memory: f.num(r.approvedMemoryGiB ?? 0),
              storage: f.num(r.approvedStorageGiB ?? 0),
            }),
    },
    {
      field: 'reason',
      headerName: t('requests.reason'),
      flex: 1,
      minWidth: 180,
      valueGetter: (_v, r) => (r.comment ? `${r.reason} — ${r.decidedBy}: ${r.comment}` : r.reason),
    },
    {
      field: 'status',
      headerName: t('requests.status'),
      width: 110,
      valueGetter: (_v, r) => t(`requests.statuses.${r.status}`),
      renderCell: (p) => (
        <Chip size="small" color={STATUS_COLOR[p.row.status] ?? 'default'} label={p.value as string} />
      ),
    },
    {
      field: 'sla',
      headerName: t('requests.sla'),
      width: 220,
      valueGetter: (_v, r) =>
        r.workingDaysLeft === null
          ? ''
          : r.overdue
            ? t('requests.overdue', { date: f.dateTime(r.dueAt.toString()) })
            : t('requests.daysLeft', { days: r.workingDaysLeft, date: f.dateTime(r.dueAt.toString()) }),
      renderCell: (p) => (
        <span data-testid={`request-${p.row.id}-sla`}>
          {p.row.overdue ? (
            <Chip size="small" color="error" label={p.value as string} />
          ) : (
            (p.value as string) || '—'
          )}
        </span>
      ),
    },
    ...(onDecide
      ? [
          {
            field: 'decide',
            headerName: t('requests.decide'),
            width: 110,
            sortable: false,
            filterable: false,
            disableExport: true,
            renderCell: (p: { row: Request }) =>
              p.row.status === 'pending' && (
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => onDecide(p.row)}
                  data-testid={`decide-${p.row.id}`}
                >
                  {t('requests.decide')}
                </Button>
              ),
          } satisfies Column<Request>,
        ]
      : []),
  ];
  return (
    <DataTable
      id="requests"
      title={t('requests.title')}
      rows={rows}
      columns={columns}
      initialSort={[{ field: 'requestedAt', sort: 'desc' }]}
      hiddenColumns={['network', 'requestedBy']}
    />
  );
}

function RequestForm() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<SystemOption | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation(
    trpc.requests.create.mutationOptions({
      onSuccess: () => {
        setErrors({});
        setMessage(null);
        void queryClient.invalidateQueries({ queryKey: trpc.requests.list.queryKey() });
      },
      onError: (e: ApiError) => {
        setErrors(e.data?.fieldErrors ?? {});
        setMessage(e.message);
      },
    }),
  );
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    create.mutate({
      system: chosen?.id ?? '',
      network: chosen?.network ?? 'internal',
      cpu: Number(form.get('cpu') || 0),
      memoryGiB: Number(form.get('memoryGiB') || 0),
      storageGiB: Number(form.get('storageGiB') || 0),
      reason: String(form.get('reason') ?? ''),
    });
  };
  const err = (k: string) => errors[k]?.join('; ');
  return (
    <Panel title={t('requests.new')} testId="request-form">
      <Grid container spacing={2} component="form" onSubmit={submit}>
        <Grid size={{ xs: 12, md: 4 }}>
          <SystemPicker
            label={t('requests.system')}
            value={chosen}
            onChange={setChosen}
            required
            error={!!err('system')}
            helperText={err('system')}
            testId="request-system"
          />
        </Grid>
        {(['cpu', 'memoryGiB', 'storageGiB'] as const).map((k) => (
          <Grid key={k} size={{ xs: 4, md: 2 }}>
            <TextField
              fullWidth
              size="small"
              name={k}
              type="number"
              label={t(`requests.${k}`)}
              error={!!err(k)}
              helperText={err(k)}
              slotProps={{ htmlInput: { min: 0, step: 'any', 'data-testid': `request-${k}` } }}
            />
          </Grid>
        ))}
        <Grid size={{ xs: 12, md: 10 }}>
          <TextField
            fullWidth
            size="small"
            name="reason"
            label={t('requests.reason')}
            required
            error={!!err('reason')}
            helperText={err('reason')}
            slotProps={{ htmlInput: { 'data-testid': 'request-reason' } }}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 2 }}>
          <Button
            type="submit"
            variant="contained"
            fullWidth
            disabled={!chosen || create.isPending}
            data-testid="request-submit"
          >
            {t('requests.submit')}
          </Button>
        </Grid>
        {message && (
          <Grid size={12}>
            <Alert severity="error">{message}</Alert>
          </Grid>
        )}
      </Grid>
    </Panel>
  );
}

function DecideDialog({ request, onClose }: { request: Request; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const decide = useMutation(
    trpc.requests.decide.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.requests.list.queryKey() });
        onClose();
      },
      onError: (e: ApiError) => {
        setError(e.data?.code === 'CONFLICT' ? t('requests.conflict', { message: e.message }) : e.message);
        void queryClient.invalidateQueries({ queryKey: trpc.requests.list.queryKey() });
      },
    }),
  );
  const submit = (decision: 'approve' | 'reject', form: HTMLFormElement) => {
    const data = new FormData(form);
    decide.mutate({
      id: request.id,
      version: request.version,
      decision,
      comment: String(data.get('comment') ?? ''),
      ...(decision === 'approve'
        ? {
            adjusted: {
              cpu: Number(data.get('cpu')),
              memoryGiB: Number(data.get('memoryGiB')),
              storageGiB: Number(data.get('storageGiB')),
            },
          }
        : {}),
    });
  };
  const formRef = useRef<HTMLFormElement | null>(null);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('requests.decideTitle', { system: request.system })}</DialogTitle>
      <DialogContent>
        <Stack component="form" ref={formRef} spacing={2} sx={{ pt: 1 }} data-testid="decide-form">
          {error && (
            <Alert severity="error" data-testid="decide-error">
              {error}
            </Alert>
          )}
          <Stack direction="row" spacing={1}>
            <TextField
              size="small"
              name="cpu"
              type="number"
              label={t('requests.cpu')}
              defaultValue={request.cpu}
              slotProps={{ htmlInput: { min: 0, step: 'any', 'data-testid': 'decide-cpu' } }}
            />
            <TextField
              size="small"
              name="memoryGiB"
              type="number"
              label={t('requests.memoryGiB')}
              defaultValue={request.memoryGiB}
              slotProps={{ htmlInput: { min: 0, step: 'any' } }}
            />
            <TextField
              size="small"
              name="storageGiB"
              type="number"
              label={t('requests.storageGiB')}
              defaultValue={request.storageGiB}
              slotProps={{ htmlInput: { min: 0, step: 'any' } }}
            />
          </Stack>
          <TextField
            size="small"
            name="comment"
            label={t('requests.comment')}
            multiline
            minRows={2}
            slotProps={{ htmlInput: { 'data-testid': 'decide-comment' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('requests.cancel')}</Button>
        <Button
          color="error"
          onClick={() => formRef.current && submit('reject', formRef.current)}
          data-testid="decide-reject"
        >
          {t('requests.reject')}
        </Button>
        <Button
          variant="contained"
          onClick={() => formRef.current && submit('approve', formRef.current)}
          data-testid="decide-approve"
        >
          {t('requests.approve')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
