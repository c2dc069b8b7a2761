// The live event log shared by replicas: each event is appended once (by the process that decided
// it, or the engine for stage and health events) and announced with NOTIFY; every replica reads
// the new rows, in id order, for its open consoles (and looks every few seconds in case a
// notification was missed).
import { DbEventLog } from '../../service/event-log.ts';
import type { Store } from '../../store/db.ts';
import { CHANNELS, sessionClient } from './channels.ts';

const POLL_MS = 2_000;

export async function sharedEventLog(
  store: Store,
  url: string,
  log: { warn: (o: object, m: string) => void },
): Promise<{ events: DbEventLog; close(): Promise<void> }> {
  let closing = false;
  const session = await sessionClient(url, (err) => {
    if (!closing) log.warn({ err: err.message }, 'live event log lost its database session');
  });
  const events = await DbEventLog.open(store, async (id) => {
    await session.query('SELECT pg_notify($1, $2)', [CHANNELS.live, String(id)]);
  });
  const pull = () =>
    void events.pull().catch((err: Error) => log.warn({ err: err.message }, 'live events not read'));
  session.on('notification', (n) => n.channel === CHANNELS.live && pull());
  await session.query(`LISTEN ${CHANNELS.live}`);
  const timer = setInterval(pull, POLL_MS);
  return {
    events,
    async close() {
      closing = true;
      clearInterval(timer);
      events.close();
      await session.end().catch(() => undefined);
    },
  };
}
