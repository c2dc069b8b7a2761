// The outbox: a producer enqueues in its own transaction (the event and its notifications commit
// or roll back together); the dispatcher sends later. The recipient's preferences are applied
// here: one row per channel they chose, none for an event they turned off. The dedupe key makes
// the same event (a retried call, a second replica seeing it) enqueue once.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../store/db.ts';
import type { ChannelName, EventKind, EventParams, Language } from './events.ts';
import { preferencesOf } from './preferences.ts';
import { openNullable, sealNullable } from '../crypto/column-cipher.ts';

export interface Notification {
  /** The user (account name) it is for. */
  recipient: string;
  kind: EventKind;
  params: EventParams;
  /** The same event has the same key (e.g. `request:12:step:1`): enqueued once per recipient and channel. */
  dedupeKey: string;
}

/** Enqueues on the channels each recipient chose among `available`; returns the rows added. */
export async function enqueue(
  tx: Tx,
  notifications: Notification[],
  available: readonly ChannelName[],
): Promise<number> {
  const prefs = await preferencesOf(tx, [...new Set(notifications.map((n) => n.recipient))]);
  let added = 0;
  for (const n of notifications) {
    const p = prefs.get(n.recipient)!;
    if (!p.events.includes(n.kind)) continue;
    for (const channel of p.channels) {
      if (!available.includes(channel)) continue;
      // Where to: the mail address, or (DingTalk) the number its robot @-mentions. Sealed at rest
      // with the data key like the preferences it comes from.
      const address = channel === 'email' ? p.email : channel === 'dingtalk' ? p.phone : null;
      if (channel === 'email' && !address) continue;
      const r = (await (tx as Db).execute(sql`
        INSERT INTO notification_outbox (recipient, channel, kind, params, dedupe_key, address, language)
        VALUES (${n.recipient}, ${channel}, ${n.kind}, ${JSON.stringify(n.params)}::jsonb, ${n.dedupeKey}, ${sealNullable(address)}, ${p.language})
        ON CONFLICT (recipient, channel, dedupe_key) DO NOTHING
        RETURNING id`)) as unknown as { rows: unknown[] };
      added += r.rows.length;
    }
  }
  return added;
}

export interface OutboxRow {
  id: number;
  recipient: string;
  channel: ChannelName;
  kind: EventKind;
  params: EventParams;
  dedupeKey: string;
  address: string | null;
  language: Language;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
}

/** The outbox's rows (oldest first), optionally of one recipient: for operators and tests. */
export async function listOutbox(db: Tx, o: { recipient?: string } = {}): Promise<OutboxRow[]> {
  const r = (await (db as Db).execute(sql`
    SELECT id, recipient, channel, kind, params, dedupe_key AS "dedupeKey", address, language, status,
      attempts, last_error AS "lastError", sent_at AS "sentAt"
    FROM notification_outbox
    ${o.recipient === undefined ? sql`` : sql`WHERE recipient = ${o.recipient}`}
    ORDER BY id`)) as unknown as { rows: OutboxRow[] };
  return r.rows.map((x) => ({ ...x, id: Number(x.id), address: openNullable(x.address) }));
}
