// Live events decided on one replica (a request decided, a sign-off) reach the consoles open on
// every replica: each is passed on through PostgreSQL notifications. Stage changes and source
// health need no relay: every replica derives them from the versions it applies.
import { randomUUID } from 'node:crypto';
import type { LiveEvent, LiveFeed } from '../../service/live-feed.ts';
import { CHANNELS, sessionClient } from './channels.ts';

export async function relayLiveEvents(
  live: LiveFeed,
  url: string,
  log: { warn: (o: object, m: string) => void },
): Promise<() => Promise<void>> {
  const origin = randomUUID();
  let closing = false;
  const session = await sessionClient(url, (err) => {
    if (!closing) log.warn({ err: err.message }, 'live event relay lost its database session');
  });
  await session.query(`LISTEN ${CHANNELS.live}`);
  session.on('notification', (n) => {
    if (n.channel !== CHANNELS.live || !n.payload) return;
    const m = JSON.parse(n.payload) as { origin: string; event: LiveEvent };
    if (m.origin !== origin) live.deliver(m.event);
  });
  const onPublished = (event: LiveEvent) => {
    session
      .query('SELECT pg_notify($1, $2)', [CHANNELS.live, JSON.stringify({ origin, event })])
      .catch((err: Error) => log.warn({ err: err.message }, 'live event not relayed'));
  };
  live.on('published', onPublished);
  return async () => {
    closing = true;
    live.off('published', onPublished);
    await session.end().catch(() => undefined);
  };
}
