// The permission policy: which role may do what, and which systems a viewer may see. The scope
// is applied inside the data queries (api/queries.ts), so a department user cannot even count
// another department's systems.
import type { PlanIndex } from '@yunqian/plan';

// 三员分立 (MLPS): `admin` is the system administrator (accounts, configuration), `security` the
// security administrator (who holds which role), `auditor` the audit administrator (reads and
// exports the audit, the other two administrators' acts included). `evaluator`: a third-party
// assessor (第三方测评) the data bureau brings in: reads everything operational, changes nothing.
export const ROLES = [
  'admin',
  'security',
  'operator',
  'department',
  'leader',
  'auditor',
  'evaluator',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'public',
  'overview.read',
  'systems.read',
  'waves.read',
  'plan.problems.read',
  'sources.read',
  'clusters.read',
  'tenants.read',
  'namespaces.assign',
  'capacity.read',
  'quotas.read',
  'stacks.read',
  'requests.read',
  'requests.create',
  'requests.decide',
  'audit.read',
  'signoffs.sign',
  'signoffs.confirm',
  'blockers.manage',
  'live.read',
  'users.read',
  'users.manage',
  'users.grant',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Permissions that only read: the rest change something (a request, a sign-off, an account). */
export const READS = [
  'overview.read',
  'systems.read',
  'waves.read',
  'plan.problems.read',
  'sources.read',
  'clusters.read',
  'tenants.read',
  'capacity.read',
  'quotas.read',
  'stacks.read',
  'requests.read',
  'live.read',
] as const satisfies readonly Permission[];

/** Acts only a department does, on its own systems. */
const DEPARTMENTS_ONLY: readonly Permission[] = ['signoffs.sign'];

/**
 * The three administrators' powers: accounts, role grants, the audit. No role holds two of them
 * (asserted from GRANTS in the tests), so no one person can grant themselves a power and then
 * erase the trace of it.
 */
export const ADMINISTRATOR_POWERS = [
  'users.manage',
  'users.grant',
  'audit.read',
] as const satisfies readonly Permission[];
const POWERS: readonly Permission[] = ADMINISTRATOR_POWERS;

const GRANTS: Record<Role, readonly Permission[]> = {
  // A department signs its own cut-over and retirement: nobody else holds the signature (an
  // operator who could sign would confirm his own signing under two names of the same act).
  // The system administrator: accounts, and what the operators see; no role grants, no audit.
  admin: PERMISSIONS.filter(
    (p) => (p === 'users.manage' || !POWERS.includes(p)) && !DEPARTMENTS_ONLY.includes(p),
  ),
  // Who holds which role: the security administrator's alone.
  security: ['public', 'users.read', 'users.grant'],
  // Separation of duties (MLPS): those who change the cloud do not read the audit of it, nor
  // administer accounts.
  operator: PERMISSIONS.filter(
    (p) => !POWERS.includes(p) && p !== 'users.read' && !DEPARTMENTS_ONLY.includes(p),
  ),
  // Figures and the state of the cloud, not its problems' technical detail; changes nothing.
  leader: ['public', ...READS.filter((p) => p !== 'plan.problems.read')],
  department: [
    'public',
    'overview.read',
    'systems.read',
    'waves.read',
    'tenants.read',
    'quotas.read',
    'requests.read',
    'requests.create',
    'signoffs.sign',
    'live.read',
  ],
  auditor: ['public', 'audit.read'],
  // Reads what operators read; holds no permission that changes anything (asserted in the tests),
  // and none of the administrators' powers.
  evaluator: ['public', ...READS],
};

export interface Viewer {
  id: string;
  name: string;
  role: Role;
  /** For department users: the organisation unit they belong to (they see it and its sub-units). */
  department?: string | undefined;
}

/** The roles that hold a permission, in the policy's order (for "who may do this?"). */
export function rolesWith(permission: Permission): Role[] {
  return permission === 'public' ? [...ROLES] : ROLES.filter((r) => GRANTS[r].includes(permission));
}

export function can(viewer: Viewer | null, permission: Permission): boolean {
  if (permission === 'public') return true;
  return viewer !== null && GRANTS[viewer.role].includes(permission);
}

export type Scope = { kind: 'all' } | { kind: 'departments'; ids: ReadonlySet<string> } | { kind: 'none' };

export function scopeOf(viewer: Viewer | null, index: PlanIndex | null): Scope {
  if (!viewer) return { kind: 'none' };
  // The audit and security administrators read no systems at all.
  if (viewer.role === 'auditor' || viewer.role === 'security') return { kind: 'none' };
  if (viewer.role !== 'department') return { kind: 'all' };
  const ids = viewer.department ? index?.subtree.get(viewer.department) : undefined;
  return ids ? { kind: 'departments', ids } : { kind: 'none' };
}

export function inScope(scope: Scope, department: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'departments' && scope.ids.has(department));
}
