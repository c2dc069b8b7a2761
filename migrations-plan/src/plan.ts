// The validated plan as the rest of Yunqian sees it: flat, indexed, with every reference resolved.
import type { Network, Scope, Strategy, Target, Wave, System } from './schema.ts';

export interface OrgUnit {
  id: string;
  kind: 'province' | 'department' | 'unit' | 'city' | 'county';
  name: { zh: string; en: string };
  code?: string | undefined;
  parentId: string | null;
  /** Ids from the root down to the parent. */
  ancestors: string[];
}

export interface PlannedDependency {
  system: string;
  channel?: string | undefined;
}

export interface PlannedSystem extends Omit<System, 'department' | 'dependsOn'> {
  department: string;
  dependsOn: PlannedDependency[];
  /** The plan file that declares the system (relative to the plan folder). */
  file: string;
}

export interface Plan {
  organisations: OrgUnit[];
  waves: Wave[];
  targets: Target[];
  scope: Scope;
  systems: PlannedSystem[];
  /** sha-256 of the files' contents, so a reload that changed nothing is recognised. */
  digest: string;
}

export interface PlanIndex {
  org: Map<string, OrgUnit>;
  wave: Map<string, Wave>;
  system: Map<string, PlannedSystem>;
  /** Each org unit's id → ids of itself and all its descendants. */
  subtree: Map<string, Set<string>>;
  /** Each org unit's id → the top-level organisation (department or city) it rolls up to. */
  topLevel: Map<string, OrgUnit>;
}

export function indexPlan(plan: Plan): PlanIndex {
  const org = new Map(plan.organisations.map((o) => [o.id, o]));
  const subtree = new Map<string, Set<string>>();
  for (const o of plan.organisations) {
    for (const id of [o.id, ...o.ancestors]) {
      let set = subtree.get(id);
      if (!set) subtree.set(id, (set = new Set()));
      set.add(o.id);
    }
  }
  const topLevel = new Map<string, OrgUnit>();
  for (const o of plan.organisations) {
    const chain = [...o.ancestors, o.id].map((id) => org.get(id));
    topLevel.set(o.id, chain.find((x) => x && x.kind !== 'province') ?? o);
  }
  return {
    org,
    topLevel,
    wave: new Map(plan.waves.map((w) => [w.id, w])),
    system: new Map(plan.systems.map((s) => [s.id, s])),
    subtree,
  };
}

/** The top-level organisation (a department or city) that a unit belongs to, for roll-ups. */
export function topLevelOrg(index: PlanIndex, orgId: string): OrgUnit | undefined {
  return index.topLevel.get(orgId);
}

export function isCountedApart(scope: Scope, strategy: Strategy): boolean {
  return scope.countApart.includes(strategy);
}

/** In scope for the migration rate (上云率) under the plan's configured rules. */
export function isInScope(scope: Scope, s: { classified: boolean; strategy: Strategy }): boolean {
  if (scope.excludeClassified && s.classified) return false;
  return !isCountedApart(scope, s.strategy);
}

export type { Network, Strategy };
