// Sign-in state shared by every replica through the database: single sign-ons in flight and
// recent failed sign-ins. Windows run on wall time, not the sandbox's clock: a sandbox running at
// 60× must not let anyone try 60 times as often.
import { createHash } from 'node:crypto';
import { and, count, eq, gte, lt } from 'drizzle-orm';
import { oidcPending, signinFailures } from './schema.ts';
import type { Db, Tx } from './db.ts';

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

/** Sign-ins in flight, each for at most PENDING_MS. */
export const PENDING_MS = 10 * 60_000;
export const MAX_PENDING = 10_000;

/** Records a sign-in in flight; false when too many are (a flood of started sign-ins). */
export async function startPending(
  db: Tx,
  p: { state: string; verifier: string; nonce: string },
  now = new Date(),
): Promise<boolean> {
  const d = db as Db;
  await d.delete(oidcPending).where(lt(oidcPending.createdAt, new Date(now.getTime() - PENDING_MS)));
  const [{ n }] = (await d.select({ n: count() }).from(oidcPending)) as [{ n: number }];
  if (n >= MAX_PENDING) return false;
  await d
    .insert(oidcPending)
    .values({ stateHash: digest(p.state), verifier: p.verifier, nonce: p.nonce, createdAt: now });
  return true;
}

/** Takes a sign-in in flight (once: a replayed callback finds nothing); null when unknown or expired. */
export async function takePending(
  db: Tx,
  state: string,
  now = new Date(),
): Promise<{ verifier: string; nonce: string } | null> {
  const [row] = await (db as Db)
    .delete(oidcPending)
    .where(eq(oidcPending.stateHash, digest(state)))
    .returning();
  if (!row || now.getTime() - row.createdAt.getTime() > PENDING_MS) return null;
  return { verifier: row.verifier, nonce: row.nonce };
}

/** Failed sign-ins counted in a sliding window per key (an address, an account). */
export class FailureWindow {
  constructor(
    private readonly db: Tx,
    private readonly scope: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private key(k: string) {
    return digest(`${this.scope}\0${k}`);
  }

  async exceeded(key: string, now = new Date()): Promise<boolean> {
    const [{ n }] = (await (this.db as Db)
      .select({ n: count() })
      .from(signinFailures)
      .where(
        and(
          eq(signinFailures.keyHash, this.key(key)),
          gte(signinFailures.at, new Date(now.getTime() - this.windowMs)),
        ),
      )) as [{ n: number }];
    return n >= this.limit;
  }

  async fail(key: string, now = new Date()): Promise<void> {
    const d = this.db as Db;
    // Rows older than the window count for nothing: pruned as new ones arrive.
    await d.delete(signinFailures).where(lt(signinFailures.at, new Date(now.getTime() - this.windowMs)));
    await d.insert(signinFailures).values({ keyHash: this.key(key), at: now });
  }
}
