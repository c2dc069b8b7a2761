// The automatic proposal: systems re-dated or moved to earlier waves so that more of them cut over
// by each target's date, never against a dependency (a system cuts over on or after what it depends
// on), never past a network's headroom in a month the move adds demand to, and never a system the
// readiness assessment found not ready. Greedy, in two passes over the systems in dependency
// order (what a system depends on first):
//  1. repair: a system whose cut-over date has passed without the cut-over, or that would cut over
//     before a dependency, gets the earliest date that is after today and after its dependencies
//     (a late one no later than the systems waiting on it, where it can: their dates stand);
//  2. for each target date in turn, a counted system due after it is moved to the latest wave that
//     lets it cut over by then, keeping the span of its own migration, if the months it now
//     occupies earlier have room; smaller systems first within one dependency depth, so more fit.
import type { PlannedSystem, Wave } from '@yunqian/plan';
import { landsOn } from '../capacity/index.ts';
import type { Amounts } from '../model/index.ts';
import { addDays, daysBetween, maxDate, minDate, monthIndex } from './dates.ts';
import { countedIn } from './forecast.ts';
import { ledgers } from './ledger.ts';
import { migrates, settled, type Move, type PlanningInput, type Readiness } from './model.ts';

const GiB = 2 ** 30;

export type ProposalReason = 'late' | 'dependency' | 'target';

export interface ProposedMove extends Required<Omit<Move, 'network'>> {
  reason: ProposalReason;
  /** The target the move brings the system in for (reason `target`). */
  target?: string | undefined;
  /** From where (the plan as it stands). */
  from: { wave: string; start: string; cutover: string };
  readiness: Readiness;
}

export interface Proposal {
  moves: ProposedMove[];
  /** Systems the proposal could not place, and why. */
  unplaced: { system: string; reason: 'not-ready' | 'no-wave' }[];
  /** Whether the months were kept within a known headroom (false: no capacity source). */
  capacityChecked: boolean;
}

export interface ProposeOptions {
  /** The systems the viewer may move (a city's team moves its own); the rest stay as they are. */
  movable?: ((s: PlannedSystem) => boolean) | undefined;
}

interface Slot {
  wave: string;
  start: string;
  cutover: string;
}

export function propose(input: PlanningInput, o: ProposeOptions = {}): Proposal {
  const { plan, today, stages } = input;
  const readiness = (id: string): Readiness => input.readiness?.get(id) ?? 'not-assessed';
  const byId = new Map(plan.systems.map((s) => [s.id, s]));
  const slots = new Map<string, Slot>(
    plan.systems.map((s) => [s.id, { wave: s.wave, start: s.start, cutover: s.cutover }]),
  );
  const waves = [...plan.waves].sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  const lastMonth = Math.max(
    monthIndex(today),
    ...plan.waves.map((w) => monthIndex(w.end)),
    ...plan.systems.map((s) => monthIndex(s.start)),
  );
  const books = ledgers(plan, stages, input.headroom, today, lastMonth);
  const movable = (s: PlannedSystem) => !settled(stages.get(s.id)) && migrates(s) && (o.movable?.(s) ?? true);
  // Demand is the capacity module's: only a system with no tenant yet (planned) still needs one.
  const demandOf = (s: PlannedSystem): Amounts | null =>
    (stages.get(s.id) ?? 'planned') === 'planned'
      ? { cpu: s.resources.cpu, memory: s.resources.memoryGiB * GiB }
      : null;

  /** The latest cut-over among the dependencies not yet cut over ('' when none binds). */
  const boundOf = (s: PlannedSystem): string => {
    let bound = '';
    for (const d of s.dependsOn) {
      const dep = byId.get(d.system);
      if (!dep || !migrates(dep) || settled(stages.get(dep.id))) continue;
      const c = slots.get(dep.id)!.cutover;
      if (c > bound) bound = c;
    }
    return bound;
  };

  /** Books the move of the system's demand to its new start; false (nothing booked) when a month has no room. */
  const book = (s: PlannedSystem, from: string, to: string): boolean => {
    const demand = demandOf(s);
    const ledger = books.get(s.network);
    if (!demand || !ledger) return true;
    const was = monthIndex(landsOn(from, today));
    const now = monthIndex(landsOn(to, today));
    if (to < from && !ledger.fits(now, was, demand)) return false;
    ledger.move(was, now, demand);
    return true;
  };

  const moves = new Map<string, ProposedMove>();
  const unplaced = new Map<string, 'not-ready' | 'no-wave'>();
  const record = (s: PlannedSystem, slot: Slot, reason: ProposalReason, target?: string) => {
    const first = moves.get(s.id);
    slots.set(s.id, slot);
    moves.set(s.id, {
      system: s.id,
      ...slot,
      // A system moved twice keeps the first reason (a late system also brought in for a target says "late").
      reason: first?.reason ?? reason,
      target: target ?? first?.target,
      from: first?.from ?? { wave: s.wave, start: s.start, cutover: s.cutover },
      readiness: readiness(s.id),
    });
    unplaced.delete(s.id);
  };

  const order = dependencyOrder(plan.systems, byId);
  // Each system → the earliest cut-over still ahead among those waiting on it, through late ones
  // (whose own limit is theirs): a late system re-dated by then keeps their dates, and the targets
  // they count for. Dependents come later in the order, so the reverse meets them first.
  const waitedBy = new Map<string, string>();
  for (let i = order.length - 1; i >= 0; i--) {
    const s = order[i]!;
    if (!migrates(s) || settled(stages.get(s.id))) continue;
    const by = s.cutover < today ? waitedBy.get(s.id) : s.cutover;
    if (!by) continue;
    for (const d of s.dependsOn) {
      const had = waitedBy.get(d.system);
      if (!had || by < had) waitedBy.set(d.system, by);
    }
  }

  // 1. Repair: passed dates and dependency order.
  for (const s of order) {
    if (!movable(s)) continue;
    const slot = slots.get(s.id)!;
    const bound = boundOf(s);
    const late = slot.cutover < today;
    if (!late && !(bound && slot.cutover < bound)) continue;
    const earliest = maxDate(today, bound);
    // A system found not ready is not given a new date of its own; one that would cut over before
    // a dependency is deferred to the dependency's date all the same (that only defers it).
    const notReady = readiness(s.id) === 'not-ready';
    if (late && notReady && !(bound && slot.cutover < bound)) {
      unplaced.set(s.id, 'not-ready');
      continue;
    }
    const placed =
      late && !notReady
        ? redate(slot, earliest, today, waves, waitedBy.get(s.id))
        : deferTo(slot, earliest, waves);
    if (!placed) {
      unplaced.set(s.id, 'no-wave');
      continue;
    }
    // Repairs only ever move a start later (or keep it): no month gains demand.
    book(s, slot.start, placed.start);
    record(s, placed, late ? 'late' : 'dependency');
  }

  // 2. Bring counted systems in by each target's date, earliest target first.
  const targets = [...plan.targets].sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
  for (const t of targets) {
    for (const s of order) {
      if (!movable(s) || readiness(s.id) === 'not-ready' || !countedIn(input, s)) continue;
      if (t.network && s.network !== t.network) continue;
      const slot = slots.get(s.id)!;
      if (slot.cutover <= t.by || slot.cutover < today) continue;
      const earliest = maxDate(today, boundOf(s));
      if (earliest > t.by) continue;
      const placed = bringIn(slot, earliest, t.by, today, waves);
      if (!placed || !book(s, slot.start, placed.start)) continue;
      record(s, placed, 'target', t.id);
    }
  }

  return {
    moves: [...moves.values()],
    unplaced: [...unplaced].map(([system, reason]) => ({ system, reason })),
    capacityChecked: books.size > 0,
  };
}

/**
 * A system whose date passed: the first wave still open that can take it, keeping its span where
 * it fits, and cutting over no later than `by` (the first system waiting on it) where it can.
 */
function redate(
  slot: Slot,
  earliest: string,
  today: string,
  waves: readonly Wave[],
  by: string | undefined,
): Slot | null {
  const span = Math.max(0, daysBetween(slot.start, slot.cutover));
  const limit = by && by >= earliest ? by : null;
  for (const w of waves) {
    if (w.end < earliest) continue;
    const start = maxDate(maxDate(w.start, today), slot.start);
    let cutover = minDate(maxDate(addDays(start, span), earliest), w.end);
    if (limit && cutover > limit && limit >= start) cutover = limit;
    if (cutover >= start && cutover >= earliest) return { wave: w.id, start, cutover };
  }
  return null;
}

/** A system that would cut over before a dependency: the same start, cut-over on the dependency's date, in a wave that holds it. */
function deferTo(slot: Slot, earliest: string, waves: readonly Wave[]): Slot | null {
  const current = waves.find((w) => w.id === slot.wave);
  if (current && current.end >= earliest) return { ...slot, cutover: earliest };
  const w = waves.find((x) => x.end >= earliest);
  if (!w) return null;
  const start = maxDate(slot.start, w.start);
  return { wave: w.id, start, cutover: maxDate(earliest, start) };
}

/**
 * A counted system due after the target's date, brought in by it: the latest wave that lets it cut
 * over by then (the months it occupies earlier are fewest), its start moved back by its own span.
 */
function bringIn(
  slot: Slot,
  earliest: string,
  by: string,
  today: string,
  waves: readonly Wave[],
): Slot | null {
  const span = Math.max(0, daysBetween(slot.start, slot.cutover));
  for (let i = waves.length - 1; i >= 0; i--) {
    const w = waves[i]!;
    if (w.start > by || w.end < earliest) continue;
    const cutover = minDate(w.end, by);
    const start = addDays(cutover, -span);
    if (cutover >= earliest && start >= maxDate(w.start, today)) return { wave: w.id, start, cutover };
  }
  return null;
}

/** Every system after the ones it depends on (depth first), smaller systems first at one depth. */
function dependencyOrder(
  systems: readonly PlannedSystem[],
  byId: ReadonlyMap<string, PlannedSystem>,
): PlannedSystem[] {
  const depth = new Map<string, number>();
  // The plan's rules refuse cycles; the guard only keeps a bad input from recursing forever.
  const visiting = new Set<string>();
  const depthOf = (s: PlannedSystem): number => {
    const known = depth.get(s.id);
    if (known !== undefined) return known;
    if (visiting.has(s.id)) return 0;
    visiting.add(s.id);
    let d = 0;
    for (const x of s.dependsOn) {
      const dep = byId.get(x.system);
      if (dep) d = Math.max(d, depthOf(dep) + 1);
    }
    visiting.delete(s.id);
    depth.set(s.id, d);
    return d;
  };
  return [...systems].sort(
    (a, b) =>
      depthOf(a) - depthOf(b) ||
      a.resources.cpu - b.resources.cpu ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
