// What a plan breaks that the planner must not: a system cutting over before a system it depends
// on (neither cut over yet), and a dependency across the two networks with no exchange channel.
import type { Plan, PlannedSystem } from '@yunqian/plan';
import type { Stage } from '../model/index.ts';
import { migrates, settled, type Violation } from './model.ts';

export function violationKey(v: Violation): string {
  return `${v.kind}\0${v.system}\0${v.dependency}`;
}

/** The violations of one dependency edge: `s` depends on `dep` (through a channel or not). */
export function edgeViolations(
  s: PlannedSystem,
  dep: PlannedSystem,
  channel: string | undefined,
  stages: ReadonlyMap<string, Stage>,
  out: Violation[],
): void {
  // Once the dependent or the dependency has cut over, their order no longer matters.
  if (
    migrates(s) &&
    migrates(dep) &&
    !settled(stages.get(s.id)) &&
    !settled(stages.get(dep.id)) &&
    s.cutover < dep.cutover
  )
    out.push({
      kind: 'dependency-order',
      system: s.id,
      cutover: s.cutover,
      dependency: dep.id,
      dependencyCutover: dep.cutover,
    });
  // The plan's rule (rules.ts, cross-network-dependency): a channel makes the crossing lawful.
  if (dep.network !== s.network && !channel)
    out.push({
      kind: 'cross-network',
      system: s.id,
      network: s.network,
      dependency: dep.id,
      dependencyNetwork: dep.network,
    });
}

export function findViolations(plan: Plan, stages: ReadonlyMap<string, Stage>): Violation[] {
  const byId = new Map(plan.systems.map((s) => [s.id, s]));
  const out: Violation[] = [];
  for (const s of plan.systems)
    for (const d of s.dependsOn) {
      const dep = byId.get(d.system);
      // The plan's own rules refuse an unknown dependency.
      if (dep) edgeViolations(s, dep, d.channel, stages, out);
    }
  return out;
}
