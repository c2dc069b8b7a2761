// What a signed-in person is told about their session (MLPS level 3): the sign-in before this
// one, once per session, so that someone else's use of the account is noticed; and the activity
// beat that keeps a session in use from ending, while an unattended console still times out.
import { Alert, Button } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './session.ts';
import { useFormat } from './format.ts';
import { csrfToken } from './trpc.ts';

/** At most one beat a minute (the server counts no finer). */
const BEAT_MS = 60_000;

/**
 * Tells the server its person is here — on a click or a key, at most once a minute. Background
 * refreshes never beat. A beat refused (the session ended while away) opens the sign-in page,
 * saying why.
 */
export function useActivityBeat(signedIn: boolean) {
  useEffect(() => {
    if (!signedIn) return;
    let last = 0;
    const beat = () => {
      if (Date.now() - last < BEAT_MS) return;
      last = Date.now();
      void fetch('/auth/activity', { method: 'POST', headers: { 'x-csrf-token': csrfToken() } }).then((r) => {
        if (r.status === 401) window.location.assign('/login?ended=idle');
      });
    };
    beat();
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, beat, { passive: true });
    return () => events.forEach((e) => window.removeEventListener(e, beat));
  }, [signedIn]);
}

/** The sign-in before this one (time and address), until dismissed for this session. */
export function LastSignInNotice() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSession();
  const previous = session.data?.previousSignIn;
  const key = `yq-last-sign-in-seen:${session.data?.viewer?.id ?? ''}:${previous?.at ?? 'first'}`;
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(key) !== null);
  useActivityBeat(!!session.data?.signedIn);
  if (!session.data?.signedIn || dismissed || sessionStorage.getItem(key) !== null) return null;
  const dismiss = () => {
    sessionStorage.setItem(key, '1');
    setDismissed(true);
  };
  return (
    <Alert
      severity="info"
      square
      data-testid="last-sign-in"
      action={
        <Button color="inherit" size="small" onClick={dismiss}>
          {t('login.dismiss')}
        </Button>
      }
    >
      {previous
        ? t('login.lastSignIn', {
            time: f.dateTime(previous.at),
            address: previous.address ?? t('login.unknownAddress'),
          })
        : t('login.firstSignIn')}
    </Alert>
  );
}
