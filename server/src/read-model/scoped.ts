// Data with the viewer's scope applied first: everything below works only on the systems the
// viewer may see.
import type { PlanIndex } from '@yunqian/plan';
import type { TrackedSystem, TrackerState } from '../model/index.ts';
import { inScope, provinceWide, type Scope } from '../auth/policy.ts';
import { rollupsOf, type Rollups } from '../tracker/rollup.ts';

export function visibleSystems(state: TrackerState, scope: Scope): TrackedSystem[] {
  if (provinceWide(scope)) return state.systems;
  return state.systems.filter((s) => inScope(scope, s.department, s.network));
}

export function scopedRollups(state: TrackerState, scope: Scope, index: PlanIndex): Rollups {
  if (provinceWide(scope)) return state.rollups;
  return rollupsOf(visibleSystems(state, scope), index);
}

const byIdCache = new WeakMap<TrackerState, Map<string, TrackedSystem>>();

/** Tracked systems by id, built once per tracker state. */
export function trackedById(state: TrackerState): Map<string, TrackedSystem> {
  let m = byIdCache.get(state);
  if (!m) byIdCache.set(state, (m = new Map(state.systems.map((s) => [s.id, s]))));
  return m;
}
