// 本单位人员: a department administrator's own unit and its sub-units — the department users it
// adds (an initial password shown once, changed by its owner at the first sign-in), moves within
// the subtree and removes, and the role grants it proposes for them (decided by the security
// administrator). The server keeps every act to the subtree and audits it; this page only asks.
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
import { useSession } from '../../app/session.ts';
import { fieldError, type ApiError } from '../../app/api-error.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { UnitPicker, type Unit } from '../../components/UnitPicker.tsx';
import { GrantDialog } from '../users/GrantDialog.tsx';
import { Proposals } from '../users/Proposals.tsx';

type Member = Outputs['staff']['list'][number];

export default function StaffPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const session = useSession();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const options = useQuery(trpc.grants.options.queryOptions());
  const units = options.data?.units ?? [];
  const unitName = session.data?.viewer?.departmentName;
  const [notice, setNotice] = useState<string | null>(null);
  const [moving, setMoving] = useState<Member | null>(null);
  const [proposing, setProposing] = useState<Member | null>(null);
  return (
    <Page title={t('staff.title')}>
      <Typography variant="body2" data-testid="staff-intro">
        {t('staff.intro', {
          unit: unitName ? f.name(unitName) : t('app.why.noScope'),
        })}
      </Typography>
      <AddStaff units={units} />
      <Panel title={t('staff.listTitle')} testId="staff-panel">
        {notice && (
          <Alert severity="success" onClose={() => setNotice(null)} data-testid="staff-notice">
            {notice}
          </Alert>
        )}
        <Loading query={staff}>
          {(rows) =>
            rows.length ? (
              <StaffTable rows={rows} onMove={setMoving} onPropose={setProposing} />
            ) : (
              <Typography variant="body2" data-testid="staff-none">
                {t('staff.none')}
              </Typography>
            )
          }
        </Loading>
      </Panel>
      <Proposals />
      {moving && (
        <MoveDialog
          member={moving}
          units={units}
          onClose={() => setMoving(null)}
          onDone={(m) => {
            setMoving(null);
            setNotice(m);
          }}
        />
      )}
      {proposing && (
        <GrantDialog
          account={{ ...proposing, role: 'department' }}
          mode="propose"
          onClose={() => setProposing(null)}
          onDone={(m) => {
            setProposing(null);
            setNotice(m);
          }}
        />
      )}
    </Page>
  );
}

/** A new department user: name, display name, unit. The answer's initial password is shown once. */
function AddStaff({ units }: { units: readonly Unit[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState<string | null>(null);
  // The last account added and its initial password, kept until dismissed: another add (even a
  // refused one) must not take it off the screen before it is handed over.
  const [added, setAdded] = useState<{ username: string; password: string } | null>(null);
  const add = useMutation(
    trpc.staff.add.mutationOptions({
      onSuccess: (a) => {
        setAdded({ username: a.username, password: a.password });
        void queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
      },
    }),
  );
  const error = add.error as ApiError | null;
  const err = (k: string) => fieldError(error, k);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    add.mutate(
      {
        username: String(form.get('username') ?? '').trim(),
        displayName: String(form.get('displayName') ?? '').trim(),
        department: unit ?? '',
      },
      {
        onSuccess: () => {
          (e.target as HTMLFormElement).reset();
          setUnit(null);
        },
      },
    );
  };
  const summary = error && !Object.keys(error.data?.fieldErrors ?? {}).length ? error.message : null;
  return (
    <Panel title={t('staff.add')} testId="staff-add">
      <Box component="form" onSubmit={submit} noValidate sx={{ mt: 1 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'flex-start' } }}>
          <TextField
            name="username"
            size="small"
            required
            label={t('staff.username')}
            error={!!err('username')}
            helperText={err('username') ?? t('staff.usernameHint')}
            slotProps={{ htmlInput: { maxLength: 64, autoComplete: 'off', 'data-testid': 'staff-username' } }}
            sx={{ minWidth: 200 }}
          />
          <TextField
            name="displayName"
            size="small"
            required
            label={t('staff.displayName')}
            error={!!err('displayName')}
            helperText={err('displayName') ?? ' '}
            slotProps={{ htmlInput: { maxLength: 64, autoComplete: 'off', 'data-testid': 'staff-name' } }}
            sx={{ minWidth: 160 }}
          />
          <Box sx={{ flex: 1, minWidth: 240 }}>
            <UnitPicker
              units={units}
              value={unit}
              onChange={setUnit}
              label={t('staff.unit')}
              required
              error={!!err('department')}
              helperText={err('department') ?? ' '}
              testId="staff-unit"
            />
          </Box>
          <Button type="submit" variant="contained" disabled={add.isPending} data-testid="staff-submit">
            {t('staff.addSubmit')}
          </Button>
        </Stack>
      </Box>
      {summary && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="staff-error">
          {summary}
        </Alert>
      )}
      {added && (
        <Alert severity="success" sx={{ mt: 1 }} onClose={() => setAdded(null)} data-testid="staff-added">
          <Typography variant="body2">
            {t('staff.added', { username: added.username })}{' '}
            <Box
              component="code"
              data-testid="staff-password"
              sx={{ fontFamily: 'monospace', fontSize: '1.1em', px: 0.5, bgcolor: 'common.white' }}
            >
              {added.password}
            </Box>
          </Typography>
          <Typography variant="body2">{t('staff.passwordOnce')}</Typography>
        </Alert>
      )}
    </Panel>
  );
}

function StaffTable({
  rows,
  onMove,
  onPropose,
}: {
  rows: Member[];
  onMove: (m: Member) => void;
  onPropose: (m: Member) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const remove = useMutation(
    trpc.staff.remove.mutationOptions({
      onSuccess: () => {
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
      },
      onError: (e) => setError(e.message),
    }),
  );
  const columns: Column<Member>[] = [
    {
      field: 'username',
      headerName: t('staff.username'),
      width: 140,
      renderCell: (p) => <span data-testid={`staff-${p.row.username}`}>{p.row.username}</span>,
    },
    { field: 'displayName', headerName: t('staff.displayName'), width: 120 },
    {
      field: 'unit',
      headerName: t('staff.unit'),
      flex: 1,
      minWidth: 200,
      valueGetter: (_v, m) => f.name(m.unitName),
      renderCell: (p) => <span data-testid={`staff-unit-${p.row.username}`}>{p.value as string}</span>,
    },
    {
      field: 'state',
      headerName: t('users.state'),
      width: 210,
      valueGetter: (_v, m) => (m.disabled ? 'disabled' : m.mustChangePassword ? 'new' : 'active'),
      renderCell: (p) =>
        p.row.disabled ? (
          <Chip size="small" label={t('users.disabled')} />
        ) : p.row.mustChangePassword ? (
          <Chip size="small" color="info" label={t('staff.mustChange')} />
        ) : (
          <Chip size="small" color="success" label={t('users.active')} />
        ),
    },
    {
      field: 'lastLoginAt',
      headerName: t('users.lastLogin'),
      width: 160,
      valueFormatter: (v: string | null) => f.dateTime(v),
    },
    {
      field: 'actions',
      headerName: t('users.actions'),
      width: 280,
      sortable: false,
      renderCell: (p) => (
        <Stack direction="row" spacing={1} sx={{ py: 0.5 }}>
          <Button size="small" data-testid={`staff-move-${p.row.username}`} onClick={() => onMove(p.row)}>
            {t('staff.move')}
          </Button>
          <Button
            size="small"
            data-testid={`staff-propose-${p.row.username}`}
            onClick={() => onPropose(p.row)}
          >
            {t('users.proposeRole')}
          </Button>
          <Button
            size="small"
            color="error"
            data-testid={`staff-remove-${p.row.username}`}
            onClick={() => {
              if (window.confirm(t('users.confirmRemove', { name: p.row.username })))
                remove.mutate({ username: p.row.username });
            }}
          >
            {t('users.remove')}
          </Button>
        </Stack>
      ),
    },
  ];
  return (
    <>
      {error && (
        <Alert severity="error" data-testid="staff-table-error">
          {error}
        </Alert>
      )}
      <DataTable
        id="staff"
        title={t('staff.listTitle')}
        rows={rows}
        columns={columns}
        getRowId={(m) => m.username}
        getRowHeight={() => 'auto'}
      />
    </>
  );
}

/** Moves a staff member to another unit of the subtree (their sessions end). */
function MoveDialog({
  member,
  units,
  onClose,
  onDone,
}: {
  member: Member;
  units: readonly Unit[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState<string | null>(member.department);
  const assign = useMutation(
    trpc.staff.assign.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
        onDone(t('staff.moved', { username: member.username }));
      },
    }),
  );
  const error = assign.error as ApiError | null;
  const summary = error && !Object.keys(error.data?.fieldErrors ?? {}).length ? error.message : null;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="staff-move-dialog">
      <DialogTitle>
        {t('staff.moveTitle', { name: `${member.displayName} (${member.username})` })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {summary && <Alert severity="error">{summary}</Alert>}
          <Typography variant="body2">
            {t('staff.moveFrom', { unit: f.name(member.unitName) })} {t('staff.moveHelp')}
          </Typography>
          <UnitPicker
            units={units}
            value={unit}
            onChange={setUnit}
            label={t('staff.moveTo')}
            required
            error={!!fieldError(error, 'department')}
            helperText={fieldError(error, 'department')}
            testId="staff-move-unit"
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('grant.cancel')}</Button>
        <Button
          variant="contained"
          disabled={assign.isPending || !unit || unit === member.department}
          onClick={() => unit && assign.mutate({ username: member.username, department: unit })}
          data-testid="staff-move-submit"
        >
          {t('staff.move')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
