// Each user's notification preferences: which channels, which events (all on until turned off),
// the mail address and the language. A user without a row has the defaults.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../store/db.ts';
import { CHANNELS, EVENT_KINDS, type ChannelName, type EventKind, type Language } from './events.ts';

export interface Preferences {
  channels: ChannelName[];
  /** The events the user is told of. */
  events: EventKind[];
  email: string | null;
  language: Language;
}

/** Until a user chooses: every channel that needs no address of theirs, every event, in Chinese. */
export const DEFAULT_PREFERENCES: Preferences = {
  channels: CHANNELS.filter((c) => c !== 'email'),
  events: [...EVENT_KINDS],
  email: null,
  language: 'zh-CN',
};

interface Row {
  user_id: string;
  channels: ChannelName[];
  muted: string[];
  email: string | null;
  language: Language;
}

const fromRow = (r: Row): Preferences => ({
  channels: CHANNELS.filter((c) => r.channels.includes(c)),
  events: EVENT_KINDS.filter((k) => !r.muted.includes(k)),
  email: r.email,
  language: r.language,
});

/** The preferences of each of `users` (the defaults for those who never chose). */
export async function preferencesOf(tx: Tx, users: string[]): Promise<Map<string, Preferences>> {
  const out = new Map<string, Preferences>(users.map((u) => [u, DEFAULT_PREFERENCES]));
  if (!users.length) return out;
  const r = (await (tx as Db).execute(
    sql`SELECT user_id, channels, muted, email, language FROM notification_preferences WHERE user_id IN (${sql.join(
      users.map((u) => sql`${u}`),
      sql`, `,
    )})`,
  )) as unknown as { rows: Row[] };
  for (const row of r.rows) out.set(row.user_id, fromRow(row));
  return out;
}

export async function getPreferences(tx: Tx, user: string): Promise<Preferences> {
  return (await preferencesOf(tx, [user])).get(user)!;
}

/** Replaces a user's preferences; returns them as stored. */
export async function setPreferences(tx: Tx, user: string, p: Preferences): Promise<Preferences> {
  const muted = EVENT_KINDS.filter((k) => !p.events.includes(k));
  const channels = CHANNELS.filter((c) => p.channels.includes(c));
  await (tx as Db).execute(sql`
    INSERT INTO notification_preferences (user_id, channels, muted, email, language, updated_at)
    VALUES (${user}, ${JSON.stringify(channels)}::jsonb, ${JSON.stringify(muted)}::jsonb, ${p.email}, ${p.language}, now())
    ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, muted = EXCLUDED.muted,
      email = EXCLUDED.email, language = EXCLUDED.language, updated_at = now()`);
  return getPreferences(tx, user);
}
