// Properties of the proposal on the 10,000-system reference province (generated once): whatever
// today, progress, headroom and readiness, a proposal never puts a system before what it depends
// on, never adds demand to a month beyond a network's headroom (so never brings a run-out
// forward), never moves a system found not ready earlier, and forecasts every target at least as
// well as the plan as it stands. Few runs: each proposes for 10,000 systems.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPlan, type Plan } from '@yunqian/plan';
import { generateProvince, REFERENCE_SIZE } from '../../../migrations-plan/src/generate/province.ts';
import { PlanningBase, propose, type PlanningInput, type Readiness } from '../../src/planning/index.ts';
import { mulberry32 } from '@yunqian/plan';
import type { Amounts, Network, RunOut, Stage } from '../../src/model/index.ts';

const GiB = 2 ** 30;
let plan: Plan;

beforeAll(() => {
  const loaded = loadPlan(generateProvince(REFERENCE_SIZE), { today: '2026-01-01' });
  plan = loaded.plan!;
  expect(plan.systems.length).toBeGreaterThan(10_000);
});

/** Cumulative demand at the end of each month of the curve (a step function: last point on or before). */
function monthly(r: RunOut, months: string[]): number[] {
  let i = -1;
  return months.map((m) => {
    while (i + 1 < r.curve.length && r.curve[i + 1]!.date <= m) i++;
    return i < 0 ? 0 : r.curve[i]!.cpu;
  });
}

function inputFor(o: {
  today: string;
  migrated: number;
  headroom: number;
  notReady: number;
  seed: number;
}): PlanningInput {
  const rng = mulberry32(o.seed);
  const stages = new Map<string, Stage>();
  const readiness = new Map<string, Readiness>();
  const left: Record<Network, Amounts> = { internal: { cpu: 0, memory: 0 }, external: { cpu: 0, memory: 0 } };
  for (const s of plan.systems) {
    if (s.cutover < o.today && rng() < o.migrated) stages.set(s.id, 'migrated');
    else {
      left[s.network].cpu += s.resources.cpu;
      left[s.network].memory += s.resources.memoryGiB * GiB;
    }
    const r = rng();
    readiness.set(
      s.id,
      r < o.notReady ? 'not-ready' : r < 0.5 ? 'ready' : r < 0.7 ? 'ready-with-conditions' : 'not-assessed',
    );
  }
  const headroom = new Map<Network, Amounts>(
    (['internal', 'external'] as const).map((n) => [
      n,
      { cpu: left[n].cpu * o.headroom, memory: left[n].memory * o.headroom },
    ]),
  );
  return { plan, today: o.today, stages, headroom, readiness };
}

describe('the proposal on the 10,000-system province', () => {
  it('keeps dependencies, headroom and readiness, and forecasts every target at least as well', () => {
    let moved = 0;
    let gained = 0;
    fc.assert(
      fc.property(
        fc.record({
          today: fc.constantFrom('2025-06-15', '2026-01-01', '2026-05-20', '2026-11-25', '2027-04-01'),
          migrated: fc.double({ min: 0.5, max: 1, noNaN: true }),
          headroom: fc.double({ min: 0.2, max: 1.5, noNaN: true }),
          notReady: fc.double({ min: 0, max: 0.2, noNaN: true }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        (o) => {
          const input = inputFor(o);
          const proposal = propose(input);
          moved += proposal.moves.length;
          const w = new PlanningBase(input).whatIf(proposal.moves);

          expect(w.after.violations.filter((v) => v.kind === 'dependency-order')).toEqual([]);

          for (const n of w.after.networks) {
            const before = w.before.networks.find((b) => b.network === n.network)!.runOut!;
            const after = n.runOut!;
            const months = [...new Set([...before.curve, ...after.curve].map((p) => p.date))].sort();
            const was = monthly(before, months);
            monthly(after, months).forEach((cpu, i) =>
              expect(
                cpu <= after.headroom.cpu + 1e-6 || cpu <= was[i]! + 1e-6,
                `${n.network} ${months[i]}`,
              ).toBe(true),
            );
            // So the network runs out no earlier than it did.
            if (before.date === null) expect(after.date).toBeNull();
            else if (after.date) expect(after.date >= before.date).toBe(true);
          }

          const old = new Map(plan.systems.map((s) => [s.id, s]));
          for (const m of proposal.moves)
            if (m.readiness === 'not-ready') expect(m.cutover >= old.get(m.system)!.cutover).toBe(true);

          w.after.targets.forEach((t, i) => {
            expect(t.due).toBeGreaterThanOrEqual(w.before.targets[i]!.due);
            gained += t.due - w.before.targets[i]!.due;
          });
        },
      ),
      { numRuns: 6 },
    );
    // Not vacuous: the proposals moved systems and brought some in by a target.
    expect(moved).toBeGreaterThan(0);
    expect(gained).toBeGreaterThan(0);
  }, 180_000);
});
