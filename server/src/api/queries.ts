// Data queries with the viewer's scope applied first: everything below works only on the
// systems the viewer may see.
import type { Rollup, TrackedSystem, TrackerState, Network } from '../model/index.ts';
import { inScope, type Scope } from '../auth/policy.ts';
import { addTo, emptyRollup, finish, rollupBy } from '../tracker/rollup.ts';

export function visibleSystems(state: TrackerState, scope: Scope): TrackedSystem[] {
  if (scope.kind === 'all') return state.systems;
  return state.systems.filter((s) => inScope(scope, s.department));
}

export function scopedRollups(state: TrackerState, scope: Scope) {
  if (scope.kind === 'all') return state.rollups;
  const systems = visibleSystems(state, scope);
  const total = emptyRollup();
  for (const s of systems) addTo(total, s);
  return {
    total: finish(total),
    departments: rollupBy(systems, (s) => [s.topDepartment, s.department]),
    waves: rollupBy(systems, (s) => [s.wave]),
    networks: rollupBy(systems, (s) => [s.network], ['internal', 'external']) as Record<Network, Rollup>,
    clusters: rollupBy(systems, (s) => new Set(s.tenants.map((t) => t.cluster))),
  };
}

const byIdCache = new WeakMap<TrackerState, Map<string, TrackedSystem>>();

/** Tracked systems by id, built once per tracker state. */
export function trackedById(state: TrackerState): Map<string, TrackedSystem> {
  let m = byIdCache.get(state);
  if (!m) byIdCache.set(state, (m = new Map(state.systems.map((s) => [s.id, s]))));
  return m;
}
