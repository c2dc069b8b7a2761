// When each system of the sandbox province reaches each milestone: derived from its planned
// dates plus a deterministic delay, so the province looks like a real one (most on time, some
// late, a few stuck) and the same plan always gives the same story.
import type { PlannedSystem } from '@yunqian/plan';

const DAY = 86_400_000;

export interface Milestones {
  provisioned: number;
  deployed: number;
  running: number;
  serving: number;
  cutover: number;
  retired: number;
  /** Replicas desired and how many are ready once running (a few systems limp along). */
  replicas: number;
  limping: boolean;
}

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Per system object: a plan's systems keep their identity until they change (plan-source.ts). */
const known = new WeakMap<PlannedSystem, Milestones>();

export function milestones(s: PlannedSystem): Milestones {
  let m = known.get(s);
  if (!m) known.set(s, (m = compute(s)));
  return m;
}

function compute(s: PlannedSystem): Milestones {
  const h = hash(s.id);
  const r = (h % 1000) / 1000;
  const start = Date.parse(`${s.start}T09:00:00Z`);
  const cut = Date.parse(`${s.cutover}T09:00:00Z`);
  const span = Math.max(cut - start, 30 * DAY);
  // 60% on time, 25% late by one to four months, 15% stuck for a year.
  const delay =
    r < 0.6 ? ((h >>> 10) % 20) * DAY - 10 * DAY : r < 0.85 ? (30 + ((h >>> 10) % 90)) * DAY : 365 * DAY;
  const provisioned = start + Math.max(delay, 0);
  return {
    provisioned,
    deployed: provisioned + span * 0.2,
    running: provisioned + span * 0.35,
    serving: provisioned + span * 0.5,
    cutover: cut + delay,
    retired: cut + delay + 30 * DAY,
    replicas: 1 + ((h >>> 4) % 3),
    limping: (h >>> 6) % 37 === 0,
  };
}
