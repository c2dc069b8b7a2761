// Tokens for migration tools (#23): issued for an organisation unit (and optionally a list of its
// systems) by its department administrator or an operator of its level, revoked by them, expiring
// on their own. Issue and revocation are audited in their transaction; the secret is returned once
// and never stored (token-secret.ts).
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { NotFoundError } from './errors.ts';
import type { Actor } from './request-transition.ts';
import { syncTokens } from './sync-tables.ts';
import { hintOf, newSecret, secretHash, secretHashes } from '../sync/token-secret.ts';

export type SyncToken = typeof syncTokens.$inferSelect;

export interface NewToken {
  name: string;
  department: string;
  network: string | null;
  systems: string[];
  expiresAt: Date;
}

/** What the audit keeps of a token: everything but its hash. */
const recorded = (t: SyncToken) => ({
  name: t.name,
  department: t.department,
  network: t.network,
  systems: t.systems,
  hint: t.hint,
  expiresAt: t.expiresAt.toISOString(),
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export async function issueToken(store: Store, by: Actor, t: NewToken) {
  const secret = newSecret();
  const at = by.at ?? new Date();
  return store.db.transaction(async (tx) => {
    const [row] = await (tx as unknown as Db)
      .insert(syncTokens)
      .values({ ...t, secretHash: secretHash(secret), hint: hintOf(secret), issuedBy: by.id, issuedAt: at })
      .returning();
    await audit(tx, {
      actor: by.id,
      action: 'sync-token.issue',
      objectType: 'sync-token',
      objectId: String(row!.id),
      before: null,
      after: recorded(row!),
      requestId: by.requestId,
      at,
    });
    return { token: row!, secret };
  });
}

/**
 * Revokes a token the caller may see (`visible`, checked on the row inside the transaction: one
 * outside reads as absent). Revoking a revoked token changes nothing and writes nothing.
 */
export async function revokeToken(store: Store, by: Actor, id: number, visible: (t: SyncToken) => boolean) {
  const at = by.at ?? new Date();
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(syncTokens).where(eq(syncTokens.id, id)).for('update');
    if (!before || !visible(before)) throw new NotFoundError(`no token ${id}`);
    if (before.revokedAt) return before;
    const [after] = await t
      .update(syncTokens)
      .set({ revokedAt: at, revokedBy: by.id })
      .where(eq(syncTokens.id, id))
      .returning();
    await audit(tx, {
      actor: by.id,
      action: 'sync-token.revoke',
      objectType: 'sync-token',
      objectId: String(id),
      before: recorded(before),
      after: recorded(after!),
      requestId: by.requestId,
      at,
    });
    return after!;
  });
}

/** The tokens of the given units (null: all), newest first. */
export async function listTokens(db: Db, departments: ReadonlySet<string> | null) {
  if (departments && !departments.size) return [];
  return db
    .select()
    .from(syncTokens)
    .where(departments ? inArray(syncTokens.department, [...departments]) : undefined)
    .orderBy(sql`${syncTokens.id} DESC`);
}

/** The token a secret belongs to, whatever its state (the caller tells revoked from expired). */
export async function tokenBySecret(db: Db, secret: string): Promise<SyncToken | null> {
  const [row] = await db
    .select()
    .from(syncTokens)
    .where(inArray(syncTokens.secretHash, secretHashes(secret)));
  return row ?? null;
}

/**
 * Counts a report against its token inside the report's transaction, only while the token is still
 * valid then: a revocation that commits first wins over a report in flight.
 */
export async function useToken(tx: Db, id: number, at: Date, from: string | null): Promise<boolean> {
  const rows = await tx
    .update(syncTokens)
    .set({ lastUsedAt: at, lastUsedFrom: from, reports: sql`${syncTokens.reports} + 1` })
    .where(and(eq(syncTokens.id, id), isNull(syncTokens.revokedAt), gt(syncTokens.expiresAt, at)))
    .returning();
  return rows.length === 1;
}

/** A token's state at a moment, as the console shows it (computed here, once). */
export function tokenState(t: SyncToken, now: Date): 'active' | 'revoked' | 'expired' {
  if (t.revokedAt) return 'revoked';
  return t.expiresAt <= now ? 'expired' : 'active';
}
