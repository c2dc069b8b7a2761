import {
  Alert,
  AppBar,
  Box,
  Button,
  Stack,
  Container,
  MenuItem,
  Tab,
  Tabs,
  TextField,
  Toolbar,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession, useCan } from './session.ts';
import { csrfToken, useTRPC } from './trpc.ts';
import { LiveUpdates } from './LiveUpdates.tsx';

const NAV = [
  { path: '/', key: 'overview', permission: 'overview.read' },
  { path: '/systems', key: 'systems', permission: 'systems.read' },
  { path: '/waves', key: 'waves', permission: 'waves.read' },
  { path: '/clusters', key: 'clusters', permission: 'clusters.read' },
  { path: '/tenants', key: 'tenants', permission: 'tenants.read' },
  { path: '/capacity', key: 'capacity', permission: 'capacity.read' },
  { path: '/quotas', key: 'quotas', permission: 'quotas.read' },
  { path: '/stacks', key: 'stacks', permission: 'stacks.read' },
  { path: '/requests', key: 'requests', permission: 'requests.read' },
  { path: '/audit', key: 'audit', permission: 'audit.read' },
  { path: '/plan', key: 'plan', permission: 'plan.problems.read' },
] as const;

const ROLES = ['leader', 'operator', 'department', 'admin', 'auditor'];

export function Layout() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const can = useCan();
  const nav = NAV.filter((n) => can(n.permission));
  const current =
    nav.find((n) => n.path !== '/' && location.pathname.startsWith(n.path))?.path ??
    (location.pathname === '/' ? '/' : false);
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'grey.50' }}>
      <AppBar position="static" color="primary" elevation={1}>
        <Toolbar sx={{ gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="h6" component="h1" sx={{ fontWeight: 700 }}>
            {t('app.title')}{' '}
            <Typography component="span" variant="body2">
              {t('app.subtitle')}
            </Typography>
          </Typography>
          <Tabs
            value={current}
            textColor="inherit"
            indicatorColor="secondary"
            sx={{ flexGrow: 1 }}
            aria-label="navigation"
          >
            {nav.map((n) => (
              <Tab key={n.path} value={n.path} label={t(`nav.${n.key}`)} component={Link} to={n.path} />
            ))}
          </Tabs>
          <LiveUpdates />
          {session.data?.signedIn ? <SignedIn /> : session.data?.sandbox && <DemoRole />}
          {session.data && !session.data.signedIn && location.pathname !== '/login' && (
            <Button color="inherit" component={Link} to="/login" data-testid="sign-in">
              {t('login.title')}
            </Button>
          )}
          <TextField
            select
            size="small"
            label={t('app.language')}
            value={i18n.language}
            onChange={(e) => void i18n.changeLanguage(e.target.value)}
            sx={{ minWidth: 110, bgcolor: 'background.paper', borderRadius: 1 }}
            slotProps={{ htmlInput: { 'data-testid': 'language' } }}
          >
            <MenuItem value="zh-CN">中文</MenuItem>
            <MenuItem value="en">English</MenuItem>
          </TextField>
        </Toolbar>
      </AppBar>
      {session.data?.sandbox && (
        <Alert severity="warning" square data-testid="sandbox-banner">
          <strong>沙箱数据 · Sandbox</strong> — {t('app.sandbox')}
        </Alert>
      )}
      <Container maxWidth="xl" sx={{ py: 3 }} component="main">
        <Outlet />
      </Container>
    </Box>
  );
}

/** The signed-in user, and signing out (here or everywhere). */
function SignedIn() {
  const { t } = useTranslation();
  const session = useSession();
  const out = async (everywhere: boolean) => {
    await fetch('/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
      body: JSON.stringify({ everywhere }),
    });
    window.location.assign('/login');
  };
  const v = session.data?.viewer;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography variant="body2" data-testid="signed-in-as">
        {v?.name} · {t(`roles.${v?.role}`)}
      </Typography>
      <Button color="inherit" size="small" onClick={() => void out(false)} data-testid="sign-out">
        {t('login.signOut')}
      </Button>
      <Button color="inherit" size="small" onClick={() => void out(true)}>
        {t('login.signOutEverywhere')}
      </Button>
    </Stack>
  );
}

/** Sandbox only: pick a demo role (and a department for department users). */
function DemoRole() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSession();
  const orgs = useQuery(
    trpc.meta.organisations.queryOptions(undefined, { enabled: session.data?.viewer?.role !== 'auditor' }),
  );
  const viewer = session.data?.viewer;
  const set = (role: string, department?: string) => {
    document.cookie = `yq-demo=${encodeURIComponent(`${role}:${department ?? ''}`)}; path=/; SameSite=Lax`;
    void queryClient.invalidateQueries();
  };
  const departments = (orgs.data ?? []).filter((o) => o.kind === 'department' || o.kind === 'city');
  return (
    <>
      <TextField
        select
        size="small"
        label={t('app.role')}
        value={viewer?.role ?? 'leader'}
        onChange={(e) =>
          set(e.target.value, e.target.value === 'department' ? (departments[0]?.id ?? '') : undefined)
        }
        sx={{ minWidth: 130, bgcolor: 'background.paper', borderRadius: 1 }}
        slotProps={{ htmlInput: { 'data-testid': 'demo-role' } }}
      >
        {ROLES.map((r) => (
          <MenuItem key={r} value={r}>
            {t(`roles.${r}`)}
          </MenuItem>
        ))}
      </TextField>
      {viewer?.role === 'department' && (
        <TextField
          select
          size="small"
          label={t('app.department')}
          value={viewer.department ?? ''}
          onChange={(e) => set('department', e.target.value)}
          sx={{ minWidth: 180, bgcolor: 'background.paper', borderRadius: 1 }}
        >
          {departments.map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {i18n.language === 'en' ? d.name.en : d.name.zh}
            </MenuItem>
          ))}
        </TextField>
      )}
    </>
  );
}
