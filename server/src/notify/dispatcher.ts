// The dispatcher: claims due outbox rows with FOR UPDATE SKIP LOCKED in a short transaction (so
// dispatchers in several replicas on one PostgreSQL never take the same row), sends them outside
// it, then marks each sent, or due again after an exponential back-off, or failed after the last
// attempt, keeping the last error. A claim lapses after `claimMs` (longer than any send may take):
// a row whose dispatcher died while sending is sent again then, the one case of a second send.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import type { ChannelName, EventKind, EventParams, Language } from './events.ts';
import { render } from './templates.ts';
import type { Channel } from './channels/channel.ts';
import { openNullable } from '../crypto/column-cipher.ts';

export interface DispatcherOptions {
  db: Db;
  channels: readonly Channel[];
  /** Attempts before a row is given up as failed. */
  maxAttempts?: number;
  /** The wait after the first failure; it doubles after each further one, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Rows claimed at once. */
  batch?: number;
  /** The pause between polls when nothing was due. */
  intervalMs?: number;
  /** How long a claim holds: longer than a send can take (each channel gives up after 10 s). */
  claimMs?: number;
  log?: { warn: (o: object, m: string) => void };
}

interface Claimed {
  id: string | number;
  recipient: string;
  channel: ChannelName;
  kind: EventKind;
  params: EventParams;
  address: string | null;
  language: Language;
  attempts: number;
}

export interface RunResult {
  sent: number;
  retried: number;
  failed: number;
}

/** The wait before attempt `attempts + 1`, after `attempts` failures. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export class Dispatcher {
  private readonly o: Required<Omit<DispatcherOptions, 'log'>> & Pick<DispatcherOptions, 'log'>;
  private readonly byName: Map<ChannelName, Channel>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(o: DispatcherOptions) {
    this.o = {
      maxAttempts: 6,
      baseDelayMs: 30_000,
      maxDelayMs: 3_600_000,
      batch: 20,
      intervalMs: 5_000,
      claimMs: 120_000,
      ...o,
    };
    this.byName = new Map(o.channels.map((c) => [c.name, c]));
  }

  private async exec<T>(q: ReturnType<typeof sql>): Promise<T[]> {
    const r = (await (this.o.db as Db).execute(q)) as unknown as { rows: T[] };
    return r.rows;
  }

  /** Claims one batch of due rows, sends them, and records each outcome. */
  async runOnce(): Promise<RunResult> {
    const claim = randomUUID();
    const rows = await this.o.db.transaction(async (tx) => {
      const r = (await (tx as unknown as Db).execute(sql`
        WITH due AS (
          SELECT id FROM notification_outbox
          WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
          ORDER BY next_attempt_at, id
          LIMIT ${this.o.batch}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE notification_outbox o
        SET status = 'sending', claim = ${claim}, attempts = o.attempts + 1,
          next_attempt_at = now() + ${this.o.claimMs} * interval '1 millisecond'
        FROM due WHERE o.id = due.id
        RETURNING o.id, o.recipient, o.channel, o.kind, o.params, o.address, o.language, o.attempts`)) as unknown as {
        rows: Claimed[];
      };
      return r.rows;
    });
    const result: RunResult = { sent: 0, retried: 0, failed: 0 };
    await Promise.all(
      rows.map(async (row) => {
        const error = await this.send(row).then(
          () => null,
          (e: Error) => e.message || String(e),
        );
        if (error === null) {
          await this.exec(sql`
            UPDATE notification_outbox SET status = 'sent', sent_at = now(), claim = NULL
            WHERE id = ${row.id} AND claim = ${claim}`);
          result.sent++;
          return;
        }
        const last = row.attempts >= this.o.maxAttempts;
        const wait = backoffMs(row.attempts, this.o.baseDelayMs, this.o.maxDelayMs);
        await this.exec(sql`
          UPDATE notification_outbox
          SET status = ${last ? 'failed' : 'pending'}, last_error = ${error.slice(0, 2000)}, claim = NULL,
            next_attempt_at = now() + ${wait} * interval '1 millisecond'
          WHERE id = ${row.id} AND claim = ${claim}`);
        if (last) result.failed++;
        else result.retried++;
        this.o.log?.warn(
          { id: row.id, channel: row.channel, attempts: row.attempts, err: error },
          'notification not sent',
        );
      }),
    );
    return result;
  }

  private async send(row: Claimed): Promise<void> {
    const channel = this.byName.get(row.channel);
    if (!channel) throw new Error(`channel ${row.channel} is not configured`);
    const { subject, text } = render(row.kind, row.language, row.params);
    await channel.send({
      recipient: row.recipient,
      // Sealed at rest (crypto/column-cipher.ts); opened only to send.
      address: openNullable(row.address),
      kind: row.kind,
      language: row.language,
      params: row.params,
      subject,
      text,
    });
  }

  /** Polls until stopped: at once again after a full batch, after `intervalMs` otherwise. */
  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    const loop = async () => {
      let busy = false;
      try {
        const r = await this.runOnce();
        busy = r.sent + r.retried + r.failed >= this.o.batch;
      } catch (e) {
        this.o.log?.warn({ err: (e as Error).message }, 'notification dispatch failed');
      }
      if (!this.stopped) this.timer = setTimeout(tick, busy ? 0 : this.o.intervalMs);
    };
    const tick = () => {
      this.running = loop();
    };
    tick();
    return this;
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
