// Resource requests (资源申请): a department asks for more quota for a system on a network; an
// operator approves (possibly adjusting) or rejects within the SLA; an approved request stays
// "approved, not yet live" until the live quota carries it, then closes by itself.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { resourceRequests } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { addWorkingDays, type WorkCalendar } from './calendar.ts';
import { ConflictError, FourEyesError, NotFoundError, OutOfTurnError } from './errors.ts';
import { drawOnPools } from './pools.ts';

export const SLA_WORKING_DAYS = 5;

export interface Actor {
  id: string;
  requestId: string;
  /** The server's one clock at the moment of the request (the sandbox's clock in the sandbox). */
  at?: Date | undefined;
}

export interface NewRequest {
  system: string;
  department: string;
  network: 'internal' | 'external';
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  reason: string;
  submissionId?: string | undefined;
  /** The units that review it, nearest first (see auth/review-levels.ts). */
  reviewLevels?: string[] | undefined;
  /** Its unit and that unit's ancestors: the pools an approval draws on (store/pools.ts). */
  pools?: string[] | undefined;
}

export type Request = typeof resourceRequests.$inferSelect;

export async function createRequest(
  store: Store,
  by: Actor,
  r: NewRequest,
  calendar: WorkCalendar,
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const [row] = await (tx as unknown as Db)
      .insert(resourceRequests)
      .values({
        ...r,
        status: 'pending',
        requestedBy: by.id,
        requestedAt: now,
        dueAt: addWorkingDays(now, SLA_WORKING_DAYS, calendar),
      })
      // The same submission again (a double click, a retry after a lost answer): nothing new...
      .onConflictDoNothing()
      .returning();
    if (!row) {
      // ...and the request it already made (a concurrent twin has committed by now: PostgreSQL
      // waits for it before deciding there is a conflict).
      const [made] = await (tx as unknown as Db)
        .select()
        .from(resourceRequests)
        .where(
          and(eq(resourceRequests.requestedBy, by.id), eq(resourceRequests.submissionId, r.submissionId!)),
        );
      return made!;
    }
    await audit(tx, {
      actor: by.id,
      action: 'request.create',
      objectType: 'resource-request',
      objectId: String(row!.id),
      before: null,
      after: row,
      requestId: by.requestId,
      at: now,
    });
    return row!;
  });
}

export interface Decision {
  id: number;
  /** The version the operator looked at: a decision on a stale view is refused. */
  version: number;
  decision: 'approve' | 'reject';
  comment: string;
  /** Approve with adjusted amounts (defaults to what was asked). */
  adjusted?: { cpu: number; memoryGiB: number; storageGiB: number } | undefined;
  /**
   * The level the decider reviews at (their unit, or the province's): on a request reviewed level
   * by level, only the awaited level decides; an approval below the last level passes it upward.
   */
  level?: string | null | undefined;
}

export async function decideRequest(store: Store, by: Actor, d: Decision, now = by.at ?? new Date()) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(resourceRequests).where(eq(resourceRequests.id, d.id));
    if (!before) throw new NotFoundError(`resource request ${d.id} does not exist`);
    if (before.requestedBy === by.id)
      throw new FourEyesError(
        `${by.id} asked for resource request ${d.id} and cannot decide it`,
        'own-request',
      );
    const levels = before.reviewLevels;
    const awaiting = levels[before.reviewStep];
    // (A request no longer pending fails below as a conflict: someone decided it first.)
    if (before.status === 'pending') {
      if (awaiting !== undefined && awaiting !== d.level)
        throw new OutOfTurnError(`resource request ${d.id} awaits the review of ${awaiting}`, awaiting);
      if (before.reviews.some((r) => r.by === by.id))
        throw new FourEyesError(`${by.id} already reviewed resource request ${d.id}`, 'reviewed-already');
    }
    const approve = d.decision === 'approve';
    // An approval below the last level passes the request up, still pending, with the review kept.
    const upward = approve && before.reviewStep < levels.length - 1;
    const granted = {
      cpu: d.adjusted?.cpu ?? before.cpu,
      memoryGiB: d.adjusted?.memoryGiB ?? before.memoryGiB,
      storageGiB: d.adjusted?.storageGiB ?? before.storageGiB,
    };
    // The grant itself stays within every pool it draws on (locked until this transaction ends).
    if (approve && !upward && before.status === 'pending')
      await drawOnPools(t, before.pools, before.network, granted);
    const review = { level: awaiting ?? '', by: by.id, at: now.toISOString(), comment: d.comment };
    const [after] = await t
      .update(resourceRequests)
      .set(
        upward
          ? {
              reviewStep: before.reviewStep + 1,
              reviews: [...before.reviews, review],
              version: d.version + 1,
            }
          : {
              status: approve ? 'approved' : 'rejected',
              decidedBy: by.id,
              decidedAt: now,
              comment: d.comment,
              approvedCpu: approve ? granted.cpu : null,
              approvedMemoryGiB: approve ? granted.memoryGiB : null,
              approvedStorageGiB: approve ? granted.storageGiB : null,
              reviews: awaiting === undefined ? before.reviews : [...before.reviews, review],
              version: d.version + 1,
            },
      )
      // The version check and the update are one statement: of two concurrent deciders exactly one matches.
      .where(
        and(
          eq(resourceRequests.id, d.id),
          eq(resourceRequests.version, d.version),
          eq(resourceRequests.status, 'pending'),
        ),
      )
      .returning();
    if (!after) {
      const [now2] = await t.select().from(resourceRequests).where(eq(resourceRequests.id, d.id));
      throw new ConflictError(
        `resource request ${d.id} was already ${now2?.status ?? 'changed'}${now2?.decidedBy ? ` by ${now2.decidedBy}` : ''} (version ${now2?.version}); reload and decide again`,
      );
    }
    await audit(tx, {
      actor: by.id,
      action: upward ? 'request.review' : `request.${d.decision}`,
      objectType: 'resource-request',
      objectId: String(d.id),
      before,
      after,
      requestId: by.requestId,
      at: now,
    });
    return after;
  });
}

/** The one who asked takes a pending request back (before anyone decides it). Audited. */
export async function withdrawRequest(
  store: Store,
  by: Actor,
  w: { id: number; version: number; comment?: string | undefined },
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(resourceRequests).where(eq(resourceRequests.id, w.id));
    if (!before) throw new NotFoundError(`resource request ${w.id} does not exist`);
    if (before.requestedBy !== by.id)
      throw new FourEyesError(`only ${before.requestedBy} may withdraw request ${w.id}`, 'not-own-request');
    const [after] = await t
      .update(resourceRequests)
      .set({
        status: 'withdrawn',
        decidedBy: by.id,
        decidedAt: now,
        comment: w.comment || null,
        version: w.version + 1,
      })
      .where(
        and(
          eq(resourceRequests.id, w.id),
          eq(resourceRequests.version, w.version),
          eq(resourceRequests.status, 'pending'),
        ),
      )
      .returning();
    if (!after)
      throw new ConflictError(`resource request ${w.id} is no longer pending (version ${before.version})`);
    await audit(tx, {
      actor: by.id,
      action: 'request.withdraw',
      objectType: 'resource-request',
      objectId: String(w.id),
      before,
      after,
      requestId: by.requestId,
      at: now,
    });
    return after;
  });
}

/**
 * An operator releases a granted request (its resources reclaimed, the system leaving the cloud):
 * it no longer counts against its pools nor in the tenant program's approved increases. Audited.
 */
export async function releaseRequest(
  store: Store,
  by: Actor,
  r: { id: number; version: number; comment: string },
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(resourceRequests).where(eq(resourceRequests.id, r.id));
    if (!before) throw new NotFoundError(`resource request ${r.id} does not exist`);
    const [after] = await t
      .update(resourceRequests)
      .set({ status: 'released', comment: r.comment, version: r.version + 1 })
      .where(
        and(
          eq(resourceRequests.id, r.id),
          eq(resourceRequests.version, r.version),
          inArray(resourceRequests.status, ['approved', 'live']),
        ),
      )
      .returning();
    if (!after)
      throw new ConflictError(
        `resource request ${r.id} is not granted at version ${r.version} (${before.status})`,
      );
    await audit(tx, {
      actor: by.id,
      action: 'request.release',
      objectType: 'resource-request',
      objectId: String(r.id),
      before,
      after,
      requestId: by.requestId,
      at: now,
    });
    return after;
  });
}

export async function listRequests(
  db: Db,
  f: { departments?: ReadonlySet<string> | null; network?: string; status?: string[]; id?: number } = {},
) {
  const where: SQL[] = [];
  if (f.network) where.push(eq(resourceRequests.network, f.network));
  if (f.id !== undefined) where.push(eq(resourceRequests.id, f.id));
  if (f.departments) where.push(inArray(resourceRequests.department, [...f.departments]));
  if (f.status?.length) where.push(inArray(resourceRequests.status, f.status));
  return db
    .select()
    .from(resourceRequests)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(resourceRequests.id));
}

/** Approved increases per system, for the tenant program's `approvedRequests` config. */
export async function approvedIncreases(db: Db) {
  const rows = await listRequests(db, { status: ['approved', 'live'] });
  return rows.map((r) => ({
    system: r.system,
    cpu: r.approvedCpu ?? 0,
    memoryGiB: r.approvedMemoryGiB ?? 0,
    storageGiB: r.approvedStorageGiB ?? 0,
  }));
}

/**
 * Closes approved requests whose system's live quota now carries them: `expected` gives, per
 * system, the quota the code declares with every approval included (cores, GiB).
 */
export async function closeLive(
  store: Store,
  live: (system: string) => { cpu?: number; memory?: number } | null,
  expected: (system: string) => { cpu: number; memoryGiB: number } | null,
  by: Actor,
  now = by.at ?? new Date(),
): Promise<(typeof resourceRequests.$inferSelect)[]> {
  const open = await listRequests(store.db, { status: ['approved'] });
  const closed: (typeof resourceRequests.$inferSelect)[] = [];
  for (const r of open) {
    const have = live(r.system);
    const want = expected(r.system);
    if (!have || !want || (have.cpu ?? 0) < want.cpu || (have.memory ?? 0) < want.memoryGiB * 2 ** 30)
      continue;
    await store.db.transaction(async (tx) => {
      const [after] = await (tx as unknown as Db)
        .update(resourceRequests)
        .set({ status: 'live', liveAt: now, version: r.version + 1 })
        .where(and(eq(resourceRequests.id, r.id), eq(resourceRequests.version, r.version)))
        .returning();
      if (!after) return;
      closed.push(after);
      await audit(tx, {
        actor: by.id,
        action: 'request.live',
        objectType: 'resource-request',
        objectId: String(r.id),
        before: r,
        after,
        requestId: by.requestId,
        at: now,
      });
    });
  }
  return closed;
}
