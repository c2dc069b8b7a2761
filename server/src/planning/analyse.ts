// One plan's consequences, all at once: run-out per network (the capacity module's own rule),
// the violations, and the rate each target would reach. A what-if recomputes only what the moved
// systems touch: their dependency edges, their share of each target, their networks' run-out.
import type { Plan, PlannedSystem } from '@yunqian/plan';
import { NETWORKS, type Network } from '../model/index.ts';
import { plannedDemand, runOut, type Demand } from '../capacity/index.ts';
import { applyMoves } from './moves.ts';
import { edgeViolations, findViolations, violationKey } from './violations.ts';
import { countedIn, dueBy, forecastTargets } from './forecast.ts';
import type { Analysis, Move, PlanningInput, Violation } from './model.ts';

export interface AnalyseOptions {
  /** The systems the viewer may see: violations and the forecast are theirs; run-out is the network's. */
  visible?: ((s: PlannedSystem) => boolean) | undefined;
}

export interface WhatIf {
  before: Analysis;
  after: Analysis;
  /** Violations the moves bring that the plan did not have. */
  introduced: Violation[];
  /** Violations of the plan the moves resolve. */
  resolved: Violation[];
  /** The moved plan (for the patch). */
  plan: Plan;
}

/** The plan as it stands, analysed once; what-ifs are answered against it. */
export class PlanningBase {
  readonly before: Analysis;
  private readonly byId: Map<string, PlannedSystem>;
  private readonly position: Map<string, number>;
  /** Each system → the systems that depend on it (with the edge's channel). */
  private readonly dependents = new Map<string, { s: PlannedSystem; channel: string | undefined }[]>();
  private readonly demand: Map<Network, Demand[]>;
  private readonly visible: (s: PlannedSystem) => boolean;

  constructor(
    readonly input: PlanningInput,
    o: AnalyseOptions = {},
  ) {
    const plan = input.plan;
    this.visible = o.visible ?? (() => true);
    this.byId = new Map(plan.systems.map((s) => [s.id, s]));
    this.position = new Map(plan.systems.map((s, i) => [s.id, i]));
    for (const s of plan.systems)
      for (const d of s.dependsOn) {
        let list = this.dependents.get(d.system);
        if (!list) this.dependents.set(d.system, (list = []));
        list.push({ s, channel: d.channel });
      }
    this.demand = plannedDemand(plan, input.stages);
    const visible = this.visible;
    this.before = {
      networks: NETWORKS.map((network) => {
        const headroom = input.headroom?.get(network);
        return {
          network,
          runOut: headroom ? runOut(this.demand.get(network)!, headroom, input.today) : null,
        };
      }),
      violations: findViolations(plan, input.stages).filter((v) => visible(this.byId.get(v.system)!)),
      targets: forecastTargets(input, o.visible),
    };
  }

  whatIf(moves: readonly Move[]): WhatIf {
    const { input, before, visible } = this;
    const plan = applyMoves(input.plan, moves);
    const after = new Map<string, PlannedSystem>();
    for (const m of moves) {
      const i = this.position.get(m.system);
      // applyMoves replaces a moved system at its own index.
      if (i !== undefined) after.set(m.system, plan.systems[i]!);
    }
    const now = (id: string) => after.get(id) ?? this.byId.get(id);

    // Violations: the plan's, less those on a moved system's edges, plus those edges anew.
    const violations = before.violations.filter((v) => !after.has(v.system) && !after.has(v.dependency));
    for (const s of after.values()) {
      if (visible(s))
        for (const d of s.dependsOn) {
          const dep = now(d.system);
          if (dep) edgeViolations(s, dep, d.channel, input.stages, violations);
        }
      for (const { s: dependent, channel } of this.dependents.get(s.id) ?? [])
        if (!after.has(dependent.id) && visible(dependent))
          edgeViolations(dependent, s, channel, input.stages, violations);
    }

    // Targets: each moved system's share taken out as it was and put back as it is.
    const forecastInput = { ...input, plan };
    const targets = before.targets.map((t) => {
      let counted = t.counted;
      let due = t.due;
      for (const s of after.values()) {
        const old = this.byId.get(s.id)!;
        if (!visible(old) || !countedIn(input, old)) continue;
        if (!t.network || old.network === t.network) {
          counted--;
          if (dueBy(input, old, t.by)) due--;
        }
        if (!t.network || s.network === t.network) {
          counted++;
          if (dueBy(forecastInput, s, t.by)) due++;
        }
      }
      const forecast = counted ? due / counted : null;
      return { ...t, counted, due, forecast, meets: forecast !== null && forecast >= t.rate };
    });

    // Run-out: the moved systems' demand taken off their old network and put on the new one.
    // A network no moved system's demand leaves or joins keeps its run-out as it was.
    const moved = plannedDemand({ ...plan, systems: [...after.values()] }, input.stages);
    const touched = new Set<Network>();
    for (const [n, list] of moved) if (list.length) touched.add(n);
    for (const n of NETWORKS)
      if (!touched.has(n) && this.demand.get(n)!.some((d) => after.has(d.system))) touched.add(n);
    const networks = before.networks.map((r) => {
      if (!touched.has(r.network) || !r.runOut) return r;
      const demand = [
        ...this.demand.get(r.network)!.filter((d) => !after.has(d.system)),
        ...moved.get(r.network)!,
      ];
      return { network: r.network, runOut: runOut(demand, r.runOut.headroom, input.today) };
    });
    const result: Analysis = { networks, violations, targets };
    const had = new Set(before.violations.map(violationKey));
    const has = new Set(violations.map(violationKey));
    return {
      before,
      after: result,
      introduced: violations.filter((v) => !had.has(violationKey(v))),
      resolved: before.violations.filter((v) => !has.has(violationKey(v))),
      plan,
    };
  }
}

/** One plan analysed from scratch (the reference the incremental what-if is tested against). */
export function analyse(input: PlanningInput, plan: Plan = input.plan, o: AnalyseOptions = {}): Analysis {
  return new PlanningBase({ ...input, plan }, o).before;
}
