// The key a privileged account enrols in its authenticator app at its first sign-in: shown in
// groups of four to type, and as an otpauth:// link a phone opens in its app.
import { Alert, Link, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function EnrolmentKey({ fetchKey }: { fetchKey: () => Promise<Response> }) {
  const { t } = useTranslation();
  const [key, setKey] = useState<{ secret: string; uri: string } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetchKey()
      .then(async (r) =>
        r.ok ? setKey((await r.json()) as { secret: string; uri: string }) : setFailed(true),
      )
      .catch(() => setFailed(true));
    // Once per enrolment step: the server answers the same key if asked again.
  }, []);
  if (failed) return <Alert severity="error">{t('login.expired')}</Alert>;
  return (
    <Stack spacing={1}>
      <Typography variant="body2">{t('login.enrolHelp')}</Typography>
      <Typography
        data-testid="enrol-key"
        data-secret={key?.secret ?? ''}
        sx={{ fontFamily: 'monospace', fontSize: '1.1rem', letterSpacing: 1 }}
      >
        {key ? key.secret.replace(/(.{4})/g, '$1 ').trim() : '…'}
      </Typography>
      {key && (
        <Link href={key.uri} variant="body2">
          {t('login.enrolLink')}
        </Link>
      )}
    </Stack>
  );
}
