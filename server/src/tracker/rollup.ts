// Roll-ups: counts per department (a unit counts towards every organisation above it), wave,
// network and cluster. Sums are over systems, so every roll-up's stages add up to its total.
import type { PlanIndex } from '@yunqian/plan';
import {
  HEALTHS,
  STAGES,
  type Health,
  type Network,
  type Rollup,
  type Stage,
  type TrackedSystem,
} from '../model/index.ts';

export function emptyRollup(): Rollup {
  return {
    total: 0,
    inScope: 0,
    migrated: 0,
    rate: null,
    excepted: 0,
    byStage: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>,
    byHealth: Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<Health, number>,
    overdue: 0,
    blocked: 0,
    cutoverDue: 0,
    cutoverOnTime: 0,
    onTimeRate: null,
  };
}

/** A counted system whose cut-over date has come: the on-time rate's denominator. */
export const cutoverDue = (s: TrackedSystem): boolean => s.inScope && s.onTime !== null;

export function addTo(r: Rollup, s: TrackedSystem): void {
  r.total++;
  r.byStage[s.stage]++;
  r.byHealth[s.health]++;
  if (s.inScope) {
    r.inScope++;
    if (s.stage === 'migrated') r.migrated++;
  } else if (s.exception) r.excepted++;
  if (s.overdue) r.overdue++;
  if (cutoverDue(s)) {
    r.cutoverDue++;
    if (s.onTime) r.cutoverOnTime++;
  }
  if (s.blockers.length) r.blocked++;
}

export function finish(r: Rollup): Rollup {
  r.rate = r.inScope ? r.migrated / r.inScope : null;
  r.onTimeRate = r.cutoverDue ? r.cutoverOnTime / r.cutoverDue : null;
  return r;
}

export interface Rollups {
  total: Rollup;
  departments: Record<string, Rollup>;
  waves: Record<string, Rollup>;
  networks: Record<Network, Rollup>;
  clusters: Record<string, Rollup>;
}

/**
 * All roll-ups in one pass. Each system counts once towards its department, once towards every
 * organisation above it, its wave, its network and each cluster hosting one of its tenants.
 * `seed` lists keys that appear even with no systems (the whole plan's organisations, waves, clusters).
 */
export function rollupsOf(
  systems: readonly TrackedSystem[],
  index: PlanIndex,
  seed?: { departments: string[]; waves: string[]; clusters: string[] },
): Rollups {
  const r: Rollups = {
    total: emptyRollup(),
    departments: {},
    waves: {},
    networks: { internal: emptyRollup(), external: emptyRollup() },
    clusters: {},
  };
  for (const k of seed?.departments ?? []) r.departments[k] = emptyRollup();
  for (const k of seed?.waves ?? []) r.waves[k] = emptyRollup();
  for (const k of seed?.clusters ?? []) r.clusters[k] = emptyRollup();
  for (const s of systems) {
    addTo(r.total, s);
    addTo((r.departments[s.department] ??= emptyRollup()), s);
    for (const a of index.org.get(s.department)?.ancestors ?? [])
      addTo((r.departments[a] ??= emptyRollup()), s);
    addTo((r.waves[s.wave] ??= emptyRollup()), s);
    addTo(r.networks[s.network], s);
    for (let i = 0; i < s.tenants.length; i++) {
      const c = s.tenants[i]!.cluster;
      if (!s.tenants.slice(0, i).some((t) => t.cluster === c)) addTo((r.clusters[c] ??= emptyRollup()), s);
    }
  }
  finish(r.total);
  for (const group of [r.departments, r.waves, r.networks, r.clusters])
    for (const x of Object.values(group)) finish(x);
  return r;
}
