// Sign in with a local account: the password, then — for privileged accounts (MLPS level 3) — a
// code from an authenticator app, enrolled at the first sign-in. Errors say what happened (wrong
// password or code, locked, too many tries, the half-done sign-in expired).
import { Alert, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session.ts';
import { csrfToken } from '../../app/trpc.ts';
import { EnrolmentKey } from './EnrolmentKey.tsx';

type Step = 'password' | 'change-password' | 'second-factor' | 'enrol';

const post = (url: string, body: unknown = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(body),
  });

export default function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>('password');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signIn = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await post('/auth/login', { username: form.get('username'), password: form.get('password') });
    setBusy(false);
    if (!res.ok) return setError(res.status === 429 ? t('login.tooMany') : t('login.invalid'));
    const body = (await res.json()) as { next?: Step };
    if (body.next) setStep(body.next);
    else window.location.assign('/');
  };

  const giveCode = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await post('/auth/second-factor', { code: form.get('code') });
    setBusy(false);
    if (res.ok) return window.location.assign('/');
    if (res.status === 429) return setError(t('login.tooMany'));
    const { reason } = (await res.json().catch(() => ({}))) as { reason?: string };
    // Locked, or the half-done sign-in expired: the password is asked again.
    if (reason !== 'invalid') setStep('password');
    setError(
      t(reason === 'locked' ? 'login.invalid' : reason === 'invalid' ? 'login.wrongCode' : 'login.expired'),
    );
  };

  const changePassword = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(null);
    if (form.get('password') !== form.get('again')) return setError(t('login.passwordsDiffer'));
    setBusy(true);
    const res = await post('/auth/password', { password: form.get('password') });
    setBusy(false);
    const body = (await res.json().catch(() => ({}))) as { next?: Step; problems?: string[] };
    if (res.ok) return body.next ? setStep(body.next) : window.location.assign('/');
    if (body.problems)
      return setError(
        t('login.passwordRefused', {
          problems: body.problems.map((p) => t(`login.passwordProblems.${p}`)).join(t('list.separator')),
        }),
      );
    setStep('password');
    setError(t('login.expired'));
  };
  const submit = {
    password: signIn,
    'change-password': changePassword,
    'second-factor': giveCode,
    enrol: giveCode,
  };

  return (
    <Stack sx={{ alignItems: 'center', mt: 6, px: 1 }}>
      <Card variant="outlined" sx={{ width: 420, maxWidth: '100%' }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit[step]} aria-label={t('login.title')}>
            <Typography variant="h5" component="h2">
              {t(
                step === 'password'
                  ? 'login.title'
                  : step === 'change-password'
                    ? 'login.changePassword'
                    : 'login.secondFactor',
              )}
            </Typography>
            {params.get('ended') === 'idle' && step === 'password' && !error && (
              <Alert severity="info" data-testid="login-ended">
                {t('login.endedIdle')}
              </Alert>
            )}
            {error && (
              <Alert severity="error" data-testid="login-error">
                {error}
              </Alert>
            )}
            {step === 'password' ? (
              <>
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
              </>
            ) : step === 'change-password' ? (
              <>
                <Typography variant="body2">{t('login.changePasswordHelp')}</Typography>
                <TextField
                  name="password"
                  label={t('login.newPassword')}
                  type="password"
                  autoComplete="new-password"
                  required
                  autoFocus
                />
                <TextField
                  name="again"
                  label={t('login.newPasswordAgain')}
                  type="password"
                  autoComplete="new-password"
                  required
                />
              </>
            ) : (
              <>
                {step === 'enrol' && <EnrolmentKey fetchKey={() => post('/auth/second-factor/enrolment')} />}
                {step === 'second-factor' && <Typography variant="body2">{t('login.codeHelp')}</Typography>}
                <TextField
                  name="code"
                  label={t('login.code')}
                  autoComplete="one-time-code"
                  required
                  autoFocus
                  slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6 } }}
                />
              </>
            )}
            <Button type="submit" variant="contained" disabled={busy} data-testid="login-submit">
              {t(
                step === 'password'
                  ? 'login.submit'
                  : step === 'change-password'
                    ? 'login.save'
                    : 'login.verify',
              )}
            </Button>
            {step === 'password' && session.data?.sso && (
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
