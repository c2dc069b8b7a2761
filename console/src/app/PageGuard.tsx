// A page the viewer's role may not open says so, in the frame, with the way back — instead of
// spinning on data the server will not give, or showing an empty table as if there were none.
import { Alert, Button, Popover, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useCan, useSession } from './session.ts';
import { useTRPC } from './trpc.ts';
import { useFormat } from './format.ts';

export function PageGuard({ permission, children }: { permission: string; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const can = useCan();
  if (!session.data) return null;
  if (permission === 'public' || can(permission)) return <>{children}</>;
  const role = session.data.viewer?.role;
  return (
    <Stack spacing={2} sx={{ p: 3, maxWidth: 720 }} data-testid="no-access">
      <Alert severity="info">
        {role ? t('app.outsideRole', { role: t(`roles.${role}`) }) : t('app.signInFirst')}
      </Alert>
      {role && <WhyNot permission={permission} />}
      <div>
        <Button component={Link} to={role ? '/' : '/login'} variant="outlined">
          {role ? t('app.backHome') : t('app.signIn')}
        </Button>
      </div>
    </Stack>
  );
}

/**
 * Why the viewer may not: the permission needed, who they are and their scope, which roles hold
 * it and who assigns roles. All of it from the server's policy (meta.policy), not a copy here.
 */
export function WhyNot({ permission }: { permission: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const session = useSession();
  const policy = useQuery(trpc.meta.policy.queryOptions());
  const scope = useScopeText();
  const viewer = session.data?.viewer;
  if (!viewer || !policy.data) return null;
  const roles = (list: readonly string[]) => f.list(list.map((r) => t(`roles.${r}`)));
  const holders = policy.data.grants[permission as keyof typeof policy.data.grants] ?? [];
  return (
    <Stack spacing={0.5} data-testid="why-not" data-permission={permission}>
      <Typography variant="body2">
        {t('app.why.needs', { permission: t(`permissions.${permission}`) })}
      </Typography>
      <Typography variant="body2">{t('app.why.you', { role: t(`roles.${viewer.role}`), scope })}</Typography>
      <Typography variant="body2">
        {holders.length ? t('app.why.holders', { roles: roles(holders) }) : t('app.why.nobody')}
      </Typography>
      <Typography variant="body2">{t('app.why.ask', { grantors: roles(policy.data.grantedBy) })}</Typography>
    </Stack>
  );
}

/**
 * The viewer's scope in words: the province or a unit and its sub-units, on both networks or one
 * (from the server's session, which applies it).
 */
export function useScopeText(): string {
  const { t } = useTranslation();
  const f = useFormat();
  const scope = useSession().data?.scope;
  if (!scope || scope.kind === 'none') return t('app.why.noScope');
  const where =
    scope.kind === 'all'
      ? t('app.why.province')
      : t('app.why.unit', { unit: scope.unitName ? f.name(scope.unitName) : scope.unit });
  return scope.network ? t('app.why.onNetwork', { where, network: t(`network.${scope.network}`) }) : where;
}

/**
 * Where something may exist but not for this viewer (another unit's system or request): the
 * viewer's scope and who widens it, instead of a bare "not found".
 */
export function OutsideScope({ what }: { what: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const policy = useQuery(trpc.meta.policy.queryOptions());
  const scope = useScopeText();
  return (
    <Alert severity="info" data-testid="outside-scope">
      <Typography variant="body2">{what}</Typography>
      <Typography variant="body2">{t('app.why.scopeIs', { scope })}</Typography>
      {policy.data && (
        <Typography variant="body2">
          {t('app.why.askScope', { grantors: f.list(policy.data.grantedBy.map((r) => t(`roles.${r}`))) })}
        </Typography>
      )}
    </Alert>
  );
}

/**
 * In place of an action the viewer's role may not take (a hidden button): a quiet "why can't I…?"
 * that opens the same explanation a refused page gives.
 */
export function WhyNotButton({ permission, action }: { permission: string; action: string }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        color="inherit"
        onClick={(e) => setAnchor(e.currentTarget)}
        data-testid={`why-not-${permission}`}
        aria-haspopup="dialog"
      >
        {t('app.why.cannot', { action })}
      </Button>
      <Popover
        open={!!anchor}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Stack sx={{ p: 2, maxWidth: 420 }} role="dialog" aria-label={t('app.why.cannot', { action })}>
          <WhyNot permission={permission} />
        </Stack>
      </Popover>
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack spacing={2} sx={{ p: 3, maxWidth: 720 }} data-testid="not-found">
      <Typography variant="h5" component="h1">
        {t('app.notFoundTitle')}
      </Typography>
      <Typography>{t('app.notFound')}</Typography>
      <div>
        <Button component={Link} to="/" variant="outlined">
          {t('app.backHome')}
        </Button>
      </div>
    </Stack>
  );
}
