// A unit's staff, as its department administrator (部门管理员) keeps them: department users within
// the administrator's unit and its sub-units — listed, added (with an initial password the owner
// changes at the first sign-in), moved to another unit of the subtree, removed. Never another
// role, never outside the subtree, never the administrator's own account: the checks run inside
// each change's transaction, on the row as it is then, and the change is audited in it.
import { and, eq, inArray } from 'drizzle-orm';
import { sessions, users } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { FourEyesError, isUniqueViolation, NotFoundError, UsernameTakenError } from './errors.ts';
import { hashPassword } from './accounts.ts';
import { deleteAccount } from './user-admin.ts';
import { passwordRefusal } from '../auth/password-policy.ts';
import type { Actor } from './requests.ts';

/** The only role a department administrator keeps. */
export const STAFF_ROLE = 'department';

/** The units an administrator keeps staff in: its unit's subtree. */
export type Units = ReadonlySet<string>;

/** The department users of the units, by user name. */
export async function listStaff(db: Db, units: Units) {
  if (!units.size) return [];
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.role, STAFF_ROLE), inArray(users.department, [...units])))
    .orderBy(users.username);
  return rows.map((u) => ({
    username: u.username,
    displayName: u.displayName,
    department: u.department!,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    /** The initial password is still to be changed (not signed in since it was given). */
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  }));
}

const visible = (u: typeof users.$inferSelect) => ({
  role: u.role,
  department: u.department,
  displayName: u.displayName,
});

/**
 * A staff member of the units as the transaction sees it, locked for the change: absent, of
 * another role or outside the units all read "not found" (the caller learns nothing of others).
 */
async function staffMember(t: Db, by: Actor, username: string, units: Units) {
  if (username === by.id) throw new FourEyesError(`${by.id} cannot change their own account`, 'own-account');
  const [u] = await t.select().from(users).where(eq(users.username, username)).for('update');
  if (!u || u.role !== STAFF_ROLE || !u.department || !units.has(u.department))
    throw new NotFoundError(`no department user ${username} in the units`);
  return u;
}

export interface NewStaff {
  username: string;
  displayName: string;
  department: string;
}

/**
 * Adds a department user to a unit of the subtree with an initial password (from the password
 * policy) that its owner must change at the first sign-in.
 */
export async function addStaff(store: Store, by: Actor, s: NewStaff, units: Units, password: string) {
  if (!units.has(s.department)) throw new NotFoundError(`no unit ${s.department} in the subtree`);
  const refusal = passwordRefusal(password);
  if (refusal) throw new Error(refusal);
  const passwordHash = await hashPassword(password);
  const at = by.at ?? new Date();
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [taken] = await t.select({ id: users.id }).from(users).where(eq(users.username, s.username));
    if (taken) throw new UsernameTakenError(s.username);
    const [row] = await t
      .insert(users)
      .values({
        username: s.username,
        displayName: s.displayName,
        role: STAFF_ROLE,
        department: s.department,
        network: null,
        passwordHash,
        passwordChangedAt: at,
        mustChangePassword: true,
        createdAt: at,
      })
      .returning()
      .catch((e: unknown) => {
        // Another administrator took the name since the look above.
        throw isUniqueViolation(e) ? new UsernameTakenError(s.username) : e;
      });
    await audit(tx, {
      actor: by.id,
      action: 'staff.add',
      objectType: 'user',
      objectId: s.username,
      before: null,
      after: visible(row!),
      requestId: by.requestId,
      at,
    });
    return { username: row!.username, department: row!.department! };
  });
}

/** Moves a staff member to another unit of the subtree; their sessions end (they sign in again). */
export async function assignStaff(
  store: Store,
  by: Actor,
  username: string,
  department: string,
  units: Units,
) {
  if (!units.has(department)) throw new NotFoundError(`no unit ${department} in the subtree`);
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const before = await staffMember(t, by, username, units);
    const [after] = await t.update(users).set({ department }).where(eq(users.id, before.id)).returning();
    await t.delete(sessions).where(eq(sessions.userId, before.id));
    await audit(tx, {
      actor: by.id,
      action: 'staff.assign',
      objectType: 'user',
      objectId: username,
      before: visible(before),
      after: visible(after!),
      requestId: by.requestId,
      at: by.at,
    });
    return { username, department };
  });
}

/** Removes a staff member's account and ends their sessions. */
export async function removeStaff(store: Store, by: Actor, username: string, units: Units) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const before = await staffMember(t, by, username, units);
    await deleteAccount(tx, by, before, 'staff.remove', visible(before));
    return { username };
  });
}
