// "A step waiting for you": a resource request that reaches a step (accepted, passed up a level,
// approved, provisioned…) tells those who act at that step (the deciding accounts of a unit on the
// request's network; the province-wide ones at the province's level or when it has no levels; the
// department for its test; the parties of its trial run).
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { users } from '../store/schema.ts';
import type { Db, Tx } from '../store/db.ts';
import { trialEarliest, type Lifecycle } from '../requests/lifecycle.ts';
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
  lifecycle: Lifecycle;
}

/** The deciding accounts of `level` (the province's: also those without a unit) on `r`'s network. */
async function deciders(db: Tx, r: Request, level: string | undefined, provinceLevel: string | null) {
  const atProvince = level === undefined || level === provinceLevel;
  const unit = level === undefined ? isNull(users.department) : eq(users.department, level);
  const rows = await (db as Db)
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
  return rows.map((x) => x.username);
}

/**
 * The accounts `r` waits for at its step: the first level's deciders to accept it, the awaited
 * level's to review it, the province's operators to provision it, the department that asked to
 * test it, and the three parties of its trial run. Never the one who asked to decide it.
 */
export async function awaitedBy(db: Tx, r: Request, provinceLevel: string | null): Promise<string[]> {
  const reviewed = new Set(r.reviews.map((x) => x.by));
  switch (r.status === 'pending' || r.status === 'approved' || r.status === 'live' ? r.step : null) {
    case 'accept':
      return (await deciders(db, r, r.reviewLevels[0], provinceLevel)).filter((u) => u !== r.requestedBy);
    case 'review':
      return (await deciders(db, r, r.reviewLevels[r.reviewStep], provinceLevel)).filter(
        (u) => u !== r.requestedBy && !reviewed.has(u),
      );
    case 'provision':
      return deciders(db, r, provinceLevel ?? undefined, provinceLevel);
    case 'test':
      return [r.requestedBy];
    case 'trial':
      return [r.requestedBy, ...(await deciders(db, r, provinceLevel ?? undefined, provinceLevel))];
    default:
      return [];
  }
}

/**
 * Enqueues "a step waiting for you" for those `r` now awaits, in the caller's transaction (the
 * step and its notifications commit together); returns the rows added. Once per step and level:
 * the dedupe key is the request, its step and its review level.
 */
export async function notifyAwaitedStep(tx: Tx, r: Request, c: StepContext): Promise<number> {
  if (!c.available.length) return 0;
  const recipients = await awaitedBy(tx, r, c.provinceLevel);
  if (!recipients.length) return 0;
  const due = r.dueAt ?? (r.step === 'trial' ? trialEarliest(r.stepStartedAt, c.lifecycle) : null);
  const at = due
    ? new Intl.DateTimeFormat('sv-SE', {
        timeZone: c.timeZone,
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(due)
    : '';
  return enqueue(
    tx,
    recipients.map((recipient) => ({
      recipient,
      kind: 'request.awaiting' as const,
      params: {
        requestId: r.id,
        system: c.systemName?.zh ?? r.system,
        systemEn: c.systemName?.en ?? r.system,
        step: r.step,
        dueAt: at,
      },
      // Once per step as it started (a confirmation within the trial run tells nobody again; an
      // amendment, which starts the acceptance again, does).
      dedupeKey: `request:${r.id}:${r.step}${r.step === 'review' ? `:${r.reviewStep}` : ''}@${r.stepStartedAt.getTime()}`,
    })),
    c.available,
  );
}
