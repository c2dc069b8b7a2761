// Passwords over time (MLPS level 3): a new one is none of the account's last few, each change is
// kept in the history, and one set by an administrator is changed by its owner at the next
// sign-in — the step a half-done sign-in in stage 'change-password' completes.
import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { passwordHistory, sessions, users } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import {
  checkPassword,
  hashPassword,
  nextStage,
  pendingSession,
  signedIn,
  tokenHash,
  type SessionStage,
  type SignInOptions,
} from './accounts.ts';
import { passwordProblems, type PasswordProblem } from '../auth/password-policy.ts';

/** How many earlier passwords a new one may not repeat (the current one included). */
export const PASSWORD_HISTORY = 5;

export type PasswordChangeResult =
  | { ok: true; stage: SessionStage; token: string; csrf: string; user: typeof users.$inferSelect }
  | { ok: false; reason: 'no-sign-in' }
  | { ok: false; reason: 'refused'; problems: (PasswordProblem | 'reused')[] };

/** True when `password` is the account's current one or one of its last `keep` (newest first). */
export async function reused(db: Db, userId: number, current: string | null, password: string, keep: number) {
  const earlier = await db
    .select({ hash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.id))
    .limit(keep);
  for (const hash of [current, ...earlier.map((e) => e.hash)])
    if (hash && (await checkPassword(password, hash))) return true;
  return false;
}

/** Records that an account's password changed: the old hash joins the history. */
export async function recordPasswordChange(tx: unknown, userId: number, oldHash: string | null, now: Date) {
  if (oldHash)
    await (tx as Db).insert(passwordHistory).values({ userId, passwordHash: oldHash, changedAt: now });
}

/**
 * The owner's new password, in a sign-in that asked for one. Then the sign-in goes on to its
 * second factor, or is signed in under a new token.
 */
export async function changePasswordAtSignIn(
  store: Store,
  token: string,
  password: string,
  requestId: string,
  now = new Date(),
  o: SignInOptions & { history?: number } = {},
): Promise<PasswordChangeResult> {
  const db = store.db as Db;
  const pending = await pendingSession(db, token, now);
  if (!pending || pending.stage !== 'change-password') return { ok: false, reason: 'no-sign-in' };
  const u = pending.user;
  const problems: (PasswordProblem | 'reused')[] = passwordProblems(password);
  if (!problems.length && (await reused(db, u.id, u.passwordHash, password, o.history ?? PASSWORD_HISTORY)))
    problems.push('reused');
  if (problems.length) return { ok: false, reason: 'refused', problems };
  const passwordHash = await hashPassword(password);
  const changed = { ...u, passwordHash, passwordChangedAt: now, mustChangePassword: false };
  const stage = nextStage(changed, o, now, true);
  const to =
    stage === 'full'
      ? { token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url') }
      : { token, csrf: pending.csrf };
  await store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await recordPasswordChange(tx, u.id, u.passwordHash, now);
    await t
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, mustChangePassword: false })
      .where(eq(users.id, u.id));
    const entry = {
      actor: u.username,
      objectType: 'user',
      objectId: u.username,
      before: null,
      requestId,
      at: now,
    };
    await audit(tx, { ...entry, action: 'user.change-password', after: null });
    if (stage === 'full') {
      await signedIn(tx, u.id, to, now, o.address, tokenHash(token, 'enrol'));
      await audit(tx, {
        ...entry,
        action: 'session.login',
        after: o.address ? { address: o.address } : null,
      });
    } else
      await t
        .update(sessions)
        .set({ stage })
        .where(eq(sessions.tokenHash, tokenHash(token, 'enrol')));
  });
  return { ok: true, stage, ...to, user: changed };
}
