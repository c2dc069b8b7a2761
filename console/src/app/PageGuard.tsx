// A page the viewer's role may not open says so, in the frame, with the way back — instead of
// spinning on data the server will not give, or showing an empty table as if there were none.
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { useCan, useSession } from './session.ts';

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
      <div>
        <Button component={Link} to={role ? '/' : '/login'} variant="outlined">
          {role ? t('app.backHome') : t('app.signIn')}
        </Button>
      </div>
    </Stack>
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
