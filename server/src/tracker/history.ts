// Stage history: what changed between two recomputes, burn-up series per wave, and the forecast
// date for each target from recent velocity.
import type { Plan } from '@yunqian/plan';
import type { Stage, StageChange, TargetProgress, TrackerState, TrackedSystem } from '../model/index.ts';

const DAY_MS = 86_400_000;

/**
 * The changes from the previous version to the next. A system the previous version did not observe
 * (the first one after a start, one held until its sources synced, or new in the plan) is compared
 * with its last recorded stage, so a
 * restart records nothing that did not change; a system whose stage is only the recorded one
 * (its sources have not synced) records nothing.
 */
export function diffStages(
  prev: TrackerState | null,
  next: TrackerState,
  recorded: ReadonlyMap<string, Stage> = new Map(),
): StageChange[] {
  // A system held at its recorded stage in the previous version was not observed there.
  const before = new Map(prev?.systems.flatMap((s) => (s.stageFrom === 'recorded' ? [] : [[s.id, s.stage]])));
  const changes: StageChange[] = [];
  for (const s of next.systems) {
    if (s.stageFrom === 'recorded') continue;
    const from = before.get(s.id) ?? recorded.get(s.id) ?? null;
    if (from === s.stage) continue;
    changes.push({ system: s.id, from, to: s.stage, at: next.computedAt, evidence: lostOrGained(s) });
  }
  return changes;
}

/** The evidence that explains a change: the new top stage's, or what is now missing. */
function lostOrGained(s: TrackedSystem) {
  return s.evidence.at(-1) ?? s.waitingFor;
}

export interface BurnUpPoint {
  date: string;
  migrated: number;
}

/**
 * Cumulative migrated systems per day for the given systems, from the recorded changes. A
 * change into `migrated` adds one; a change out of it takes one away.
 */
export function burnUp(
  changes: readonly StageChange[],
  systems: ReadonlySet<string>,
  from: string,
  to: string,
): BurnUpPoint[] {
  const delta = new Map<string, number>();
  for (const c of changes) {
    if (!systems.has(c.system)) continue;
    const d = (c.to === 'migrated' ? 1 : 0) - (c.from === 'migrated' ? 1 : 0);
    if (!d) continue;
    const day = c.at.slice(0, 10);
    delta.set(day, (delta.get(day) ?? 0) + d);
  }
  const points: BurnUpPoint[] = [];
  let total = 0;
  for (const d of [...delta.keys()].filter((k) => k < from)) total += delta.get(d)!;
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    total += delta.get(date) ?? 0;
    points.push({ date, migrated: total });
  }
  return points;
}

/** In-scope systems migrated per day over the trailing window. */
export function velocity(
  changes: readonly StageChange[],
  inScope: ReadonlySet<string>,
  now: Date,
  windowDays: number,
): number {
  const since = new Date(now.getTime() - windowDays * DAY_MS).toISOString();
  let net = 0;
  for (const c of changes) {
    if (c.at < since || !inScope.has(c.system)) continue;
    net += (c.to === 'migrated' ? 1 : 0) - (c.from === 'migrated' ? 1 : 0);
  }
  return Math.max(0, net) / windowDays;
}

export function targetProgress(
  plan: Plan,
  state: TrackerState,
  changes: readonly StageChange[],
  now: Date,
  windowDays = 90,
): TargetProgress[] {
  // The pace is measured over whole days ending at the start of today (UTC): the forecast moves
  // once a day or when a system migrates, never between two refreshes of the same page.
  const today = new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  return plan.targets.map((t) => {
    const systems = state.systems.filter((s) => s.inScope && (!t.network || s.network === t.network));
    const migrated = systems.filter((s) => s.stage === 'migrated').length;
    const current = systems.length ? migrated / systems.length : null;
    const needed = Math.ceil(t.rate * systems.length) - migrated;
    const v = velocity(changes, new Set(systems.map((s) => s.id)), today, windowDays);
    const forecast =
      needed <= 0
        ? today.toISOString().slice(0, 10)
        : v > 0
          ? new Date(today.getTime() + Math.ceil(needed / v) * DAY_MS).toISOString().slice(0, 10)
          : null;
    return {
      id: t.id,
      rate: t.rate,
      by: t.by,
      network: t.network,
      current,
      forecast,
      onTrack: forecast !== null && forecast <= t.by,
    };
  });
}
