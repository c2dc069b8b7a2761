// Closing a month: the statements are stored once, as canonical JSON with its digest (SHA-256, or
// SM3 under the 国密 profile) and, when a signing key is configured, a detached signature of the
// JSON's bytes (SM2 under 国密). The row can never change: the database refuses updates and
// deletes (migration 0022). Closing a closed month again recomputes it and compares: the same
// samples and catalogue give the same bytes, so the same digest ('identical'); anything else is
// refused ('differs', audited) and the stored statement stands.
import { asc, eq, like } from 'drizzle-orm';
import type { Db, Store } from '../store/db.ts';
import { lockFor } from '../store/db.ts';
import { audit } from '../store/audit.ts';
import type { Actor } from '../store/request-transition.ts';
import { signBytes, type SigningKey } from '../crypto/signature.ts';
import { meteringStatements } from './tables.ts';
import { canonicalJson, digestOf, sameDigest } from './canonical.ts';
import type { MonthStatements } from './statement.ts';

export interface ClosedMonth {
  month: string;
  statements: MonthStatements;
  /** The canonical JSON as stored (what the digest and the signature are over). */
  content: string;
  digest: string;
  signature: string | null;
  closedBy: string;
  closedAt: string;
}

export type CloseResult =
  | ({ state: 'closed' | 'identical' } & ClosedMonth)
  | { state: 'differs'; month: string; stored: string; recomputed: string };

const closed = (r: typeof meteringStatements.$inferSelect): ClosedMonth => ({
  month: r.month,
  statements: JSON.parse(r.content) as MonthStatements,
  content: r.content,
  digest: r.digest,
  signature: r.signature,
  closedBy: r.closedBy,
  closedAt: r.closedAt.toISOString(),
});

export async function closeMonth(
  store: Store,
  statements: MonthStatements,
  o: { key?: SigningKey | null },
  by: Actor,
): Promise<CloseResult> {
  const at = by.at ?? new Date();
  const content = canonicalJson(statements);
  const month = statements.month;
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await lockFor(tx, `yunqian-metering-close-${month}`);
    const [existing] = await t.select().from(meteringStatements).where(eq(meteringStatements.month, month));
    if (existing) {
      if (sameDigest(content, existing.digest)) return { state: 'identical' as const, ...closed(existing) };
      const recomputed = digestOf(content);
      await audit(tx, {
        actor: by.id,
        action: 'metering.close-refused',
        objectType: 'metering-month',
        objectId: month,
        before: { digest: existing.digest },
        after: { recomputed, reason: 'a recomputation of a closed month differs from its statement' },
        requestId: by.requestId,
        at,
      });
      return { state: 'differs' as const, month, stored: existing.digest, recomputed };
    }
    const digest = digestOf(content);
    const signature = o.key ? JSON.stringify(signBytes(new TextEncoder().encode(content), o.key, at)) : null;
    const [row] = await t
      .insert(meteringStatements)
      .values({ month, content, digest, signature, closedBy: by.id, closedAt: at })
      .returning();
    await audit(tx, {
      actor: by.id,
      action: 'metering.close',
      objectType: 'metering-month',
      objectId: month,
      before: null,
      after: {
        digest,
        signed: signature !== null,
        departments: statements.departments.length,
        totalFen: statements.totalFen,
      },
      requestId: by.requestId,
      at,
    });
    return { state: 'closed' as const, ...closed(row!) };
  });
}

export async function getClosedMonth(db: Db, month: string): Promise<ClosedMonth | null> {
  const [r] = await db.select().from(meteringStatements).where(eq(meteringStatements.month, month));
  return r ? closed(r) : null;
}

/** The closed months of a year (or all), oldest first. */
export async function closedMonths(db: Db, year?: number): Promise<ClosedMonth[]> {
  const q = db.select().from(meteringStatements);
  const rows = await (year === undefined ? q : q.where(like(meteringStatements.month, `${year}-%`))).orderBy(
    asc(meteringStatements.month),
  );
  return rows.map(closed);
}
