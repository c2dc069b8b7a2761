// Local accounts and sessions. Passwords are hashed with scrypt; a session is a random token whose
// SHA-256 alone is stored, with its own CSRF token. Five failed logins lock an account for 15 minutes.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { and, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { sessions, users } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { placementOf, type Role } from '../auth/policy.ts';
import type { Network } from '../model/network.ts';
import { passwordRefusal } from '../auth/password-policy.ts';

const scrypt = promisify(scryptCb) as (p: string, s: Buffer, n: number, o: object) => Promise<Buffer>;
const N = 16384;
export const MAX_FAILED = 5;
export const LOCK_MS = 15 * 60_000;
export const SESSION_MS = 8 * 3600_000;
/** A session nobody has acted in for this long ends (MLPS level 3; auth.idleMinutes). */
export const IDLE_MS = 30 * 60_000;
/** A sign-in half done (a second factor to give or enrol) lasts this long. */
export const PENDING_MS = 5 * 60_000;

/** Where a session stands: signed in, or a second factor still to give or to enrol. */
export type SessionStage = 'full' | 'second-factor' | 'enrol' | 'change-password';

export interface SignInOptions {
  /** The client's address, as the server trusts it (shown at the next sign-in). */
  address?: string | undefined;
  /** Roles that must give a second factor (enrolling at their first sign-in). */
  secondFactorRoles?: readonly Role[] | undefined;
  /** A password older than this many days is changed at sign-in (0: never). */
  passwordMaxAgeDays?: number | undefined;
}

/** What a sign-in still needs once the password is right: a new password, then a second factor. */
export function nextStage(
  u: typeof users.$inferSelect,
  o: SignInOptions,
  now: Date,
  changed = false,
): SessionStage {
  const maxAge = (o.passwordMaxAgeDays ?? 0) * 86_400_000;
  const expired = maxAge > 0 && now.getTime() - u.passwordChangedAt.getTime() > maxAge;
  if (!changed && (u.mustChangePassword || expired)) return 'change-password';
  if (u.totpSecret) return 'second-factor';
  return o.secondFactorRoles?.includes(u.role as Role) ? 'enrol' : 'full';
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 64, { N, r: 8, p: 1 });
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), want.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(want, got);
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  department?: string | null | undefined;
  network?: Network | null | undefined;
  password?: string | undefined;
  oidcSubject?: string | undefined;
}

const placed = (u: typeof users.$inferSelect) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  department: u.department,
  network: u.network,
});

export async function createUser(store: Store, u: NewUser, by: { id: string; requestId: string }) {
  const placement = placementOf(u.role, u.department, u.network);
  const refusal = u.password === undefined ? null : passwordRefusal(u.password);
  if (refusal) throw new Error(refusal);
  const passwordHash = u.password ? await hashPassword(u.password) : null;
  return store.db.transaction(async (tx) => {
    const [row] = await (tx as unknown as Db)
      .insert(users)
      .values({
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        ...placement,
        passwordHash,
        oidcSubject: u.oidcSubject ?? null,
      })
      .returning();
    await audit(tx, {
      actor: by.id,
      action: 'user.create',
      objectType: 'user',
      objectId: u.username,
      before: null,
      after: placed(row!),
      requestId: by.requestId,
    });
    return placed(row!);
  });
}

export type LoginResult =
  | { ok: true; token: string; csrf: string; user: typeof users.$inferSelect; stage: SessionStage }
  | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date };

/** Checks a password; locks the account after repeated failures. The same answer for unknown users. */
export async function login(
  store: Store,
  username: string,
  password: string,
  requestId: string,
  now = new Date(),
  o: SignInOptions = {},
): Promise<LoginResult> {
  const db = store.db as Db;
  const [u] = await db.select().from(users).where(eq(users.username, username));
  /** Every refused sign-in leaves an audit row, whoever it names (auditors see guessing). */
  const refused = (tx: unknown, reason: string) =>
    audit(tx as never, {
      actor: username,
      action: 'session.login-failed',
      objectType: 'user',
      objectId: username,
      before: null,
      after: { reason },
      requestId,
      at: now,
    });
  if (!u || u.disabled || !u.passwordHash) {
    await hashPassword(password); // same work whether or not the user exists
    await store.db.transaction((tx) => refused(tx, u ? 'disabled' : 'unknown'));
    return { ok: false, reason: 'invalid' };
  }
  if (u.lockedUntil && u.lockedUntil > now) {
    await store.db.transaction((tx) => refused(tx, 'locked'));
    return { ok: false, reason: 'locked', lockedUntil: u.lockedUntil };
  }
  if (!(await checkPassword(password, u.passwordHash))) {
    const locked = await countFailure(store, u.id, username, 'wrong-password', requestId, now);
    return locked ? { ok: false, ...locked } : { ok: false, reason: 'invalid' };
  }
  // The password was right; it may be due for a change, and a privileged account has a second
  // factor to give (or to enrol).
  const stage = nextStage(u, o, now);
  const action = stage === 'full' ? 'session.login' : 'session.password-accepted';
  const { token, csrf } = await startSession(store, u, action, requestId, now, { ...o, stage });
  return { ok: true, token, csrf, user: u, stage };
}

/**
 * A wrong password or second-factor code: counted, audited, and the account locked at the fifth.
 * Counted in one statement: attempts sent at once each add one, so the fifth locks whatever the
 * interleaving (a read-then-write count let ten parallel attempts through unlocked). Returns the
 * lock when the account is (or just became) locked.
 */
export async function countFailure(
  store: Store,
  userId: number,
  username: string,
  reason: 'wrong-password' | 'wrong-code',
  requestId: string,
  now: Date,
): Promise<{ reason: 'locked'; lockedUntil: Date } | null> {
  const lockedUntil = new Date(now.getTime() + LOCK_MS);
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .update(users)
      .set({
        // An expired lock starts the count again.
        failedLogins: sql`CASE WHEN ${users.lockedUntil} IS NOT NULL AND ${users.lockedUntil} <= ${now.toISOString()}::timestamptz THEN 1 ELSE ${users.failedLogins} + 1 END`,
      })
      .where(eq(users.id, userId))
      .returning();
    const entry = {
      actor: username,
      objectType: 'user',
      objectId: username,
      before: null,
      requestId,
      at: now,
    };
    await audit(tx, { ...entry, action: 'session.login-failed', after: { reason } });
    if (row!.lockedUntil !== null && row!.lockedUntil > now)
      return { reason: 'locked' as const, lockedUntil: row!.lockedUntil };
    if (row!.failedLogins < MAX_FAILED) return null;
    await t.update(users).set({ lockedUntil }).where(eq(users.id, userId));
    await audit(tx, { ...entry, action: 'user.locked', after: { lockedUntil } });
    return { reason: 'locked' as const, lockedUntil };
  });
}

/**
 * Opens a session for a user who has proved who they are (password or single sign-on), or one
 * half done that grants nothing until the second factor (stage).
 */
export async function startSession(
  store: Store,
  u: typeof users.$inferSelect,
  action: string,
  requestId: string,
  now = new Date(),
  o: SignInOptions & { stage?: SessionStage } = {},
) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const stage = o.stage ?? 'full';
  await store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.insert(sessions).values({
      tokenHash: tokenHash(token, stage),
      userId: u.id,
      csrf,
      stage,
      expiresAt: new Date(now.getTime() + (stage === 'full' ? SESSION_MS : PENDING_MS)),
      lastSeenAt: now,
    });
    // A half-done sign-in leaves the failures counted: only the second factor clears them (else
    // giving the password again would reset the count, and codes could be guessed without end).
    if (stage === 'full') await signedIn(tx, u.id, { token, csrf }, now, o.address);
    await audit(tx, {
      actor: u.username,
      action,
      objectType: 'user',
      objectId: u.username,
      before: null,
      after: stage === 'full' ? (o.address ? { address: o.address } : null) : { next: stage },
      requestId,
      at: now,
    });
  });
  return { token, csrf };
}

/**
 * A session becomes a signed-in one: the failures count from zero, and it keeps the sign-in
 * before it (shown once, so that someone else's use of the account is noticed) as this one
 * becomes the last. A half-done session (`from`) is replaced by the new token: the token that
 * carried the password alone never signs anyone in. False when that session is gone.
 */
export async function signedIn(
  tx: unknown,
  userId: number,
  to: { token: string; csrf: string },
  now: Date,
  address?: string,
  from: string = sha256(to.token),
): Promise<boolean> {
  const t = tx as Db;
  const [before] = await t
    .select({ at: users.lastLoginAt, address: users.lastLoginAddress })
    .from(users)
    .where(eq(users.id, userId));
  const moved = await t
    .update(sessions)
    .set({
      tokenHash: sha256(to.token),
      csrf: to.csrf,
      stage: 'full',
      expiresAt: new Date(now.getTime() + SESSION_MS),
      lastSeenAt: now,
      previousLoginAt: before?.at ?? null,
      previousLoginAddress: before?.address ?? null,
    })
    .where(and(eq(sessions.tokenHash, from), eq(sessions.userId, userId)))
    .returning();
  if (!moved.length) return false;
  await t
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now, lastLoginAddress: address ?? null })
    .where(eq(users.id, userId));
  return true;
}

/**
 * The account of a single-sign-on subject: created on first sign-in, its role and department
 * updated from the identity provider's claims on every sign-in (the provider is the authority).
 */
export async function upsertOidcUser(
  store: Store,
  o: { subject: string; username: string; displayName: string; role: Role; department: string | null },
  requestId: string,
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(users).where(eq(users.oidcSubject, o.subject));
    const values = { displayName: o.displayName, role: o.role, department: o.department };
    const [after] = before
      ? await t.update(users).set(values).where(eq(users.id, before.id)).returning()
      : await t
          .insert(users)
          .values({ ...values, username: o.username, oidcSubject: o.subject })
          .returning();
    if (!before || before.role !== after!.role || before.department !== after!.department)
      await audit(tx, {
        actor: `oidc:${o.subject}`,
        action: before ? 'user.sso-update' : 'user.sso-create',
        objectType: 'user',
        objectId: after!.username,
        before: before ? { role: before.role, department: before.department } : null,
        after: { role: after!.role, department: after!.department },
        requestId,
      });
    return after!;
  });
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * What a session's token is stored as. A half-done sign-in's is hashed apart, so that nothing
 * that looks sessions up by the plain hash (an older replica during a rolling update included)
 * can take it for a signed-in session.
 */
export const tokenHash = (token: string, stage: SessionStage) =>
  stage === 'full' ? sha256(token) : sha256(`pending:${token}`);

/**
 * The user of a signed-in session: not expired, not idle longer than `idleMs`, its user enabled.
 * A half-done sign-in is no session here (pendingSession).
 */
export async function sessionUser(db: Db, token: string, now = new Date(), idleMs = IDLE_MS) {
  const [row] = await db
    .select({ user: users, session: sessions })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, sha256(token)),
        eq(sessions.stage, 'full'),
        gt(sessions.expiresAt, now),
        eq(users.disabled, false),
      ),
    );
  if (!row) return null;
  const seen = row.session.lastSeenAt ?? row.session.createdAt;
  if (now.getTime() - seen.getTime() >= idleMs) return null;
  return { user: row.user, csrf: row.session.csrf, session: row.session };
}

/** A sign-in half done: the password was right, a second factor is still to give or to enrol. */
export async function pendingSession(db: Db, token: string, now = new Date()) {
  const [row] = await db
    .select({ user: users, session: sessions })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash(token, 'enrol')),
        ne(sessions.stage, 'full'),
        gt(sessions.expiresAt, now),
        eq(users.disabled, false),
      ),
    );
  return row ? { user: row.user, csrf: row.session.csrf, stage: row.session.stage as SessionStage } : null;
}

/**
 * Marks a session as used by its person now (a change, or the console's activity beat), at most
 * once a minute; background refreshes do not count, so an unattended console still times out.
 */
export async function touchSession(db: Db, token: string, now = new Date()) {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(
      and(
        eq(sessions.tokenHash, sha256(token)),
        eq(sessions.stage, 'full'),
        or(isNull(sessions.lastSeenAt), lt(sessions.lastSeenAt, new Date(now.getTime() - 60_000))),
      ),
    );
}

/**
 * Ends one session, or every session of its user ("log out everywhere"): found by its token alone,
 * idle or half done, so that nothing the cookie named outlives the sign-out.
 */
export async function logout(store: Store, token: string, everywhere: boolean, requestId: string) {
  await store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const hashes = [sha256(token), tokenHash(token, 'enrol')];
    const [found] = await t
      .select({ user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(inArray(sessions.tokenHash, hashes));
    if (!found) return;
    if (everywhere) await t.delete(sessions).where(eq(sessions.userId, found.user.id));
    else await t.delete(sessions).where(inArray(sessions.tokenHash, hashes));
    await audit(tx, {
      actor: found.user.username,
      action: everywhere ? 'session.logout-all' : 'session.logout',
      objectType: 'user',
      objectId: found.user.username,
      before: null,
      after: null,
      requestId,
    });
  });
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return r?.n ?? 0;
}
