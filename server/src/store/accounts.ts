// Local accounts and sessions. Passwords are hashed with scrypt; a session is a random token whose
// SHA-256 alone is stored, with its own CSRF token. Five failed logins lock an account for 15 minutes.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { and, eq, gt, sql } from 'drizzle-orm';
import { sessions, users } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import type { Role } from '../auth/policy.ts';
import { passwordRefusal } from '../auth/password-policy.ts';

const scrypt = promisify(scryptCb) as (p: string, s: Buffer, n: number, o: object) => Promise<Buffer>;
const N = 16384;
export const MAX_FAILED = 5;
export const LOCK_MS = 15 * 60_000;
export const SESSION_MS = 8 * 3600_000;

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
  password?: string | undefined;
  oidcSubject?: string | undefined;
}

export async function createUser(store: Store, u: NewUser, by: { id: string; requestId: string }) {
  if (u.role === 'department' && !u.department) throw new Error('a department user needs a department');
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
        department: u.department ?? null,
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
      after: { id: row!.id, username: row!.username, role: row!.role, department: row!.department },
      requestId: by.requestId,
    });
    return { id: row!.id, username: row!.username, role: row!.role, department: row!.department };
  });
}

export type LoginResult =
  | { ok: true; token: string; csrf: string; user: typeof users.$inferSelect }
  | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date };

/** Checks a password; locks the account after repeated failures. The same answer for unknown users. */
export async function login(
  store: Store,
  username: string,
  password: string,
  requestId: string,
  now = new Date(),
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
    // Counted in one statement: attempts sent at once each add one, so the fifth locks whatever
    // the interleaving (a read-then-write count let ten parallel attempts through unlocked).
    const lockedUntil = new Date(now.getTime() + LOCK_MS);
    const locked = await store.db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const [row] = await t
        .update(users)
        .set({
          // An expired lock starts the count again.
          failedLogins: sql`CASE WHEN ${users.lockedUntil} IS NOT NULL AND ${users.lockedUntil} <= ${now.toISOString()}::timestamptz THEN 1 ELSE ${users.failedLogins} + 1 END`,
        })
        .where(eq(users.id, u.id))
        .returning();
      await refused(tx, 'wrong-password');
      const already = row!.lockedUntil !== null && row!.lockedUntil > now;
      if (row!.failedLogins < MAX_FAILED || already) return already;
      await t.update(users).set({ lockedUntil }).where(eq(users.id, u.id));
      await audit(tx, {
        actor: username,
        action: 'user.locked',
        objectType: 'user',
        objectId: username,
        before: null,
        after: { lockedUntil },
        requestId,
        at: now,
      });
      return true;
    });
    return locked ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
  }
  const { token, csrf } = await startSession(store, u, 'session.login', requestId, now);
  return { ok: true, token, csrf, user: u };
}

/** Opens a session for a user who has proved who they are (password or single sign-on). */
export async function startSession(
  store: Store,
  u: typeof users.$inferSelect,
  action: string,
  requestId: string,
  now = new Date(),
) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, u.id));
    await t.insert(sessions).values({
      tokenHash: sha256(token),
      userId: u.id,
      csrf,
      expiresAt: new Date(now.getTime() + SESSION_MS),
    });
    await audit(tx, {
      actor: u.username,
      action,
      objectType: 'user',
      objectId: u.username,
      before: null,
      after: null,
      requestId,
      at: now,
    });
  });
  return { token, csrf };
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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function sessionUser(db: Db, token: string, now = new Date()) {
  const [row] = await db
    .select({ user: users, csrf: sessions.csrf })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now), eq(users.disabled, false)),
    );
  return row ?? null;
}

/** Ends one session, or every session of its user ("log out everywhere"). */
export async function logout(store: Store, token: string, everywhere: boolean, requestId: string) {
  const found = await sessionUser(store.db as Db, token);
  if (!found) return;
  await store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (everywhere) await t.delete(sessions).where(eq(sessions.userId, found.user.id));
    else await t.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
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
