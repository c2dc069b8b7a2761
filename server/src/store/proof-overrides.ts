// Operators' overrides of the cut-over and retirement evidence. An override says why a sign-off
// may go ahead without the probes' or the legacy traffic's proof; the gate (workflows/readiness.ts)
// reads the ones in force. Recording and withdrawing are audited in their transaction; the
// partial unique index keeps one in force per system and sign-off, whatever the concurrency.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { proofOverrides } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import type { Actor } from './request-transition.ts';
import type { SignoffKind } from './signoffs.ts';

export type ProofOverride = typeof proofOverrides.$inferSelect;

/** Every override of a system, newest first (withdrawn ones kept for the record). */
export async function overridesOf(db: Db, system: string): Promise<ProofOverride[]> {
  return db
    .select()
    .from(proofOverrides)
    .where(eq(proofOverrides.system, system))
    .orderBy(desc(proofOverrides.overriddenAt), desc(proofOverrides.id));
}

/** The sign-off kinds of a system whose evidence is overridden now. */
export const inForce = (rows: readonly ProofOverride[]): Set<SignoffKind> =>
  new Set(rows.filter((r) => !r.withdrawnAt).map((r) => r.kind as SignoffKind));

export async function overrideProof(
  store: Store,
  by: Actor,
  r: { system: string; kind: SignoffKind; reason: string; evidence: unknown },
  now = by.at ?? new Date(),
): Promise<ProofOverride> {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .insert(proofOverrides)
      .values({
        system: r.system,
        kind: r.kind,
        reason: r.reason,
        evidence: r.evidence ?? null,
        overriddenBy: by.id,
        overriddenAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(`the ${r.kind} evidence of ${r.system} is already overridden`);
    await audit(tx, {
      actor: by.id,
      action: 'proof.override',
      objectType: 'signoff',
      objectId: `${r.system}/${r.kind}`,
      before: r.evidence ?? null,
      after: { reason: r.reason, override: row.id },
      requestId: by.requestId,
      at: now,
    });
    return row;
  });
}

export async function withdrawOverride(
  store: Store,
  by: Actor,
  r: { system: string; kind: SignoffKind },
  now = by.at ?? new Date(),
): Promise<ProofOverride> {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .update(proofOverrides)
      .set({ withdrawnBy: by.id, withdrawnAt: now })
      .where(
        and(
          eq(proofOverrides.system, r.system),
          eq(proofOverrides.kind, r.kind),
          isNull(proofOverrides.withdrawnAt),
        ),
      )
      .returning();
    if (!row) throw new NotFoundError(`no override of the ${r.kind} evidence of ${r.system} is in force`);
    await audit(tx, {
      actor: by.id,
      action: 'proof.withdraw',
      objectType: 'signoff',
      objectId: `${r.system}/${r.kind}`,
      before: { reason: row.reason, override: row.id },
      after: null,
      requestId: by.requestId,
      at: now,
    });
    return row;
  });
}
