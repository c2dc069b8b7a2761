// Live events with a durable, monotonic id, so a console that loses its stream (or is sent to
// another replica) resumes from the last event it received (tRPC's tracked() and lastEventId).
// Every event goes through the log: appended once, by the process that decided it, and read back
// by every process (this one included), in id order.
import { EventEmitter } from 'node:events';
import { asc, gt, lt } from 'drizzle-orm';
import { lockFor, rawQuery, type Db, type Store } from '../store/db.ts';
import { liveEvents } from '../store/schema.ts';
import type { LiveEvent } from './live-feed.ts';
import { SingleFlight } from '../lib/single-flight.ts';

export interface LoggedEvent {
  id: number;
  event: LiveEvent;
}

export interface EventLog extends EventEmitter<{ logged: [LoggedEvent] }> {
  append(e: LiveEvent): Promise<void>;
  /** Events after `id`, oldest first; null when some of them are no longer kept. */
  since(id: number): Promise<LoggedEvent[] | null>;
  /** The id of the last event read (0 before any). */
  lastId(): number;
  close(): void;
}

/** Kept this long; a console away longer refetches what it shows. */
const KEEP_MS = 24 * 3600_000;
/** Read back at most this many at a time. */
const PAGE = 500;
/** A console that missed more than this refetches what it shows instead. */
const REPLAY_MAX = 2000;

/** The events in the database; `announce` tells other processes (PostgreSQL NOTIFY). */
export class DbEventLog extends EventEmitter<{ logged: [LoggedEvent] }> implements EventLog {
  private last = 0;
  private appended = 0;

  private constructor(
    private readonly store: Store,
    private readonly announce: (id: number) => Promise<void>,
  ) {
    super();
    this.setMaxListeners(0);
  }

  /** Starts after the newest event stored: what happened before is not replayed as live. */
  static async open(store: Store, announce: (id: number) => Promise<void> = async () => undefined) {
    const log = new DbEventLog(store, announce);
    const [row] = await rawQuery<{ max: string | null }>(
      store.db,
      'SELECT max(id)::text AS max FROM live_events',
    );
    log.last = Number(row?.max ?? 0);
    return log;
  }

  async append(e: LiveEvent): Promise<void> {
    const d = this.store.db as Db;
    // Under a lock until commit: ids become visible in id order, so a reader that has seen id N
    // never finds N-1 committed later (it would never be sent).
    const row = await d.transaction(async (tx) => {
      await lockFor(tx, 'yunqian-live-events');
      const [r] = await (tx as unknown as Db)
        .insert(liveEvents)
        .values({ at: new Date(), event: e })
        .returning();
      return r!;
    });
    if (++this.appended % 100 === 0) {
      await d.delete(liveEvents).where(lt(liveEvents.at, new Date(Date.now() - KEEP_MS)));
    }
    await this.announce(row.id);
    await this.pull();
  }

  /** Reads every event after the last one read (on an announcement, or after appending here). */
  pull(): Promise<void> {
    return this.reading.run();
  }

  private readonly reading = new SingleFlight(async () => {
    for (;;) {
      const rows = await (this.store.db as Db)
        .select()
        .from(liveEvents)
        .where(gt(liveEvents.id, this.last))
        .orderBy(asc(liveEvents.id))
        .limit(PAGE);
      for (const r of rows) {
        this.last = r.id;
        this.emit('logged', { id: r.id, event: r.event as LiveEvent });
      }
      if (rows.length < PAGE) return;
    }
  });

  async since(id: number): Promise<LoggedEvent[] | null> {
    const [kept] = await rawQuery<{ min: string | null; max: string | null }>(
      this.store.db,
      'SELECT min(id)::text AS min, max(id)::text AS max FROM live_events',
    );
    // Events after `id` are no longer kept, or `id` is from another database (a sandbox that
    // restarted, a restore): the console starts over (refetches what it shows).
    if (kept?.min && Number(kept.min) > id + 1) return null;
    if (id > Number(kept?.max ?? 0)) return null;
    const rows = await (this.store.db as Db)
      .select()
      .from(liveEvents)
      .where(gt(liveEvents.id, id))
      .orderBy(asc(liveEvents.id))
      .limit(REPLAY_MAX + 1);
    // Away for longer than is worth replaying: start over too.
    if (rows.length > REPLAY_MAX) return null;
    return rows.map((r) => ({ id: r.id, event: r.event as LiveEvent }));
  }

  lastId(): number {
    return this.last;
  }

  close(): void {
    this.removeAllListeners();
  }
}
