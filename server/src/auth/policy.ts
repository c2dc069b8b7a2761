// The permission policy: which role may do what, and which systems a viewer may see. The scope
// is applied inside the data queries (api/queries.ts), so a department user cannot even count
// another department's systems.
import type { PlanIndex } from '@yunqian/plan';
import type { Network } from '../model/network.ts';

// 三员分立 (MLPS): `admin` is the system administrator (accounts, configuration), `security` the
// security administrator (who holds which role), `auditor` the audit administrator (reads and
// exports the audit, the other two administrators' acts included). `evaluator`: a third-party
// assessor (第三方测评) the data bureau brings in: reads everything operational, changes nothing.
// `department-admin` (部门管理员): a unit's own administrator of its department users, within its
// unit's subtree; it proposes role grants, the security administrator decides them.
export const ROLES = [
  'admin',
  'security',
  'operator',
  'department',
  'department-admin',
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
  'requests.confirm',
  'audit.read',
  'signoffs.sign',
  'signoffs.confirm',
  'blockers.manage',
  'exceptions.apply',
  'live.read',
  'users.read',
  'users.manage',
  'users.grant',
  'staff.manage',
  'grants.read',
  'grants.propose',
  'grants.decide',
  'scorecards.read',
  'scorecards.close',
  'metering.read',
  'metering.manage',
  'reclamation.read',
  'reclamation.answer',
  // The wave planner (#24): its analysis of the plan as it stands (leaders read it) and what-ifs,
  // proposals and their YAML patches (the operators'; queries that write nothing).
  'planning.read',
  'planning.plan',
  // Intake and readiness (#24): a workbook read into plan YAML for review (writes nothing), a
  // department's readiness answers for its own systems, the operators' questionnaire archetypes.
  'plan.intake',
  'readiness.answer',
  'readiness.archetypes',
  'sync.tokens',
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
  'scorecards.read',
  // Monthly metering statements (#22): the finance view, for leadership and operators; a
  // department reads its own statements only (the router keeps it to them).
  'metering.read',
  // Reclaiming idle resources (#22): the proposals and their evidence, in scope.
  'reclamation.read',
  // The wave planner's reading of the plan: run-out per network, violations, forecast (#24).
  'planning.read',
] as const satisfies readonly Permission[];

/**
 * Acts only a department does, on its own systems: its signature, its application for a system
 * to stay off the cloud (不上云例外), which the data bureau decides (`requests.decide`), and its
 * answer to a proposal to reclaim idle quota (accept or contest; a contest the data bureau decides).
 */
const DEPARTMENTS_ONLY: readonly Permission[] = [
  'signoffs.sign',
  'exceptions.apply',
  'reclamation.answer',
  'readiness.answer',
];

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

/**
 * Acts on accounts given by name below, never by a filter: a unit's staff (department
 * administrators), and role grants with approval (proposed by the system administrator or a
 * department administrator, decided by the security administrator alone: four eyes).
 */
const ACCOUNT_ACTS: readonly Permission[] = [
  'staff.manage',
  'grants.read',
  'grants.propose',
  'grants.decide',
];

/** What a department user holds: its own systems' reads, its requests, its signature. */
const DEPARTMENT: readonly Permission[] = [
  'public',
  'overview.read',
  'systems.read',
  'waves.read',
  'tenants.read',
  'quotas.read',
  'requests.read',
  'requests.create',
  'requests.confirm',
  'signoffs.sign',
  'exceptions.apply',
  'live.read',
  'scorecards.read',
  'metering.read',
  'reclamation.read',
  'reclamation.answer',
  'plan.intake',
  'readiness.answer',
];

const GRANTS: Record<Role, readonly Permission[]> = {
  // A department signs its own cut-over and retirement: nobody else holds the signature (an
  // operator who could sign would confirm his own signing under two names of the same act).
  // The system administrator: accounts, and what the operators see; no role grants, no audit.
  // It may propose a role grant, never decide one.
  admin: [
    ...PERMISSIONS.filter(
      (p) =>
        (p === 'users.manage' || !POWERS.includes(p)) &&
        !DEPARTMENTS_ONLY.includes(p) &&
        !ACCOUNT_ACTS.includes(p) &&
        // Migration tools' tokens are issued by whoever answers for the unit's migration: its
        // department administrator or the operators of its level, not the accounts' administrator.
        p !== 'sync.tokens',
    ),
    'grants.read',
    'grants.propose',
  ],
  // Who holds which role: the security administrator's alone, proposals decided included.
  security: ['public', 'users.read', 'users.grant', 'grants.read', 'grants.decide'],
  // Separation of duties (MLPS): those who change the cloud do not read the audit of it, nor
  // administer accounts.
  operator: PERMISSIONS.filter(
    (p) =>
      !POWERS.includes(p) && p !== 'users.read' && !DEPARTMENTS_ONLY.includes(p) && !ACCOUNT_ACTS.includes(p),
  ),
  // Figures and the state of the cloud, not its problems' technical detail; changes nothing.
  leader: ['public', ...READS.filter((p) => p !== 'plan.problems.read')],
  department: DEPARTMENT,
  // A department user's reads (not its requests nor its signature), and its unit's staff: adds,
  // moves and removes department users within its subtree; proposes role grants for them.
  'department-admin': [
    ...DEPARTMENT.filter((p) => p === 'public' || (READS as readonly Permission[]).includes(p)),
    'staff.manage',
    'grants.read',
    'grants.propose',
    // Its unit's migration tools' tokens (#23): issued, and revoked, for the units of its subtree.
    'sync.tokens',
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
  /**
   * The organisation unit the account belongs to: the viewer sees it and its sub-units. Required
   * for department users; for operators, evaluators and leaders it makes a city's or a county's
   * team (市/县数据局), and none means the whole province.
   */
  department?: string | undefined;
  /** The one network the account works on (政务内网 and 政务外网 teams are separate); none: both. */
  network?: Network | undefined;
}

/** The roles whose accounts may be given an organisation unit, and those that must have one. */
export const UNIT_ROLES: readonly Role[] = [
  'operator',
  'department',
  'department-admin',
  'leader',
  'evaluator',
];
export const UNIT_REQUIRED: readonly Role[] = ['department', 'department-admin'];
/** The roles whose accounts may be kept to one network. */
export const NETWORK_ROLES: readonly Role[] = ['operator', 'evaluator'];

/** A role that needs an organisation unit given none (the API says so on the unit's field). */
export class PlacementError extends Error {
  constructor(readonly role: Role) {
    super(`a department user needs a department (role ${role})`);
  }
}

/**
 * Where an account sits: its unit and network as its role allows them (a unit or a network the
 * role does not take is dropped). Throws a PlacementError when a role that needs a unit has none.
 */
export function placementOf(
  role: Role,
  department: string | null | undefined,
  network: Network | null | undefined,
): { department: string | null; network: Network | null } {
  if (UNIT_REQUIRED.includes(role) && !department) throw new PlacementError(role);
  return {
    department: UNIT_ROLES.includes(role) ? (department ?? null) : null,
    network: NETWORK_ROLES.includes(role) ? (network ?? null) : null,
  };
}

/** The roles that hold a permission, in the policy's order (for "who may do this?"). */
export function rolesWith(permission: Permission): Role[] {
  return permission === 'public' ? [...ROLES] : ROLES.filter((r) => GRANTS[r].includes(permission));
}

export function can(viewer: Viewer | null, permission: Permission): boolean {
  if (permission === 'public') return true;
  return viewer !== null && GRANTS[viewer.role].includes(permission);
}

/**
 * What a viewer may see: an organisation subtree (or the whole province) and, for a network's
 * team, one network. Every list, count, export and live event is filtered through `inScope`.
 */
export type Scope =
  | { kind: 'all'; network?: Network | undefined }
  | { kind: 'departments'; ids: ReadonlySet<string>; unit: string; network?: Network | undefined }
  | { kind: 'none' };

/** The audit and security administrators read no systems at all. */
const NO_SYSTEMS: readonly Role[] = ['auditor', 'security'];

export function scopeOf(viewer: Viewer | null, index: PlanIndex | null): Scope {
  if (!viewer || NO_SYSTEMS.includes(viewer.role)) return { kind: 'none' };
  const network = NETWORK_ROLES.includes(viewer.role) ? viewer.network : undefined;
  const unit = UNIT_ROLES.includes(viewer.role) ? viewer.department : undefined;
  if (!unit) return UNIT_REQUIRED.includes(viewer.role) ? { kind: 'none' } : { kind: 'all', network };
  const ids = index?.subtree.get(unit);
  // A unit the plan no longer has: nothing, rather than everything.
  return ids ? { kind: 'departments', ids, unit, network } : { kind: 'none' };
}

/** The whole province on both networks: targets, unassigned namespaces, showback are for it alone. */
export function provinceWide(scope: Scope): scope is { kind: 'all' } {
  return scope.kind === 'all' && !scope.network;
}

/**
 * Whether something of `department` (on `network`, when it belongs to one) is in the scope. An
 * organisation unit's own name or a department's total, which belong to no network, pass on the
 * department alone.
 */
export function inScope(scope: Scope, department: string, network?: Network | null): boolean {
  if (scope.kind === 'none') return false;
  if (scope.network && network && network !== scope.network) return false;
  return scope.kind === 'all' || scope.ids.has(department);
}

/** Whether a network is in the scope at all (a cluster, a network's capacity). */
export function networkInScope(scope: Scope, network: Network): boolean {
  return scope.kind !== 'none' && (!scope.network || scope.network === network);
}
