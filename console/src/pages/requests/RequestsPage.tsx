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
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { WhyNotButton } from '../../app/PageGuard.tsx';
import { PoolsPanel } from './PoolsPanel.tsx';
import { AcceptDialog } from './AcceptDialog.tsx';
import { useClockText } from './step-clock.ts';
import { useFormat } from '../../app/format.ts';
import { SystemPicker, type SystemOption } from '../../components/SystemPicker.tsx';
import { useCan } from '../../app/session.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { fieldError, numberOf, type ApiError } from '../../app/api-error.ts';

type Request = Outputs['requests']['list'][number];
type Kind = Request['kind'];
const KINDS: readonly Kind[] = ['new', 'change', 'exit'];

export const STATUS_COLOR: Record<string, 'warning' | 'success' | 'error' | 'info'> = {
  pending: 'warning',
  approved: 'info',
  live: 'success',
  rejected: 'error',
  withdrawn: 'info',
  released: 'info',
  expired: 'error',
};

export default function RequestsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const can = useCan();
  const list = useQuery(trpc.requests.list.queryOptions({}));
  const [deciding, setDeciding] = useState<{ request: Request; act: 'accept' | 'decide' } | null>(null);
  return (
    <Page title={t('requests.title')}>
      {can('requests.create') ? (
        <RequestForm />
      ) : (
        <WhyNotButton permission="requests.create" action={t('requests.askAction')} />
      )}
      <Panel title={t('requests.queue')} testId="request-queue">
        {!can('requests.decide') && (
          <WhyNotButton permission="requests.decide" action={t('requests.decideAction')} />
        )}
        <Loading query={list}>
          {(rows) => (
            <RequestTable
              rows={rows}
              onDecide={can('requests.decide') ? (request, act) => setDeciding({ request, act }) : null}
            />
          )}
        </Loading>
      </Panel>
      <PoolsPanel />
      {deciding?.act === 'decide' && (
        <DecideDialog request={deciding.request} onClose={() => setDeciding(null)} />
      )}
      {deciding?.act === 'accept' && (
        <AcceptDialog request={deciding.request} onClose={() => setDeciding(null)} />
      )}
    </Page>
  );
}

export function RequestTable({
  rows,
  onDecide,
}: {
  rows: Request[];
  onDecide: ((r: Request, act: 'accept' | 'decide') => void) | null;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const clock = useClockText();
  if (!rows.length) return <Alert severity="info">{t('requests.none')}</Alert>;
  const columns: Column<Request>[] = [
    {
      field: 'system',
      headerName: t('requests.system'),
      flex: 1,
      minWidth: 220,
      valueGetter: (_v, r) => `${f.name(r.systemName)} (${r.system})`,
      renderCell: (p) => (
        <Link to={`/requests/${p.row.id}`} data-testid={`request-${p.row.id}`} data-status={p.row.status}>
          {p.value as string}
        </Link>
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
      headerName: t('requests.step'),
      width: 260,
      valueGetter: (_v, r) => [t(`requests.steps.${r.step}`), clock(r.clock)].filter(Boolean).join(' · '),
      renderCell: (p) => (
        <span data-testid={`request-${p.row.id}-sla`} data-step={p.row.step}>
          {p.row.overdue ? (
            <Chip size="small" color="error" label={p.value as string} />
          ) : (
            (p.value as string)
          )}
        </span>
      ),
    },
    ...(onDecide
      ? [
          {
            field: 'decide',
            headerName: t('requests.handle'),
            width: 110,
            sortable: false,
            filterable: false,
            disableExport: true,
            renderCell: (p: { row: Request }) => {
              const act = p.row.actions.find((a) => a === 'accept' || a === 'decide');
              return (
                act && (
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => onDecide(p.row, act)}
                    data-testid={`${act}-${p.row.id}`}
                  >
                    {t(`requests.${act}`)}
                  </Button>
                )
              );
            },
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
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const limits = useQuery(trpc.requests.limits.queryOptions());
  const [chosen, setChosen] = useState<SystemOption | null>(null);
  // One id per filled-in form: the same submission twice (a double click) makes one request.
  const [submissionId, setSubmissionId] = useState(() => crypto.randomUUID());
  const [made, setMade] = useState<{ id: number; dueAt: string } | null>(null);
  const [kind, setKind] = useState<Kind>('new');
  const formRef = useRef<HTMLFormElement | null>(null);
  const create = useMutation(
    trpc.requests.create.mutationOptions({
      onSuccess: (r) => {
        setMade({ id: r.id, dueAt: String(r.dueAt) });
        setKind('new');
        formRef.current?.reset();
        setChosen(null);
        setSubmissionId(crypto.randomUUID());
        void queryClient.invalidateQueries({ queryKey: trpc.requests.list.queryKey() });
      },
    }),
  );
  const error = create.error as ApiError | null;
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.isPending) return;
    setMade(null);
    const form = new FormData(e.currentTarget);
    create.mutate({
      system: chosen?.id ?? '',
      network: chosen?.network ?? 'internal',
      // An amount left empty asks for none of it.
      cpu: numberOf(form, 'cpu') ?? 0,
      memoryGiB: numberOf(form, 'memoryGiB') ?? 0,
      storageGiB: numberOf(form, 'storageGiB') ?? 0,
      reason: String(form.get('reason') ?? ''),
      kind,
      filing: String(form.get('filing') ?? '').trim() || undefined,
      submissionId,
    });
  };
  const err = (k: string) => fieldError(error, k);
  const max = limits.data;
  return (
    <Panel title={t('requests.new')} testId="request-form">
      <Grid container spacing={2} component="form" ref={formRef} onSubmit={submit}>
        {made && (
          <Grid size={12}>
            <Alert severity="success" data-testid="request-made" onClose={() => setMade(null)}>
              {t('requests.submitted', { id: made.id, date: f.date(made.dueAt) })}
            </Alert>
          </Grid>
        )}
        <Grid size={{ xs: 12, md: 4 }}>
          <SystemPicker
            label={t('requests.system')}
            value={chosen}
            onChange={setChosen}
            required
            error={!!err('system') || !!err('network')}
            helperText={err('system') ?? err('network')}
            testId="request-system"
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <TextField
            select
            fullWidth
            size="small"
            name="kind"
            label={t('requests.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            helperText={t(`requests.kindHint.${kind}`)}
            slotProps={{ htmlInput: { 'data-testid': 'request-kind' } }}
          >
            {KINDS.map((k) => (
              <MenuItem key={k} value={k}>
                {t(`requests.kinds.${k}`)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <TextField
            fullWidth
            size="small"
            name="filing"
            label={t('requests.filing')}
            error={!!err('filing')}
            helperText={err('filing') ?? t('requests.filingHint')}
            slotProps={{ htmlInput: { maxLength: 64, 'data-testid': 'request-filing' } }}
          />
        </Grid>
        {(['cpu', 'memoryGiB', 'storageGiB'] as const).map((k) => (
          <Grid key={k} size={{ xs: 12, sm: 4, md: 2 }}>
            <TextField
              fullWidth
              size="small"
              name={k}
              type="number"
              label={t(`requests.${k}`)}
              placeholder="0"
              disabled={kind === 'exit'}
              error={!!err(k)}
              helperText={err(k) ?? (max ? t('requests.limit', { max: f.num(max[k]) }) : ' ')}
              slotProps={{
                htmlInput: { min: 0, max: max?.[k], step: 'any', 'data-testid': `request-${k}` },
              }}
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
            helperText={
              err('reason') ??
              (max ? t('requests.reasonLimit', { min: max.reason.min, max: f.num(max.reason.max) }) : ' ')
            }
            slotProps={{ htmlInput: { maxLength: max?.reason.max, 'data-testid': 'request-reason' } }}
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
        {error && (
          <Grid size={12}>
            <Alert severity="error" data-testid="request-error">
              {error.message}
            </Alert>
          </Grid>
        )}
      </Grid>
    </Panel>
  );
}

type Amounts = { cpu: number; memoryGiB: number; storageGiB: number };
const AMOUNTS = ['cpu', 'memoryGiB', 'storageGiB'] as const;

export function DecideDialog({ request, onClose }: { request: Request; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const queryClient = useQueryClient();
  // What the system holds now, beside what it asks for: the operator decides against both.
  const quotas = useQuery(trpc.capacity.quotas.queryOptions(undefined, { enabled: can('quotas.read') }));
  const quota =
    quotas.data?.configured === true
      ? quotas.data.systems.find((s) => s.system === request.system && s.network === request.network)
      : undefined;
  // Approving less than asked is done on purpose: it is confirmed first.
  const [less, setLess] = useState<Amounts | null>(null);
  const decide = useMutation(
    trpc.requests.decide.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.requests.list.queryKey() });
        onClose();
      },
      onError: () => {
        setLess(null);
        void queryClient.invalidateQueries({ queryKey: trpc.requests.list.queryKey() });
      },
    }),
  );
  const error = decide.error as ApiError | null;
  const send = (decision: 'approve' | 'reject', adjusted?: Partial<Amounts>) =>
    decide.mutate({
      id: request.id,
      version: request.version,
      decision,
      comment: String(new FormData(formRef.current!).get('comment') ?? ''),
      ...(adjusted ? { adjusted: adjusted as Amounts } : {}),
    });
  const approve = () => {
    const form = new FormData(formRef.current!);
    const adjusted = Object.fromEntries(AMOUNTS.map((k) => [k, numberOf(form, k)])) as Partial<Amounts>;
    // An empty amount goes as missing: the server says so on the field, never approves zero.
    const complete = AMOUNTS.every((k) => adjusted[k] !== undefined && !Number.isNaN(adjusted[k]));
    if (complete && AMOUNTS.some((k) => adjusted[k]! < request[k])) {
      decide.reset();
      setLess(adjusted as Amounts);
    } else send('approve', adjusted);
  };
  const formRef = useRef<HTMLFormElement | null>(null);
  const quotaText = (k: (typeof AMOUNTS)[number]) => {
    if (k === 'storageGiB' || !quota) return null;
    const hard = k === 'cpu' ? quota.figures.cpu.quotaHard : quota.figures.memory.quotaHard;
    if (!hard) return t('requests.noQuota');
    return t('requests.quotaNow', { amount: k === 'cpu' ? f.cores(hard) : f.bytes(hard) });
  };
  const message =
    error && (error.data?.code === 'CONFLICT' || !Object.keys(error.data?.fieldErrors ?? {}).length)
      ? error.message
      : null;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('requests.decideTitle', { system: f.name(request.systemName) })}</DialogTitle>
      <DialogContent>
        <Stack
          component="form"
          ref={formRef}
          spacing={2}
          sx={{ pt: 1 }}
          data-testid="decide-form"
          // What the server said was about the values before this edit.
          onInput={() => decide.error && decide.reset()}
        >
          {message && (
            <Alert severity="error" data-testid="decide-error">
              {message}
            </Alert>
          )}
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            {AMOUNTS.map((k) => (
              <TextField
                key={k}
                size="small"
                name={k}
                type="number"
                label={t(`requests.${k}`)}
                defaultValue={request[k]}
                error={!!fieldError(error, `adjusted.${k}`)}
                helperText={
                  fieldError(error, `adjusted.${k}`) ?? (
                    <span data-testid={`decide-${k}-context`}>
                      {t('requests.askedAmount', { amount: f.num(request[k]) })}
                      {quotaText(k) && <br />}
                      {quotaText(k)}
                    </span>
                  )
                }
                // Read-only while the operator confirms: a disabled field would not be sent.
                slotProps={{
                  input: { readOnly: !!less },
                  htmlInput: { min: 0, step: 'any', 'data-testid': `decide-${k}` },
                }}
              />
            ))}
          </Stack>
          <TextField
            size="small"
            name="comment"
            label={t('requests.comment')}
            multiline
            minRows={2}
            error={!!fieldError(error, 'comment')}
            helperText={fieldError(error, 'comment') ?? t('requests.commentHint')}
            slotProps={{ input: { readOnly: !!less }, htmlInput: { 'data-testid': 'decide-comment' } }}
          />
          {less && (
            <Alert severity="warning" data-testid="decide-less">
              {t('requests.confirmLess', {
                items: AMOUNTS.filter((k) => less[k] < request[k])
                  .map((k) =>
                    t('requests.lessItem', {
                      what: t(`requests.${k}`),
                      asked: f.num(request[k]),
                      approved: f.num(less[k]),
                    }),
                  )
                  .join(t('list.separator')),
              })}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {less ? (
          <>
            <Button onClick={() => setLess(null)} data-testid="decide-back">
              {t('requests.back')}
            </Button>
            <Button
              variant="contained"
              color="warning"
              disabled={decide.isPending}
              onClick={() => send('approve', less)}
              data-testid="decide-confirm-less"
            >
              {t('requests.confirmApprove')}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>{t('requests.cancel')}</Button>
            <Button
              color="error"
              disabled={decide.isPending}
              onClick={() => send('reject')}
              data-testid="decide-reject"
            >
              {t('requests.reject')}
            </Button>
            <Button
              variant="contained"
              disabled={decide.isPending}
              onClick={approve}
              data-testid="decide-approve"
            >
              {t('requests.approve')}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
