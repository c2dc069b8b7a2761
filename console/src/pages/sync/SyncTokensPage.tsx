// 迁移上报令牌 / Migration tool tokens: the department administrator (or an operator of the unit's
// level) issues a named token for a unit — optionally for some of its systems only — that the
// unit's migration tools push data-sync progress with; the secret is shown once, to copy into the
// tool; tokens are revoked here. The server keeps tokens to the viewer's scope and audits each act.
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { fieldError, numberOf, type ApiError } from '../../app/api-error.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { SystemPicker, type SystemOption } from '../../components/SystemPicker.tsx';

type Token = Outputs['syncTokens']['list'][number];

export default function SyncTokensPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const tokens = useQuery(trpc.syncTokens.list.queryOptions());
  const [revoking, setRevoking] = useState<Token | null>(null);
  return (
    <Page title={t('syncTokens.title')}>
      <Typography variant="body2">{t('syncTokens.intro')}</Typography>
      <IssueToken />
      <Panel title={t('syncTokens.listTitle')} testId="sync-tokens">
        <Loading query={tokens}>
          {(rows) =>
            rows.length ? (
              <TokenTable rows={rows} onRevoke={setRevoking} />
            ) : (
              <Typography variant="body2" data-testid="sync-tokens-none">
                {t('syncTokens.none')}
              </Typography>
            )
          }
        </Loading>
      </Panel>
      {revoking && <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />}
    </Page>
  );
}

function IssueToken() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const units = useQuery(trpc.syncTokens.units.queryOptions());
  const [unit, setUnit] = useState<string | null>(null);
  const [systems, setSystems] = useState<SystemOption[]>([]);
  // The secret stays on screen until dismissed: it is never shown again.
  const [issued, setIssued] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const issue = useMutation(
    trpc.syncTokens.issue.mutationOptions({
      onSuccess: (r) => {
        setIssued({ name: r.token.name, secret: r.secret });
        setCopied(false);
        void queryClient.invalidateQueries({ queryKey: trpc.syncTokens.list.queryKey() });
      },
    }),
  );
  const error = issue.error as ApiError | null;
  const err = (k: string) => fieldError(error, k);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    issue.mutate(
      {
        name: String(form.get('name') ?? '').trim(),
        department: unit ?? '',
        systems: systems.map((s) => s.id),
        expiresInDays: numberOf(form, 'expiresInDays') ?? 90,
      },
      {
        onSuccess: () => {
          (e.target as HTMLFormElement).reset();
          setSystems([]);
        },
      },
    );
  };
  const summary = error && !Object.keys(error.data?.fieldErrors ?? {}).length ? error.message : null;
  return (
    <Panel title={t('syncTokens.issue')} testId="sync-token-issue">
      <Box component="form" onSubmit={submit} noValidate sx={{ mt: 1 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'flex-start' } }}>
          <TextField
            name="name"
            size="small"
            required
            label={t('syncTokens.name')}
            error={!!err('name')}
            helperText={err('name') ?? t('syncTokens.nameHint')}
            slotProps={{
              htmlInput: { maxLength: 64, autoComplete: 'off', 'data-testid': 'sync-token-name' },
            }}
            sx={{ minWidth: 200 }}
          />
          <Box sx={{ flex: 1, minWidth: 220 }}>
            <UnitPicker
              units={units.data ?? []}
              value={unit}
              onChange={(u) => {
                setUnit(u);
                setSystems([]);
              }}
              label={t('syncTokens.unit')}
              required
              error={!!err('department')}
              helperText={err('department') ?? ' '}
              testId="sync-token-unit"
            />
          </Box>
          <Box sx={{ flex: 1, minWidth: 220 }}>
            <SystemPicker
              label={t('syncTokens.addSystem')}
              value={null}
              department={unit ?? undefined}
              disabled={!unit}
              onChange={(s) => s && !systems.some((x) => x.id === s.id) && setSystems([...systems, s])}
              error={!!err('systems')}
              helperText={err('systems') ?? t('syncTokens.systemsHint')}
              testId="sync-token-system"
            />
            <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', mt: 0.5 }}>
              {systems.map((s) => (
                <Chip
                  key={s.id}
                  size="small"
                  label={f.name(s.name)}
                  onDelete={() => setSystems(systems.filter((x) => x.id !== s.id))}
                />
              ))}
            </Stack>
          </Box>
          <TextField
            name="expiresInDays"
            size="small"
            type="number"
            defaultValue={90}
            label={t('syncTokens.expiresInDays')}
            error={!!err('expiresInDays')}
            helperText={err('expiresInDays') ?? ' '}
            slotProps={{ htmlInput: { min: 1, max: 365 } }}
            sx={{ width: 130 }}
          />
          <Button
            type="submit"
            variant="contained"
            disabled={issue.isPending}
            data-testid="sync-token-submit"
          >
            {t('syncTokens.issueSubmit')}
          </Button>
        </Stack>
      </Box>
      {summary && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {summary}
        </Alert>
      )}
      {issued && (
        <Alert
          severity="success"
          sx={{ mt: 1 }}
          onClose={() => setIssued(null)}
          data-testid="sync-token-issued"
        >
          <Typography variant="body2">{t('syncTokens.issued', { name: issued.name })}</Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', my: 0.5, flexWrap: 'wrap' }}>
            <Box
              component="code"
              data-testid="sync-token-secret"
              sx={{ fontFamily: 'monospace', px: 0.5, bgcolor: 'common.white', wordBreak: 'break-all' }}
            >
              {issued.secret}
            </Box>
            <Button
              size="small"
              variant="outlined"
              onClick={() => void navigator.clipboard.writeText(issued.secret).then(() => setCopied(true))}
            >
              {copied ? t('syncTokens.copied') : t('syncTokens.copy')}
            </Button>
          </Stack>
          <Typography variant="body2">{t('syncTokens.secretOnce')}</Typography>
        </Alert>
      )}
    </Panel>
  );
}

function TokenTable({ rows, onRevoke }: { rows: Token[]; onRevoke: (t: Token) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns: Column<Token>[] = [
    { field: 'name', headerName: t('syncTokens.name'), width: 160 },
    {
      field: 'unit',
      headerName: t('syncTokens.unit'),
      flex: 1,
      minWidth: 180,
      valueGetter: (_v, r) => f.name(r.departmentName) + (r.network ? ` · ${t(`network.${r.network}`)}` : ''),
    },
    {
      field: 'systems',
      headerName: t('syncTokens.systems'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, r) =>
        r.systems.length ? f.list(r.systems.map((s) => f.name(s.name))) : t('syncTokens.allSystems'),
    },
    { field: 'hint', headerName: t('syncTokens.hint'), width: 110, valueGetter: (_v, r) => `${r.hint}…` },
    {
      field: 'state',
      headerName: t('syncTokens.stateLabel'),
      width: 90,
      valueGetter: (_v, r) => t(`syncTokens.state.${r.state}`),
      renderCell: (p) => (
        <Chip
          size="small"
          color={p.row.state === 'active' ? 'success' : 'default'}
          label={p.value as string}
          data-state={p.row.state}
          data-testid={`sync-token-state-${p.row.id}`}
        />
      ),
    },
    {
      field: 'issuedAt',
      headerName: t('syncTokens.issuedAt'),
      width: 250,
      valueGetter: (_v, r) => `${f.dateTime(r.issuedAt)} · ${r.issuedBy}`,
    },
    {
      field: 'expiresAt',
      headerName: t('syncTokens.expiresAt'),
      width: 150,
      valueFormatter: (v: string) => f.dateTime(v),
    },
    {
      field: 'lastUsedAt',
      headerName: t('syncTokens.lastUsed'),
      width: 230,
      valueGetter: (_v, r) =>
        r.lastUsedAt
          ? t('syncTokens.used', {
              at: f.dateTime(r.lastUsedAt),
              count: r.reports,
              from: r.lastUsedFrom ?? '—',
            })
          : t('syncTokens.never'),
    },
    {
      field: 'actions',
      headerName: '',
      width: 90,
      sortable: false,
      renderCell: (p) =>
        p.row.state === 'active' ? (
          <Button
            size="small"
            color="error"
            onClick={() => onRevoke(p.row)}
            data-testid={`sync-token-revoke-${p.row.id}`}
          >
            {t('syncTokens.revoke')}
          </Button>
        ) : null,
    },
  ];
  return <DataTable id="sync-tokens-table" title={t('syncTokens.listTitle')} rows={rows} columns={columns} />;
}

function RevokeDialog({ token, onClose }: { token: Token; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.syncTokens.revoke.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.syncTokens.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="sync-token-revoke">
      <DialogTitle>{t('syncTokens.revokeTitle', { name: token.name })}</DialogTitle>
      <DialogContent>
        {revoke.error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {revoke.error.message}
          </Alert>
        )}
        <Typography variant="body2">{t('syncTokens.revokeWhat')}</Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('syncTokens.cancel')}</Button>
        <Button
          color="error"
          variant="contained"
          disabled={revoke.isPending}
          onClick={() => revoke.mutate({ id: token.id })}
          data-testid="sync-token-revoke-confirm"
        >
          {t('syncTokens.revoke')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
