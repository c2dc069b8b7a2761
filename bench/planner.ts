// The wave planner on the 10,000-system reference province (#24): time to a proposal (target
// ≤ 5 s), to its patch (the YAML diff, validated by loading the patched plan), and to a what-if
// recomputation (target ≤ 200 ms) of one move and of fifty, against the plan analysed once. Fixed
// input: the generated province, today 2026-05-20, nine in ten systems due before today migrated
// (a seeded draw), each network's headroom 60% of the demand still to come. Medians, and the
// what-if's share of a full analysis in the same run (the machine is noisy: compare within a run).
import { loadPlan, mulberry32, type PlanText } from '@yunqian/plan';
import { generateProvince, REFERENCE_SIZE } from '../migrations-plan/src/generate/province.ts';
import {
  movesPatch,
  PlanningBase,
  propose,
  type Move,
  type PlanningInput,
} from '../server/src/planning/index.ts';
import type { Amounts, Network, Stage } from '../server/src/model/index.ts';
import { time } from './lib.ts';

const TODAY = '2026-05-20';
const GiB = 2 ** 30;

function input(texts: PlanText[]): PlanningInput {
  const { plan } = loadPlan(texts, { today: TODAY });
  if (!plan) throw new Error('generated plan does not load');
  const rng = mulberry32(24);
  const stages = new Map<string, Stage>();
  const left: Record<Network, Amounts> = { internal: { cpu: 0, memory: 0 }, external: { cpu: 0, memory: 0 } };
  for (const s of plan.systems) {
    if (s.cutover < TODAY && rng() < 0.9) stages.set(s.id, 'migrated');
    else {
      left[s.network].cpu += s.resources.cpu;
      left[s.network].memory += s.resources.memoryGiB * GiB;
    }
  }
  const headroom = new Map<Network, Amounts>(
    (['internal', 'external'] as const).map((n) => [
      n,
      { cpu: left[n].cpu * 0.6, memory: left[n].memory * 0.6 },
    ]),
  );
  return { plan, today: TODAY, stages, headroom };
}

export function benchPlanner() {
  const texts = generateProvince(REFERENCE_SIZE);
  const i = input(texts);
  const analysis = time(5, () => new PlanningBase(i));
  const proposal = time(5, () => propose(i));
  const p = propose(i);
  const moves: Move[] = p.moves.map((m) => ({
    system: m.system,
    wave: m.wave,
    start: m.start,
    cutover: m.cutover,
  }));
  const patch = time(3, () => movesPatch(texts, i.plan, moves, TODAY));
  const base = new PlanningBase(i);
  // One system into the fourth wave, then fifty (the most a person's what-if takes).
  const planned = i.plan.systems.filter((s) => !i.stages.has(s.id) && s.wave === 'w6');
  const one: Move[] = [{ system: planned[0]!.id, wave: 'w4' }];
  const fifty: Move[] = planned.slice(0, 50).map((s) => ({ system: s.id, wave: 'w4' }));
  const whatIfOne = time(20, () => base.whatIf(one));
  const whatIfFifty = time(20, () => base.whatIf(fifty));
  const after = base.whatIf(moves).after;
  return {
    systems: i.plan.systems.length,
    proposal: { ms: proposal, moves: p.moves.length, targetMs: 5000 },
    proposalPatch: {
      ms: patch,
      files: new Set(i.plan.systems.filter((s) => p.moves.some((m) => m.system === s.id)).map((s) => s.file))
        .size,
    },
    analysis: { ms: analysis },
    whatIfOne: { ms: whatIfOne, targetMs: 200, ofAnalysis: +(whatIfOne.median / analysis.median).toFixed(3) },
    whatIfFifty: {
      ms: whatIfFifty,
      targetMs: 200,
      ofAnalysis: +(whatIfFifty.median / analysis.median).toFixed(3),
    },
    forecast: base.before.targets.map((t, k) => ({
      target: t.id,
      plan: t.forecast,
      proposal: after.targets[k]!.forecast,
    })),
  };
}
