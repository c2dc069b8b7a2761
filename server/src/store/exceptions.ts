// Exceptions (不上云例外): a department applies for one of its systems to stay off the cloud, with a
// reason and the last day the exception holds; the data bureau approves or rejects it with a
// comment, never the applicant (four eyes: here and in the table's constraints). The applicant may
// withdraw a pending application; the data bureau may revoke an approved exception; approving a
// new application for a system supersedes the exception it had. Every change is version-checked
// and audited in its own transaction. Approved exceptions reach the tracker with the sign-offs
// (readWorkflows), which counts the system apart and turns an expired one into a blocker.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { retainExceptions } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError, FourEyesError, isUniqueViolation, NotFoundError } from './errors.ts';
import type { Actor } from './requests.ts';

export const EXCEPTION_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'withdrawn',
  'revoked',
  'superseded',
] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export type ExceptionRow = typeof retainExceptions.$inferSelect;

/** A system already has an application awaiting a decision. */
export class PendingExceptionError extends Error {
  readonly code = 'CONFLICT';
  constructor(readonly system: string) {
    super(`${system} already has an exception application awaiting a decision`);
  }
}

/** What the audit keeps of an application (its `exceptionState`, not to read as a request's status). */
const recorded = (e: ExceptionRow) => ({
  system: e.system,
  department: e.department,
  network: e.network,
  reason: e.reason,
  expiresOn: e.expiresOn,
  exceptionState: e.status,
  ...(e.decidedBy ? { decidedBy: e.decidedBy, comment: e.decisionComment } : {}),
  ...(e.closedBy ? { closedBy: e.closedBy, closeComment: e.closeComment } : {}),
  version: e.version,
});

const objectOf = (e: ExceptionRow) => ({ objectType: 'exception', objectId: String(e.id) });

export interface NewException {
  system: string;
  department: string;
  network: 'internal' | 'external';
  reason: string;
  /** The last day it would hold (YYYY-MM-DD). */
  expiresOn: string;
  submissionId?: string | undefined;
}

/**
 * Records an application. One per system awaits a decision at a time; the same submission twice
 * (a double click, a retry) makes one application and answers with it.
 */
export async function applyException(store: Store, by: Actor, n: NewException, now = by.at ?? new Date()) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (n.submissionId) {
      const [made] = await t
        .select()
        .from(retainExceptions)
        .where(and(eq(retainExceptions.appliedBy, by.id), eq(retainExceptions.submissionId, n.submissionId)));
      if (made) return made;
    }
    const [row] = await t
      .insert(retainExceptions)
      .values({
        system: n.system,
        department: n.department,
        network: n.network,
        reason: n.reason,
        expiresOn: n.expiresOn,
        status: 'pending',
        appliedBy: by.id,
        appliedAt: now,
        submissionId: n.submissionId ?? null,
      })
      .returning()
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? new PendingExceptionError(n.system) : e;
      });
    await audit(tx, {
      actor: by.id,
      action: 'exception.apply',
      ...objectOf(row!),
      before: null,
      after: recorded(row!),
      requestId: by.requestId,
      at: now,
    });
    return row!;
  });
}

export interface ExceptionDecision {
  id: number;
  /** The version the decider looked at: a decision on a stale view is refused. */
  version: number;
  decision: 'approve' | 'reject';
  comment: string;
}

/**
 * The data bureau's decision. The applicant never decides (four eyes); of two concurrent
 * deciders exactly one wins, the other gets a CONFLICT. An approval supersedes the system's
 * exception in force, if it has one, in the same transaction.
 */
export async function decideException(
  store: Store,
  by: Actor,
  d: ExceptionDecision,
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(retainExceptions).where(eq(retainExceptions.id, d.id));
    if (!before) throw new NotFoundError(`exception ${d.id} does not exist`);
    if (before.appliedBy === by.id)
      throw new FourEyesError(`${by.id} applied for exception ${d.id} and cannot decide it`, 'own-request');
    const approve = d.decision === 'approve';
    if (approve && before.status === 'pending') {
      // The exception in force for the system, if any, gives way to this one.
      const [current] = await t
        .select()
        .from(retainExceptions)
        .where(and(eq(retainExceptions.system, before.system), eq(retainExceptions.status, 'approved')))
        .for('update');
      if (current) {
        if (current.appliedBy === by.id)
          throw new FourEyesError(
            `${by.id} applied for exception ${current.id}, which this approval would close`,
            'own-request',
          );
        const [superseded] = await t
          .update(retainExceptions)
          .set({
            status: 'superseded',
            closedBy: by.id,
            closedAt: now,
            closeComment: `#${before.id}`,
            version: current.version + 1,
          })
          .where(and(eq(retainExceptions.id, current.id), eq(retainExceptions.status, 'approved')))
          .returning();
        await audit(tx, {
          actor: by.id,
          action: 'exception.supersede',
          ...objectOf(current),
          before: recorded(current),
          after: recorded(superseded!),
          requestId: by.requestId,
          at: now,
        });
      }
    }
    const [after] = await t
      .update(retainExceptions)
      .set({
        status: approve ? 'approved' : 'rejected',
        decidedBy: by.id,
        decidedAt: now,
        decisionComment: d.comment,
        version: d.version + 1,
      })
      // The version check and the update are one statement: of two concurrent deciders exactly one matches.
      .where(
        and(
          eq(retainExceptions.id, d.id),
          eq(retainExceptions.version, d.version),
          eq(retainExceptions.status, 'pending'),
        ),
      )
      .returning();
    if (!after) throw lost(before, d.version);
    await audit(tx, {
      actor: by.id,
      action: `exception.${d.decision}`,
      ...objectOf(after),
      before: recorded(before),
      after: recorded(after),
      requestId: by.requestId,
      at: now,
    });
    return after;
  });
}

/** The applicant takes a pending application back (before anyone decides it). */
export async function withdrawException(
  store: Store,
  by: Actor,
  w: { id: number; version: number; comment?: string | undefined },
  now = by.at ?? new Date(),
) {
  return closeException(store, by, w, now, 'withdrawn', (before) => {
    if (before.appliedBy !== by.id)
      throw new FourEyesError(`only ${before.appliedBy} may withdraw exception ${w.id}`, 'not-own-request');
  });
}

/** The data bureau ends an approved exception before its day (never its own applicant). */
export async function revokeException(
  store: Store,
  by: Actor,
  r: { id: number; version: number; comment: string },
  now = by.at ?? new Date(),
) {
  return closeException(store, by, r, now, 'revoked', (before) => {
    if (before.appliedBy === by.id)
      throw new FourEyesError(`${by.id} applied for exception ${r.id} and cannot revoke it`, 'own-request');
  });
}

async function closeException(
  store: Store,
  by: Actor,
  c: { id: number; version: number; comment?: string | undefined },
  now: Date,
  to: 'withdrawn' | 'revoked',
  allowed: (before: ExceptionRow) => void,
) {
  const from = to === 'withdrawn' ? 'pending' : 'approved';
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(retainExceptions).where(eq(retainExceptions.id, c.id));
    if (!before) throw new NotFoundError(`exception ${c.id} does not exist`);
    allowed(before);
    const [after] = await t
      .update(retainExceptions)
      .set({
        status: to,
        closedBy: by.id,
        closedAt: now,
        closeComment: c.comment || null,
        version: c.version + 1,
      })
      .where(
        and(
          eq(retainExceptions.id, c.id),
          eq(retainExceptions.version, c.version),
          eq(retainExceptions.status, from),
        ),
      )
      .returning();
    if (!after) throw lost(before, c.version);
    await audit(tx, {
      actor: by.id,
      action: to === 'withdrawn' ? 'exception.withdraw' : 'exception.revoke',
      ...objectOf(after),
      before: recorded(before),
      after: recorded(after),
      requestId: by.requestId,
      at: now,
    });
    return after;
  });
}

/** Someone else acted first (or the view was stale): say who and what it is now. */
function lost(before: ExceptionRow, version: number) {
  const who = before.closedBy ?? before.decidedBy;
  return new ConflictError(
    `exception ${before.id} is ${before.status}${who ? ` by ${who}` : ''} at version ${before.version} (seen: ${version}); reload and act again`,
  );
}

/** Applications, those awaiting a decision first, then newest first. */
export async function listExceptions(
  db: Db,
  f: {
    departments?: ReadonlySet<string> | null;
    network?: string | undefined;
    status?: readonly string[] | undefined;
    system?: string | undefined;
    id?: number | undefined;
    limit?: number | undefined;
  } = {},
): Promise<ExceptionRow[]> {
  const where: SQL[] = [];
  if (f.network) where.push(eq(retainExceptions.network, f.network));
  if (f.id !== undefined) where.push(eq(retainExceptions.id, f.id));
  if (f.system !== undefined) where.push(eq(retainExceptions.system, f.system));
  if (f.departments) where.push(inArray(retainExceptions.department, [...f.departments]));
  if (f.status?.length) where.push(inArray(retainExceptions.status, [...f.status]));
  return db
    .select()
    .from(retainExceptions)
    .where(where.length ? and(...where) : undefined)
    .orderBy(sql`${retainExceptions.status} = 'pending' DESC`, desc(retainExceptions.id))
    .limit(f.limit ?? 2000);
}

/** The approved exceptions (expired ones included: the tracker reads the clock), for the engine. */
export async function approvedExceptions(db: Db) {
  return db
    .select({
      id: retainExceptions.id,
      system: retainExceptions.system,
      expiresOn: retainExceptions.expiresOn,
      decidedBy: retainExceptions.decidedBy,
      decidedAt: retainExceptions.decidedAt,
    })
    .from(retainExceptions)
    .where(eq(retainExceptions.status, 'approved'));
}
