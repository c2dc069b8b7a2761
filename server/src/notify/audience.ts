// Who is told of something: the enabled accounts of the roles concerned whose scope covers it,
// by the same policy that filters what they read (auth/policy.ts). An account that could not
// see a system, a tenant or a network in the console is never told of it.
import { and, eq } from 'drizzle-orm';
import type { PlanIndex } from '@yunqian/plan';
import { inScope, networkInScope, scopeOf, type Role, type Scope, type Viewer } from '../auth/policy.ts';
import type { Network } from '../model/network.ts';
import { users } from '../store/schema.ts';
import type { Db, Tx } from '../store/db.ts';

export interface Account {
  username: string;
  role: Role;
  department: string | null;
  network: Network | null;
}

/** The enabled accounts, or the one named (read once per pass, then filtered in memory). */
export async function activeAccounts(tx: Tx, only?: string): Promise<Account[]> {
  const rows = await (tx as Db)
    .select({
      username: users.username,
      role: users.role,
      department: users.department,
      network: users.network,
    })
    .from(users)
    .where(and(eq(users.disabled, false), only === undefined ? undefined : eq(users.username, only)));
  return rows.map((r) => ({ ...r, role: r.role as Role, network: r.network as Network | null }));
}

/** An account as the policy takes a viewer. */
export function viewerOf(a: Account): Viewer {
  return {
    id: a.username,
    name: a.username,
    role: a.role,
    department: a.department ?? undefined,
    network: a.network ?? undefined,
  };
}

export function scopeOfAccount(a: Account, index: PlanIndex): Scope {
  return scopeOf(viewerOf(a), index);
}

/**
 * The accounts of `roles` that see something of `department` on `network` (null: a thing of both
 * networks, which a network's team sees too), in name order.
 */
export function covering(
  accounts: readonly Account[],
  index: PlanIndex,
  roles: readonly Role[],
  department: string,
  network: Network | null,
): string[] {
  return accounts
    .filter((a) => roles.includes(a.role) && inScope(scopeOfAccount(a, index), department, network))
    .map((a) => a.username)
    .sort();
}

/** The accounts of `roles` that see the whole province on `network` (a network's capacity). */
export function provinceWideOn(
  accounts: readonly Account[],
  index: PlanIndex,
  roles: readonly Role[],
  network: Network,
): string[] {
  return accounts
    .filter((a) => {
      if (!roles.includes(a.role)) return false;
      const scope = scopeOfAccount(a, index);
      return scope.kind === 'all' && networkInScope(scope, network);
    })
    .map((a) => a.username)
    .sort();
}
