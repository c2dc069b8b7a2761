// Administering accounts: disable and enable, unlock, change role or department, set a password,
// remove. Every change is audited in its own transaction, and any change to who someone is or
// what they may do ends their sessions (they sign in again under the new terms).
import { eq } from 'drizzle-orm';
import { sessions, users } from './schema.ts';
import type { Db, Store, Tx } from './db.ts';
import { audit } from './audit.ts';
import { FourEyesError, NotFoundError } from './errors.ts';
import { hashPassword } from './accounts.ts';
import { passwordRefusal } from '../auth/password-policy.ts';
import { recordPasswordChange } from './passwords.ts';
import { placementOf, type Role } from '../auth/policy.ts';
import type { Network } from '../model/network.ts';
import type { Actor } from './requests.ts';

export type UserChange =
  | { disabled: boolean }
  | { unlock: true }
  | { role: Role; department: string | null; network?: Network | null | undefined }
  | { password: string };

/** What an administrator sees of an account (never its password hash). */
export async function listUsers(db: Db) {
  const rows = await db.select().from(users).orderBy(users.username);
  return rows.map((u) => ({
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    department: u.department,
    network: u.network as Network | null,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    sso: u.oidcSubject !== null,
    /** Enrolled a second factor (TOTP). */
    secondFactor: u.totpSecret !== null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  }));
}

const visible = (u: typeof users.$inferSelect) => ({
  role: u.role,
  department: u.department,
  network: u.network,
  disabled: u.disabled,
  lockedUntil: u.lockedUntil?.toISOString() ?? null,
});

export async function updateUser(store: Store, by: Actor, username: string, change: UserChange) {
  // An administrator cannot shut themselves out (the last administrator would lock everyone out).
  if (username === by.id && !('password' in change))
    throw new FourEyesError(`${by.id} cannot change their own account's access`, 'own-account');
  if ('password' in change) {
    const refusal = passwordRefusal(change.password);
    if (refusal) throw new Error(refusal);
  }
  const placement = 'role' in change ? placementOf(change.role, change.department, change.network) : null;
  const passwordHash = 'password' in change ? await hashPassword(change.password) : undefined;
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(users).where(eq(users.username, username));
    if (!before) throw new NotFoundError(`no account ${username}`);
    const set =
      'disabled' in change
        ? { disabled: change.disabled }
        : 'unlock' in change
          ? { lockedUntil: null, failedLogins: 0 }
          : 'role' in change
            ? { role: change.role, ...placement! }
            : // A password an administrator set is its owner's to change at the next sign-in.
              {
                passwordHash: passwordHash!,
                passwordChangedAt: by.at ?? new Date(),
                mustChangePassword: true,
              };
    if ('password' in change)
      await recordPasswordChange(tx, before.id, before.passwordHash, by.at ?? new Date());
    const [after] = await t.update(users).set(set).where(eq(users.id, before.id)).returning();
    if (!('unlock' in change)) await t.delete(sessions).where(eq(sessions.userId, before.id));
    await audit(tx, {
      actor: by.id,
      action:
        'disabled' in change
          ? change.disabled
            ? 'user.disable'
            : 'user.enable'
          : 'unlock' in change
            ? 'user.unlock'
            : 'role' in change
              ? 'user.set-role'
              : 'user.set-password',
      objectType: 'user',
      objectId: username,
      before: visible(before),
      after: visible(after!),
      requestId: by.requestId,
      at: by.at,
    });
    return visible(after!);
  });
}

export async function removeUser(store: Store, by: Actor, username: string) {
  if (username === by.id) throw new FourEyesError(`${by.id} cannot remove their own account`, 'own-account');
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.select().from(users).where(eq(users.username, username));
    if (!before) throw new NotFoundError(`no account ${username}`);
    await deleteAccount(tx, by, before, 'user.remove', visible(before));
  });
}

/**
 * Ends an account's sessions, deletes it and audits the removal (`seen`: what the audit keeps of
 * it), in the caller's transaction: the system administrator's removal and a department
 * administrator's alike.
 */
export async function deleteAccount(
  tx: Tx,
  by: Actor,
  account: typeof users.$inferSelect,
  action: string,
  seen: unknown,
): Promise<void> {
  const t = tx as unknown as Db;
  await t.delete(sessions).where(eq(sessions.userId, account.id));
  await t.delete(users).where(eq(users.id, account.id));
  await audit(tx, {
    actor: by.id,
    action,
    objectType: 'user',
    objectId: account.username,
    before: seen,
    after: null,
    requestId: by.requestId,
    at: by.at,
  });
}
