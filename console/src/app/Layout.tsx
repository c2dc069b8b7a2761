import {
  Alert,
  AppBar,
  Box,
  Button,
  Stack,
  Container,
  Divider,
  Drawer,
  IconButton,
  List,
  ListItemButton,
  ListItemText,
  MenuItem,
  Tab,
  Tabs,
  Select,
  Toolbar,
  Tooltip,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import MenuIcon from '@mui/icons-material/Menu';
import { ROLES } from './domain.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import TranslateIcon from '@mui/icons-material/Translate';
import PersonIcon from '@mui/icons-material/Person';
import NotificationsNoneIcon from '@mui/icons-material/NotificationsNone';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession, useCan, usePolicy } from './session.ts';
import { csrfToken, useTRPC } from './trpc.ts';
import { LiveUpdates } from './LiveUpdates.tsx';
import { LastSignInNotice } from './SessionNotices.tsx';
import { ROUTES } from './routes.tsx';
import { GlobalSearch } from './GlobalSearch.tsx';

/** The pages a role may open, in the order of the bar. */
const NAV = ROUTES.filter((r) => r.nav).map((r) => ({ path: r.path, key: r.nav!, permission: r.permission }));

/** Selects on the blue bar: white fields, so their text keeps its contrast. */
const SELECT_SX = { minWidth: 120, bgcolor: 'background.paper', borderRadius: 1 } as const;

export function Layout() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const can = useCan();
  // Wide screens get the bar of tabs; narrower ones (a phone, a half-screen window) a menu.
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('lg'));
  const [menuOpen, setMenuOpen] = useState(false);
  const nav = NAV.filter((n) => can(n.permission));
  const current =
    nav.find((n) => n.path !== '/' && location.pathname.startsWith(n.path))?.path ??
    (location.pathname === '/' ? '/' : false);
  const controls = (
    <>
      {session.data?.viewer && <NotificationSettingsLink />}
      {session.data?.signedIn ? <SignedIn /> : session.data?.sandbox && <DemoRole />}
      {session.data && !session.data.signedIn && location.pathname !== '/login' && (
        <Button color="inherit" component={Link} to="/login" data-testid="sign-in">
          {t('login.title')}
        </Button>
      )}
      <LanguageSelect />
    </>
  );
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'grey.50' }}>
      <AppBar position="static" color="primary" elevation={1}>
        <Toolbar sx={{ gap: 2, flexWrap: 'nowrap', minWidth: 0 }}>
          {!wide && (
            <IconButton
              color="inherit"
              edge="start"
              onClick={() => setMenuOpen(true)}
              aria-label={t('app.menu')}
              data-testid="menu"
            >
              <MenuIcon />
            </IconButton>
          )}
          <Typography variant="h6" component="h1" sx={{ fontWeight: 700, whiteSpace: 'nowrap' }}>
            {t('app.title')}{' '}
            <Typography component="span" variant="body2" sx={{ display: { xs: 'none', xl: 'inline' } }}>
              {t('app.subtitle')}
            </Typography>
          </Typography>
          {wide ? (
            <Tabs
              value={current}
              textColor="inherit"
              indicatorColor="secondary"
              variant="scrollable"
              scrollButtons="auto"
              // Unselected tabs are dimmed to 60% by default, too faint on the blue bar (WCAG AA).
              sx={{
                flexGrow: 1,
                minWidth: 0,
                '& .MuiTab-root': { opacity: 1, minWidth: 0, px: 1.5 },
                '& .Mui-selected': { fontWeight: 700 },
              }}
              aria-label={t('app.navigation')}
            >
              {nav.map((n) => (
                <Tab key={n.path} value={n.path} label={t(`nav.${n.key}`)} component={Link} to={n.path} />
              ))}
            </Tabs>
          ) : (
            <Box sx={{ flexGrow: 1 }} />
          )}
          {wide && can('systems.read') && <GlobalSearch />}
          <LiveUpdates />
          {wide && (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexShrink: 0 }}>
              {controls}
            </Stack>
          )}
        </Toolbar>
      </AppBar>
      {!wide && (
        <Drawer open={menuOpen} onClose={() => setMenuOpen(false)}>
          <Box sx={{ width: 280 }} role="presentation" data-testid="menu-drawer">
            {can('systems.read') && (
              <Box sx={{ p: 1.5 }}>
                <GlobalSearch onDone={() => setMenuOpen(false)} />
              </Box>
            )}
            <List component="nav" aria-label={t('app.navigation')}>
              {nav.map((n) => (
                <ListItemButton
                  key={n.path}
                  component={Link}
                  to={n.path}
                  selected={current === n.path}
                  onClick={() => setMenuOpen(false)}
                >
                  <ListItemText primary={t(`nav.${n.key}`)} />
                </ListItemButton>
              ))}
            </List>
            <Divider />
            <Stack spacing={1.5} sx={{ p: 2, bgcolor: 'primary.main', color: 'common.white' }}>
              {controls}
            </Stack>
          </Box>
        </Drawer>
      )}
      <LastSignInNotice />
      {session.data?.sandbox && (
        <Alert severity="warning" square data-testid="sandbox-banner">
          <strong>沙箱数据 · Sandbox</strong> — {t('app.sandbox')}
        </Alert>
      )}
      <Container maxWidth="xl" sx={{ py: { xs: 2, md: 3 }, px: { xs: 1.5, sm: 3 } }} component="main">
        {/* Pages load lazily inside the frame, so the bar and the session request do not wait for them. */}
        <Suspense fallback={null}>
          <Outlet />
        </Suspense>
      </Container>
    </Box>
  );
}

function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      size="small"
      value={i18n.language}
      onChange={(e) => void i18n.changeLanguage(e.target.value)}
      sx={SELECT_SX}
      startAdornment={<TranslateIcon fontSize="small" sx={{ mr: 0.5 }} aria-hidden />}
      inputProps={{ 'aria-label': t('app.language'), 'data-testid': 'language' }}
    >
      <MenuItem value="zh-CN" lang="zh-CN">
        中文
      </MenuItem>
      <MenuItem value="en" lang="en">
        English
      </MenuItem>
    </Select>
  );
}

/** The viewer's own notification settings (every role that has an identity). */
function NotificationSettingsLink() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('notifications.title')}>
      <IconButton
        color="inherit"
        component={Link}
        to="/notifications"
        aria-label={t('notifications.title')}
        data-testid="notification-settings"
        sx={{ alignSelf: 'center' }}
      >
        <NotificationsNoneIcon />
      </IconButton>
    </Tooltip>
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

/** Sandbox only: pick a demo role (and a unit for the roles that must have one, as the server says). */
function DemoRole() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSession();
  const orgs = useQuery(
    trpc.meta.organisations.queryOptions(undefined, {
      enabled: !!session.data?.permissions.includes('overview.read'),
    }),
  );
  const viewer = session.data?.viewer;
  const policy = usePolicy().data;
  const unitRequired = (policy?.unitRequired ?? []) as readonly string[];
  const unitRoles = (policy?.unitRoles ?? []) as readonly string[];
  const networkRoles = (policy?.networkRoles ?? []) as readonly string[];
  // The demo viewer as the server reads it back: role, unit (a city's or county's team, or a
  // department), network (one network's team) — only where the server's policy lets the role have them.
  const set = (role: string, department?: string, network?: string) => {
    const value = `${role}:${department ?? ''}:${network ?? ''}`;
    document.cookie = `yq-demo=${encodeURIComponent(value)}; path=/; SameSite=Lax`;
    void queryClient.invalidateQueries();
  };
  const departments = (orgs.data ?? []).filter(
    (o) => o.kind === 'department' || o.kind === 'city' || o.kind === 'county',
  );
  return (
    <>
      <Select
        size="small"
        value={viewer?.role ?? 'leader'}
        onChange={(e) =>
          set(
            e.target.value,
            unitRequired.includes(e.target.value)
              ? (viewer?.department ?? departments[0]?.id ?? '')
              : undefined,
          )
        }
        sx={SELECT_SX}
        startAdornment={<PersonIcon fontSize="small" sx={{ mr: 0.5 }} aria-hidden />}
        inputProps={{ 'aria-label': t('app.role'), 'data-testid': 'demo-role' }}
      >
        {ROLES.map((r) => (
          <MenuItem key={r} value={r}>
            {t(`roles.${r}`)}
          </MenuItem>
        ))}
      </Select>
      {viewer && unitRoles.includes(viewer.role) && (
        <Select
          size="small"
          value={viewer.department ?? ''}
          displayEmpty
          onChange={(e) => set(viewer.role, e.target.value || undefined, viewer.network ?? undefined)}
          sx={{ ...SELECT_SX, minWidth: 160, maxWidth: 220 }}
          inputProps={{ 'aria-label': t('app.department'), 'data-testid': 'demo-department' }}
        >
          {!unitRequired.includes(viewer.role) && <MenuItem value="">{t('app.why.province')}</MenuItem>}
          {departments.map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {i18n.language === 'en' ? d.name.en : d.name.zh}
            </MenuItem>
          ))}
        </Select>
      )}
      {viewer && networkRoles.includes(viewer.role) && (
        <Select
          size="small"
          value={viewer.network ?? ''}
          displayEmpty
          onChange={(e) => set(viewer.role, viewer.department ?? undefined, e.target.value || undefined)}
          sx={{ ...SELECT_SX, minWidth: 120 }}
          inputProps={{ 'aria-label': t('app.demoNetwork'), 'data-testid': 'demo-network' }}
        >
          <MenuItem value="">{t('app.bothNetworks')}</MenuItem>
          {(['internal', 'external'] as const).map((n) => (
            <MenuItem key={n} value={n}>
              {t(`network.${n}`)}
            </MenuItem>
          ))}
        </Select>
      )}
    </>
  );
}
