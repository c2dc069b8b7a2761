// The permission policy: which role may do what, and which systems a viewer may see. The scope
// is applied inside the data queries (api/queries.ts), so a department user cannot even count
// another department's systems.
import type { PlanIndex } from '@yunqian/plan';

export const ROLES = ['admin', 'operator', 'department', 'leader', 'auditor'] as const;
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
  'users.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // Separation of duties (MLPS): those who change the cloud do not read the audit of it.
  // Accounts are the administrator's alone.
  operator: PERMISSIONS.filter((p) => p !== 'audit.read' && p !== 'users.manage'),
  leader: [
    'public',
    'overview.read',
    'systems.read',
    'waves.read',
    'sources.read',
    'clusters.read',
    'tenants.read',
    'capacity.read',
    'quotas.read',
    'stacks.read',
    'requests.read',
    'live.read',
  ],
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
};

export interface Viewer {
  id: string;
  name: string;
  role: Role;
  /** For department users: the organisation unit they belong to (they see it and its sub-units). */
  department?: string | undefined;
}

export function can(viewer: Viewer | null, permission: Permission): boolean {
  if (permission === 'public') return true;
  return viewer !== null && GRANTS[viewer.role].includes(permission);
}

export type Scope = { kind: 'all' } | { kind: 'departments'; ids: ReadonlySet<string> } | { kind: 'none' };

export function scopeOf(viewer: Viewer | null, index: PlanIndex | null): Scope {
  if (!viewer) return { kind: 'none' };
  if (viewer.role !== 'department') return viewer.role === 'auditor' ? { kind: 'none' } : { kind: 'all' };
  const ids = viewer.department ? index?.subtree.get(viewer.department) : undefined;
  return ids ? { kind: 'departments', ids } : { kind: 'none' };
}

export function inScope(scope: Scope, department: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'departments' && scope.ids.has(department));
}
