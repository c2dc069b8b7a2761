// Accounts: the system administrator disables or enables, unlocks and removes them, and proposes
// role grants; the security administrator changes who holds which role — role, unit and network in
// one form — and decides the proposals (三员分立: each sees only the controls of their own power).
// Each account shows where it sits (its unit by name, its network). Each action is audited on the
// server and ends the account's sessions; the server refuses changes to one's own access (the
// message says so).
import { Alert, Button, Chip, Stack } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan, usePolicy } from '../../app/session.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';
import { GrantDialog } from './GrantDialog.tsx';
import { Proposals } from './Proposals.tsx';

type User = Outputs['users']['list'][number];

export default function UsersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [placing, setPlacing] = useState<{ user: User; mode: 'grant' | 'propose' } | null>(null);
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
  const proposes = can('grants.propose');
  const manages = can('users.manage');
  const policy = usePolicy();
  // Unit names from the units the viewer may place accounts in (the whole province here).
  const options = useQuery(trpc.grants.options.queryOptions(undefined, { enabled: can('grants.read') }));
  const unitName = new Map((options.data?.units ?? []).map((u) => [u.id, f.name(u.name)]));
  const takesUnit = (role: string) => !!policy.data?.unitRoles.includes(role as never);
  const takesNetwork = (role: string) => !!policy.data?.networkRoles.includes(role as never);
  const update = useMutation(trpc.users.update.mutationOptions(done));
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
      width: grants || proposes ? 210 : 150,
      valueGetter: (_v, u) => t(`roles.${u.role}`),
      renderCell: (p) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          <span data-testid={`user-role-${p.row.username}`}>{t(`roles.${p.row.role}`)}</span>
          {/* Single sign-on accounts take their role from the identity provider. */}
          {(grants || proposes) && !p.row.sso && (
            <Button
              size="small"
              data-testid={`user-${grants ? 'grant' : 'propose'}-${p.row.username}`}
              onClick={() => {
                setNotice(null);
                setPlacing({ user: p.row, mode: grants ? 'grant' : 'propose' });
              }}
            >
              {grants ? t('users.changeRole') : t('users.proposeRole')}
            </Button>
          )}
        </Stack>
      ),
    },
    {
      field: 'department',
      headerName: t('users.unit'),
      flex: 1,
      minWidth: 160,
      // No unit: the whole province for the roles that take one; none at all for the others.
      valueGetter: (_v, u) =>
        u.department
          ? (unitName.get(u.department) ?? u.department)
          : takesUnit(u.role)
            ? t('users.province')
            : '—',
      renderCell: (p) => <span data-testid={`user-unit-${p.row.username}`}>{p.value as string}</span>,
    },
    {
      field: 'network',
      headerName: t('users.network'),
      width: 110,
      valueGetter: (_v, u) =>
        u.network ? t(`network.${u.network}`) : takesNetwork(u.role) ? t('users.bothNetworks') : '—',
      renderCell: (p) => <span data-testid={`user-network-${p.row.username}`}>{p.value as string}</span>,
    },
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
        {notice && (
          <Alert severity="success" onClose={() => setNotice(null)} data-testid="users-notice">
            {notice}
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
      {can('grants.read') && <Proposals />}
      {placing && (
        <GrantDialog
          account={placing.user}
          mode={placing.mode}
          onClose={() => setPlacing(null)}
          onDone={(message) => {
            setPlacing(null);
            setError(null);
            setNotice(message);
          }}
        />
      )}
    </Page>
  );
}
