// Each user's notification preferences: which channels, which events (all on until turned off),
// the mail address, the mobile number (DingTalk's @-mention) and the language. A user without a row
// has the defaults. Address and number are sealed at rest with the data key (crypto/column-cipher.ts).
import { sql } from 'drizzle-orm';
import { openNullable, sealNullable } from '../crypto/column-cipher.ts';
import { dataKey } from '../crypto/profile.ts';
import type { Db, Tx } from '../store/db.ts';
import { CHANNELS, EVENT_KINDS, type ChannelName, type EventKind, type Language } from './events.ts';

export interface Preferences {
  channels: ChannelName[];
  /** The events the user is told of. */
  events: EventKind[];
  email: string | null;
  /** Mobile number, for the DingTalk robot's @-mention (at.atMobiles). */
  phone: string | null;
  language: Language;
}

/** Until a user chooses: every channel that needs no address of theirs, every event, in Chinese. */
export const DEFAULT_PREFERENCES: Preferences = {
  channels: CHANNELS.filter((c) => c !== 'email'),
  events: [...EVENT_KINDS],
  email: null,
  phone: null,
  language: 'zh-CN',
};

interface Row {
  user_id: string;
  channels: ChannelName[];
  muted: string[];
  email: string | null;
  phone: string | null;
  language: Language;
}

const fromRow = (r: Row): Preferences => ({
  channels: CHANNELS.filter((c) => r.channels.includes(c)),
  events: EVENT_KINDS.filter((k) => !r.muted.includes(k)),
  email: openNullable(r.email),
  phone: openNullable(r.phone),
  language: r.language,
});

/** The preferences of each of `users` (the defaults for those who never chose). */
export async function preferencesOf(tx: Tx, users: string[]): Promise<Map<string, Preferences>> {
  const out = new Map<string, Preferences>(users.map((u) => [u, DEFAULT_PREFERENCES]));
  if (!users.length) return out;
  const r = (await (tx as Db).execute(
    sql`SELECT user_id, channels, muted, email, phone, language FROM notification_preferences WHERE user_id IN (${sql.join(
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

/**
 * Replaces a user's preferences; returns them as stored. A `phone` left out keeps the stored one
 * (a client that does not show the number does not erase it).
 */
export async function setPreferences(
  tx: Tx,
  user: string,
  p: Omit<Preferences, 'phone'> & { phone?: string | null | undefined },
): Promise<Preferences> {
  const muted = EVENT_KINDS.filter((k) => !p.events.includes(k));
  const channels = CHANNELS.filter((c) => p.channels.includes(c));
  const keep = p.phone === undefined;
  await (tx as Db).execute(sql`
    INSERT INTO notification_preferences (user_id, channels, muted, email, phone, language, updated_at)
    VALUES (${user}, ${JSON.stringify(channels)}::jsonb, ${JSON.stringify(muted)}::jsonb, ${sealNullable(p.email)}, ${sealNullable(p.phone)}, ${p.language}, now())
    ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, muted = EXCLUDED.muted,
      email = EXCLUDED.email, phone = CASE WHEN ${keep} THEN notification_preferences.phone ELSE EXCLUDED.phone END,
      language = EXCLUDED.language, updated_at = now()`);
  return getPreferences(tx, user);
}

/**
 * Preferences as the audit trail records them. With a data key the address and number are sealed at
 * rest, and the audit must not hold them in clear beside: it keeps a masked form (138****8000,
 * a***@example.gov.cn), enough to see that and roughly how they changed.
 */
export function auditablePreferences(p: Preferences): Preferences {
  if (!dataKey()) return p;
  const maskPhone = (v: string) => (v.length > 6 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****');
  const maskEmail = (v: string) => {
    const at = v.lastIndexOf('@');
    return at > 0 ? `${v[0]}***${v.slice(at)}` : '***';
  };
  return {
    ...p,
    email: p.email === null ? null : maskEmail(p.email),
    phone: p.phone === null ? null : maskPhone(p.phone),
  };
}
