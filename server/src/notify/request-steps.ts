// The first producer: a resource request that is created, or passed up a level, waits for the
// reviewers of the level it awaits (the deciding accounts of that unit on the request's network;
// the province-wide ones at the province's level or when it has no levels). They are told once
// per step: the dedupe key is the request and its step.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { users } from '../store/schema.ts';
import type { Db, Store } from '../store/db.ts';
import type { Request } from '../store/requests.ts';
import { rolesWith } from '../auth/policy.ts';
import type { ChannelName } from './events.ts';
import { enqueue } from './outbox.ts';

export interface StepContext {
  /** The channels notifications can go by (the configured ones). */
  available: readonly ChannelName[];
  /** The province's unit: its reviewers are the accounts without a unit. */
  provinceLevel: string | null;
  /** The system's name (the request names its id). */
  systemName?: { zh: string; en: string } | undefined;
  timeZone: string;
}

/** The accounts that review `r` at the level it awaits now (none once it is decided). */
export async function awaitedReviewers(db: Db, r: Request, provinceLevel: string | null): Promise<string[]> {
  if (r.status !== 'pending') return [];
  const level = r.reviewLevels[r.reviewStep];
  const atProvince = level === undefined || level === provinceLevel;
  const unit = level === undefined ? isNull(users.department) : eq(users.department, level);
  const rows = await db
    .select({ username: users.username })
    .from(users)
    .where(
      and(
        inArray(users.role, rolesWith('requests.decide')),
        eq(users.disabled, false),
        atProvince && level !== undefined ? or(unit, isNull(users.department)) : unit,
        or(isNull(users.network), eq(users.network, r.network)),
      ),
    );
  const reviewed = new Set(r.reviews.map((x) => x.by));
  return rows.map((x) => x.username).filter((u) => u !== r.requestedBy && !reviewed.has(u));
}

/** Enqueues "a step waiting for you" for the awaited reviewers; returns the rows added. */
export async function notifyAwaitedStep(store: Store, r: Request, c: StepContext): Promise<number> {
  if (!c.available.length) return 0;
  const reviewers = await awaitedReviewers(store.db, r, c.provinceLevel);
  if (!reviewers.length) return 0;
  const dueAt = new Intl.DateTimeFormat('sv-SE', {
    timeZone: c.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(r.dueAt);
  return store.db.transaction((tx) =>
    enqueue(
      tx,
      reviewers.map((recipient) => ({
        recipient,
        kind: 'request.awaiting' as const,
        params: {
          requestId: r.id,
          system: c.systemName?.zh ?? r.system,
          systemEn: c.systemName?.en ?? r.system,
          dueAt,
        },
        dedupeKey: `request:${r.id}:step:${r.reviewStep}`,
      })),
      c.available,
    ),
  );
}
