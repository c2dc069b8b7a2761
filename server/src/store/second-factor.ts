// The second step of a privileged sign-in (MLPS level 3): a TOTP code for an enrolled account, or
// enrolment at the first sign-in of one that must have a second factor. Until then the session
// grants nothing. Codes are checked on the wall clock (authenticator apps count real time).
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, lte, or } from 'drizzle-orm';
import { TransactionRollbackError } from 'drizzle-orm/errors';
import { sessions, users } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { countFailure, pendingSession, signedIn, tokenHash, type SignInOptions } from './accounts.ts';
import { base32Decode, base32Encode, newTotpKey, otpauthUri, verifyTotp } from '../auth/totp.ts';
import { openColumn, sealColumn } from '../crypto/column-cipher.ts';

export type SecondFactorResult =
  | { ok: true; user: typeof users.$inferSelect; token: string; csrf: string }
  | { ok: false; reason: 'no-sign-in' | 'invalid' | 'locked'; lockedUntil?: Date };

/** The enrolment key for a sign-in that must enrol: made once, shown until its first code is right. */
export async function enrolmentKey(store: Store, token: string, issuer: string, now = new Date()) {
  const pending = await pendingSession(store.db as Db, token, now);
  if (!pending || pending.stage !== 'enrol') return null;
  const db = store.db as Db;
  // Made once: two requests at once (a double click, a remount) keep the first key. Sealed with
  // the data key when one is set (crypto/column-cipher.ts), like the enrolled secret.
  await db
    .update(users)
    .set({ totpPending: sealColumn(base32Encode(newTotpKey())) })
    .where(and(eq(users.id, pending.user.id), isNull(users.totpPending)));
  const [u] = await db.select({ secret: users.totpPending }).from(users).where(eq(users.id, pending.user.id));
  const secret = openColumn(u!.secret!);
  return { secret, uri: otpauthUri(base32Decode(secret), pending.user.username, issuer) };
}

/**
 * Completes a half-done sign-in with a code: the enrolled key's, or (enrolling) the new key's,
 * which then becomes the account's. A wrong code counts as a wrong password does.
 */
export async function giveSecondFactor(
  store: Store,
  token: string,
  code: string,
  requestId: string,
  now = new Date(),
  o: SignInOptions = {},
): Promise<SecondFactorResult> {
  const db = store.db as Db;
  const pending = await pendingSession(db, token, now);
  // Only a sign-in at this step: a password due for a change is changed first.
  if (!pending || (pending.stage !== 'second-factor' && pending.stage !== 'enrol'))
    return { ok: false, reason: 'no-sign-in' };
  const u = pending.user;
  if (u.lockedUntil && u.lockedUntil > now)
    return { ok: false, reason: 'locked', lockedUntil: u.lockedUntil };
  const enrolling = pending.stage === 'enrol';
  // `stored` is the column as read (sealed under a data key, with a random IV): the statement below
  // compares the column with it, never with a fresh encryption of the secret, which would differ.
  const stored = enrolling ? u.totpPending : u.totpSecret;
  const secret = stored ? openColumn(stored) : null;
  const step = secret ? verifyTotp(base32Decode(secret), code.trim(), now.getTime(), u.totpUsedStep) : null;
  if (step === null) {
    const locked = await countFailure(store, u.id, u.username, 'wrong-code', requestId, now);
    if (locked) await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token, 'enrol')));
    return locked ? { ok: false, ...locked } : { ok: false, reason: 'invalid' };
  }
  // The step is taken in one statement, with the lock and the key checked again: two requests
  // carrying the same right code (a relayed phished code racing its owner) cannot both sign in,
  // and nothing gets in once the account is locked.
  const to = { token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url') };
  const signed = await store.db
    .transaction(async (tx) => {
      const t = tx as unknown as Db;
      const [taken] = await t
        .update(users)
        .set(
          enrolling ? { totpSecret: stored, totpPending: null, totpUsedStep: step } : { totpUsedStep: step },
        )
        .where(
          and(
            eq(users.id, u.id),
            or(isNull(users.totpUsedStep), lt(users.totpUsedStep, step)),
            or(isNull(users.lockedUntil), lte(users.lockedUntil, now)),
            enrolling
              ? and(eq(users.totpPending, stored!), isNull(users.totpSecret))
              : eq(users.totpSecret, stored!),
          ),
        )
        .returning();
      if (!taken) return false;
      // The half-done session becomes a signed-in one under a new token.
      if (!(await signedIn(tx, u.id, to, now, o.address, tokenHash(token, 'enrol')))) {
        tx.rollback();
        return false;
      }
      const entry = {
        actor: u.username,
        objectType: 'user',
        objectId: u.username,
        before: null,
        requestId,
        at: now,
      };
      if (enrolling) await audit(tx, { ...entry, action: 'user.totp-enrolled', after: null });
      await audit(tx, {
        ...entry,
        action: 'session.login',
        after: { secondFactor: 'totp', ...(o.address ? { address: o.address } : {}) },
      });
      return true;
    })
    .catch((e: Error) => {
      if (e instanceof TransactionRollbackError) return false;
      throw e;
    });
  if (!signed) return { ok: false, reason: 'invalid' };
  return { ok: true, user: u, ...to };
}

/**
 * Clears an account's second factor (a lost phone): its next sign-in enrols again. The security
 * administrator's act, audited; the account's sessions end.
 */
export async function resetSecondFactor(
  store: Store,
  username: string,
  by: { id: string; requestId: string },
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [u] = await t.select().from(users).where(eq(users.username, username));
    if (!u) return false;
    await t
      .update(users)
      .set({ totpSecret: null, totpPending: null, totpUsedStep: null })
      .where(eq(users.id, u.id));
    await t.delete(sessions).where(eq(sessions.userId, u.id));
    await audit(tx, {
      actor: by.id,
      action: 'user.totp-reset',
      objectType: 'user',
      objectId: username,
      before: { enrolled: u.totpSecret !== null },
      after: { enrolled: false },
      requestId: by.requestId,
    });
    return true;
  });
}
