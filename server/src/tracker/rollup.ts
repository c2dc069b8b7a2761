// Roll-ups: counts per department (a unit counts towards every organisation above it), wave,
// network and cluster. Sums are over systems, so every roll-up's stages add up to its total.
import { HEALTHS, STAGES, type Health, type Rollup, type Stage, type TrackedSystem } from '../model/index.ts';

export function emptyRollup(): Rollup {
  return {
    total: 0,
    inScope: 0,
    migrated: 0,
    rate: null,
    byStage: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>,
    byHealth: Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<Health, number>,
    overdue: 0,
    blocked: 0,
  };
}

export function addTo(r: Rollup, s: TrackedSystem): void {
  r.total++;
  r.byStage[s.stage]++;
  r.byHealth[s.health]++;
  if (s.inScope) {
    r.inScope++;
    if (s.stage === 'migrated') r.migrated++;
  }
  if (s.overdue) r.overdue++;
  if (s.blockers.length) r.blocked++;
}

export function finish(r: Rollup): Rollup {
  r.rate = r.inScope ? r.migrated / r.inScope : null;
  return r;
}

export function rollupBy(systems: readonly TrackedSystem[], keys: (s: TrackedSystem) => Iterable<string>, seed: Iterable<string> = []): Record<string, Rollup> {
  const out: Record<string, Rollup> = {};
  for (const k of seed) out[k] = emptyRollup();
  for (const s of systems) {
    for (const k of keys(s)) addTo((out[k] ??= emptyRollup()), s);
  }
  for (const r of Object.values(out)) finish(r);
  return out;
}
