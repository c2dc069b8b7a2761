// Sign in with a local account. Errors say what happened (wrong password, locked, too many tries).
import { Alert, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.ts';

export default function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    });
    setBusy(false);
    if (res.ok) {
      window.location.assign('/');
      return;
    }
    setError(res.status === 429 ? t('login.tooMany') : t('login.invalid'));
  };
  return (
    <Stack sx={{ alignItems: 'center', mt: 6 }}>
      <Card variant="outlined" sx={{ width: 380 }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit} aria-label={t('login.title')}>
            <Typography variant="h5" component="h2">
              {t('login.title')}
            </Typography>
            {error && (
              <Alert severity="error" data-testid="login-error">
                {error}
              </Alert>
            )}
            <TextField
              name="username"
              label={t('login.username')}
              autoComplete="username"
              required
              autoFocus
            />
            <TextField
              name="password"
              label={t('login.password')}
              type="password"
              autoComplete="current-password"
              required
            />
            <Button type="submit" variant="contained" disabled={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
            {session.data?.sso && (
              <Button href="/auth/oidc/login" variant="outlined" data-testid="login-sso">
                {t('login.sso')}
              </Button>
            )}
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  );
}
