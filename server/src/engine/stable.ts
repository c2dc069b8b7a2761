// Versions share what did not change. Evidence keeps the time it was first observed (not the
// time of the recompute that saw it again), so a system whose evidence is unchanged is the very
// same object in the next version, and a version in which nothing changed is the previous one:
// caches keyed by version or by system survive every recompute that found nothing new.
import type { Evidence, TrackedSystem, TrackerState } from '../model/index.ts';

const sameParams = (a: Evidence['params'], b: Evidence['params']) => {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
};

const sameFact = (a: Evidence, b: Evidence) =>
  a.stage === b.stage && a.source === b.source && a.code === b.code && sameParams(a.params, b.params);

/** The earlier observation of the same fact, if there was one. */
function firstSeen(e: Evidence | null, earlier: readonly (Evidence | null)[]): Evidence | null {
  if (!e) return null;
  for (const p of earlier) if (p && sameFact(e, p)) return p;
  return e;
}

function stableSystem(prev: TrackedSystem, next: TrackedSystem): TrackedSystem {
  // Not evaluated again (an incremental run): nothing to compare.
  if (prev === next) return prev;
  const earlier = [...prev.evidence, prev.waitingFor];
  const evidence = next.evidence.map((e) => firstSeen(e, earlier)!);
  const waitingFor = firstSeen(next.waitingFor, earlier);
  const s = { ...next, evidence, waitingFor };
  return JSON.stringify(s) === JSON.stringify(prev) ? prev : s;
}

/** `next` with every unchanged system (and, if nothing changed, the whole state) taken from `prev`. */
export function stabilize(prev: TrackerState | null, next: TrackerState): TrackerState {
  if (!prev) return next;
  const before = new Map(prev.systems.map((s) => [s.id, s]));
  let reused = 0;
  const systems = next.systems.map((s) => {
    const p = before.get(s.id);
    const out = p ? stableSystem(p, s) : s;
    if (out === p) reused++;
    return out;
  });
  const unchanged =
    reused === prev.systems.length &&
    systems.length === prev.systems.length &&
    prev.planDigest === next.planDigest &&
    JSON.stringify(prev.rollups) === JSON.stringify(next.rollups);
  return unchanged ? prev : { ...next, systems };
}
