// Sign-offs (the department signs a cut-over or the legacy system's retirement, an operator
// confirms) and manual blockers (raised, assigned, resolved). Version-checked, audited.
import { and, eq, isNull } from 'drizzle-orm';
import { blockers, signoffs } from './schema.ts';
import type { Db, Store, Tx } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError, FourEyesError, NotFoundError } from './errors.ts';
import { approvedExceptions } from './exceptions.ts';
import { readReadiness } from './readiness.ts';
import { requireRunbook } from './runbooks.ts';
import type { Actor } from './requests.ts';

export type SignoffKind = 'cut-over' | 'legacy-retired';

export type BlockerRow = typeof blockers.$inferSelect;
/** Run in the change's transaction when a blocker is raised with an owner or given one (notifications). */
export type OnAssigned = (tx: Tx, row: BlockerRow) => Promise<unknown>;

export async function sign(
  store: Store,
  by: Actor,
  s: { system: string; kind: SignoffKind; comment?: string | undefined },
  now = by.at ?? new Date(),
  /** Refuse a cut-over whose runbook is not complete (read in this transaction). */
  o: { runbook?: boolean } = {},
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (o.runbook && s.kind === 'cut-over') await requireRunbook(tx, s.system);
    const [existing] = await t
      .select()
      .from(signoffs)
      .where(and(eq(signoffs.system, s.system), eq(signoffs.kind, s.kind)));
    if (existing)
      throw new ConflictError(`${s.system} already has a ${s.kind} sign-off by ${existing.signedBy}`);
    const [row] = await t
      .insert(signoffs)
      .values({
        system: s.system,
        kind: s.kind,
        signedBy: by.id,
        signedAt: now,
        signComment: s.comment || null,
      })
      .returning();
    await audit(tx, {
      actor: by.id,
      action: `signoff.sign`,
      objectType: 'signoff',
      objectId: `${s.system}/${s.kind}`,
      before: null,
      after: row,
      requestId: by.requestId,
      at: now,
    });
    return row!;
  });
}

export async function confirm(
  store: Store,
  by: Actor,
  s: { system: string; kind: SignoffKind; version: number; comment?: string | undefined },
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const where = and(eq(signoffs.system, s.system), eq(signoffs.kind, s.kind));
    const [before] = await t.select().from(signoffs).where(where);
    if (!before) throw new NotFoundError(`${s.system} has no ${s.kind} sign-off to confirm`);
    if (before.signedBy === by.id)
      throw new FourEyesError(
        `${by.id} signed the ${s.kind} of ${s.system} and cannot confirm it`,
        'own-signoff',
      );
    const [after] = await t
      .update(signoffs)
      .set({
        confirmedBy: by.id,
        confirmedAt: now,
        confirmComment: s.comment || null,
        version: s.version + 1,
      })
      .where(and(where, eq(signoffs.version, s.version), isNull(signoffs.confirmedAt)))
      .returning();
    if (!after)
      throw new ConflictError(
        `the ${s.kind} sign-off of ${s.system} was already confirmed by ${before.confirmedBy ?? 'someone'} (version ${before.version})`,
      );
    await audit(tx, {
      actor: by.id,
      action: 'signoff.confirm',
      objectType: 'signoff',
      objectId: `${s.system}/${s.kind}`,
      before,
      after,
      requestId: by.requestId,
      at: now,
    });
    return after;
  });
}

export async function raiseBlocker(
  store: Store,
  by: Actor,
  b: { system: string; reason: string; owner?: string | undefined },
  now = by.at ?? new Date(),
  onAssigned?: OnAssigned,
) {
  return store.db.transaction(async (tx) => {
    const [row] = await (tx as unknown as Db)
      .insert(blockers)
      .values({ ...b, owner: b.owner ?? null, raisedBy: by.id, raisedAt: now })
      .returning();
    await audit(tx, {
      actor: by.id,
      action: 'blocker.raise',
      objectType: 'blocker',
      objectId: String(row!.id),
      before: null,
      after: row,
      requestId: by.requestId,
      at: now,
    });
    if (row!.owner) await onAssigned?.(tx, row!);
    return row!;
  });
}

export async function updateBlocker(
  store: Store,
  by: Actor,
  b: { id: number; version: number } & ({ resolve: true; comment?: string | undefined } | { owner: string }),
  now = by.at ?? new Date(),
  onAssigned?: OnAssigned,
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(blockers).where(eq(blockers.id, b.id));
    if (!before) throw new NotFoundError(`blocker ${b.id} does not exist`);
    const change =
      'resolve' in b
        ? { resolvedBy: by.id, resolvedAt: now, resolveComment: b.comment || null }
        : { owner: b.owner };
    const [after] = await t
      .update(blockers)
      .set({ ...change, version: b.version + 1 })
      .where(and(eq(blockers.id, b.id), eq(blockers.version, b.version), isNull(blockers.resolvedAt)))
      .returning();
    if (!after)
      throw new ConflictError(
        `blocker ${b.id} was changed by someone else (version ${before.version}${before.resolvedBy ? `, resolved by ${before.resolvedBy}` : ''})`,
      );
    await audit(tx, {
      actor: by.id,
      action: 'resolve' in b ? 'blocker.resolve' : 'blocker.assign',
      objectType: 'blocker',
      objectId: String(b.id),
      before,
      after,
      requestId: by.requestId,
      at: now,
    });
    if (!('resolve' in b) && after.owner !== before.owner) await onAssigned?.(tx, after);
    return after;
  });
}

/**
 * What people decided that the tracker reads: sign-offs, open blockers, approved exceptions, and
 * the readiness answers and archetypes.
 */
export async function readWorkflows(db: Db) {
  const [s, b, e, r] = await Promise.all([
    db.select().from(signoffs),
    db.select().from(blockers).where(isNull(blockers.resolvedAt)),
    approvedExceptions(db),
    readReadiness(db),
  ]);
  return { signoffs: s, blockers: b, exceptions: e, readiness: r };
}
