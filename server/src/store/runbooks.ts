// Cut-over runbooks and rollbacks in the database. An item is ticked (or unticked) by the
// department, version-checked and audited; the cut-over signature reads the runbook in its own
// transaction (signoffs.ts), so an item unticked at the same moment cannot slip past it. A
// rollback removes the system's cut-over and retirement sign-offs and records them with its reason.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { cutoverRollbacks, cutoverRunbooks, signoffs } from './schema.ts';
import type { Db, Store, Tx } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import type { Actor } from './request-transition.ts';
import { runbookMissing, type RunbookItem, type RunbookItems } from '../workflows/runbook.ts';

/** The cut-over cannot be signed yet: these items of its runbook are not done. */
export class RunbookIncompleteError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor(
    readonly system: string,
    readonly missing: RunbookItem[],
  ) {
    super(`the cut-over runbook of ${system} is not complete: ${missing.join(', ')}`);
  }
}

export async function readRunbook(db: Db | Tx, system: string) {
  const [row] = await (db as Db).select().from(cutoverRunbooks).where(eq(cutoverRunbooks.system, system));
  const items = (row?.items ?? {}) as RunbookItems;
  return { items, version: row?.version ?? 0, missing: runbookMissing(items) };
}

/** Refuses, inside the signature's transaction, a cut-over whose runbook is not complete. */
export async function requireRunbook(tx: Tx, system: string): Promise<void> {
  const { missing } = await readRunbook(tx, system);
  if (missing.length) throw new RunbookIncompleteError(system, missing);
}

export async function tickRunbook(
  store: Store,
  by: Actor,
  r: { system: string; item: RunbookItem; done: boolean; note?: string | undefined; version: number },
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const before = await readRunbook(t, r.system);
    if (before.version !== r.version)
      throw new ConflictError(
        `the runbook of ${r.system} changed (version ${before.version}, not ${r.version})`,
      );
    const items: RunbookItems = { ...before.items };
    if (r.done) items[r.item] = { by: by.id, at: now.toISOString(), note: r.note || null };
    else delete items[r.item];
    const values = { items, version: before.version + 1, updatedAt: now, updatedBy: by.id };
    if (before.version === 0) await t.insert(cutoverRunbooks).values({ system: r.system, ...values });
    else
      await t
        .update(cutoverRunbooks)
        .set(values)
        .where(and(eq(cutoverRunbooks.system, r.system), eq(cutoverRunbooks.version, before.version)));
    await audit(tx, {
      actor: by.id,
      action: r.done ? 'runbook.tick' : 'runbook.untick',
      objectType: 'runbook',
      objectId: r.system,
      before: { item: r.item, done: !!before.items[r.item], version: before.version },
      after: { item: r.item, done: r.done, note: r.note || null, version: values.version },
      requestId: by.requestId,
      at: now,
    });
    return { items, version: values.version, missing: runbookMissing(items) };
  });
}

/** Takes a system's cut-over back: its cut-over and retirement sign-offs go, with the reason kept. */
export async function rollBack(
  store: Store,
  by: Actor,
  r: { system: string; reason: string },
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const taken = await t
      .delete(signoffs)
      .where(and(eq(signoffs.system, r.system), inArray(signoffs.kind, ['cut-over', 'legacy-retired'])))
      .returning();
    if (!taken.some((s) => s.kind === 'cut-over'))
      throw new NotFoundError(`${r.system} has no cut-over sign-off to roll back`);
    const [row] = await t
      .insert(cutoverRollbacks)
      .values({ system: r.system, reason: r.reason, rolledBackBy: by.id, rolledBackAt: now, signoffs: taken })
      .returning();
    await audit(tx, {
      actor: by.id,
      action: 'cutover.rollback',
      objectType: 'signoff',
      objectId: `${r.system}/cut-over`,
      before: taken,
      after: { reason: r.reason, rollback: row!.id },
      requestId: by.requestId,
      at: now,
    });
    return row!;
  });
}

export async function rollbacksOf(db: Db, system: string) {
  return db
    .select()
    .from(cutoverRollbacks)
    .where(eq(cutoverRollbacks.system, system))
    .orderBy(desc(cutoverRollbacks.rolledBackAt));
}
