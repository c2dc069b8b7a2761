// Accounts: the system administrator disables or enables, unlocks and removes them; the security
// administrator changes who holds which role (三员分立: each sees only the controls of their own
// power). Each action is audited on the server and ends the account's sessions; the server
// refuses changes to one's own access (the message says so).
import { Alert, Button, Chip, MenuItem, Stack, TextField } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { ROLES } from '../../app/domain.ts';
import { useCan } from '../../app/session.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';

type User = Outputs['users']['list'][number];

export default function UsersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const done = {
    onSuccess: () => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    },
    onError: (e: { message: string; data?: { code?: string } | null }) =>
      setError(e.data?.code === 'FORBIDDEN' ? t('users.notOwn') : e.message),
  };
  const can = useCan();
  const grants = can('users.grant');
  const manages = can('users.manage');
  const update = useMutation(trpc.users.update.mutationOptions(done));
  const grant = useMutation(trpc.users.grant.mutationOptions(done));
  const remove = useMutation(trpc.users.remove.mutationOptions(done));
  const resetSecondFactor = useMutation(trpc.users.resetSecondFactor.mutationOptions(done));
  const columns: Column<User>[] = [
    {
      field: 'username',
      headerName: t('users.username'),
      flex: 1,
      minWidth: 140,
      renderCell: (p) => <span data-testid={`user-${p.row.username}`}>{p.row.username}</span>,
    },
    { field: 'displayName', headerName: t('users.name'), flex: 1, minWidth: 120 },
    {
      field: 'role',
      headerName: t('users.role'),
      width: 150,
      renderCell: (p) =>
        !grants ? (
          <span data-testid={`user-role-${p.row.username}`}>{t(`roles.${p.row.role}`)}</span>
        ) : (
          <TextField
            select
            size="small"
            variant="standard"
            value={p.row.role}
            disabled={p.row.sso}
            slotProps={{
              htmlInput: { 'aria-label': t('users.role'), 'data-testid': `user-role-${p.row.username}` },
            }}
            onChange={(e) =>
              grant.mutate({
                username: p.row.username,
                role: e.target.value as User['role'],
                department: p.row.department,
              })
            }
          >
            {ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`roles.${r}`)}
              </MenuItem>
            ))}
          </TextField>
        ),
    },
    { field: 'department', headerName: t('users.department'), width: 120 },
    {
      field: 'state',
      headerName: t('users.state'),
      width: 190,
      valueGetter: (_v, u) => (u.disabled ? 'disabled' : u.lockedUntil ? 'locked' : 'active'),
      renderCell: (p) =>
        p.row.disabled ? (
          <Chip size="small" label={t('users.disabled')} />
        ) : p.row.lockedUntil && p.row.lockedUntil > new Date().toISOString() ? (
          <Chip
            size="small"
            color="warning"
            label={t('users.lockedUntil', { time: f.dateTime(p.row.lockedUntil) })}
          />
        ) : (
          <Chip size="small" color="success" label={t('users.active')} />
        ),
    },
    {
      field: 'secondFactor',
      headerName: t('users.secondFactor'),
      width: grants ? 230 : 130,
      renderCell: (p) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          <span data-testid={`user-2fa-${p.row.username}`}>
            {p.row.sso ? t('users.sso') : p.row.secondFactor ? t('users.enrolled') : t('users.notEnrolled')}
          </span>
          {/* A lost phone: the security administrator clears it; the next sign-in enrols again. */}
          {grants && p.row.secondFactor && (
            <Button
              size="small"
              data-testid={`user-2fa-reset-${p.row.username}`}
              onClick={() => {
                if (window.confirm(t('users.confirmResetSecondFactor', { name: p.row.username })))
                  resetSecondFactor.mutate({ username: p.row.username });
              }}
            >
              {t('users.resetSecondFactor')}
            </Button>
          )}
        </Stack>
      ),
    },
    {
      field: 'lastLoginAt',
      headerName: t('users.lastLogin'),
      width: 170,
      valueFormatter: (v: string | null) => f.dateTime(v),
    },
    ...(manages
      ? [
          {
            field: 'actions',
            headerName: t('users.actions'),
            width: 300,
            sortable: false,
            renderCell: (p: { row: User }) => (
              <Stack direction="row" spacing={1} sx={{ py: 0.5 }}>
                <Button
                  size="small"
                  data-testid={`user-toggle-${p.row.username}`}
                  onClick={() =>
                    update.mutate({
                      username: p.row.username,
                      change: { kind: p.row.disabled ? 'enable' : 'disable' },
                    })
                  }
                >
                  {p.row.disabled ? t('users.enable') : t('users.disable')}
                </Button>
                <Button
                  size="small"
                  disabled={!p.row.lockedUntil}
                  onClick={() => update.mutate({ username: p.row.username, change: { kind: 'unlock' } })}
                >
                  {t('users.unlock')}
                </Button>
                <Button
                  size="small"
                  color="error"
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
        ]
      : []),
  ];
  return (
    <Page title={t('users.title')}>
      <Panel title={t('users.title')} testId="users">
        {error && (
          <Alert severity="error" data-testid="users-error">
            {error}
          </Alert>
        )}
        <Loading query={users}>
          {(list) => (
            <DataTable
              id="users"
              title={t('users.title')}
              rows={list}
              columns={columns}
              getRowId={(u) => u.username}
              getRowHeight={() => 'auto'}
            />
          )}
        </Loading>
      </Panel>
    </Page>
  );
}
