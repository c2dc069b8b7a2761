// The wave planner through the viewer's scope (issue #24). The plan as it stands is analysed once
// per tracker state, capacity reading and scope; a what-if is answered against that. A city's or
// a network's team moves only its own systems and reads its own violations and forecast; the
// run-out is the network's, since every system on it draws on the same headroom (its team sees
// only its own network's).
import { TRPCError } from '@trpc/server';
import { planDigest, type PlannedSystem, type PlanText, type Problem } from '@yunqian/plan';
import { inScope, networkInScope, type Scope } from '../auth/policy.ts';
import type { Amounts, CapacityReport, Network, Stage, TrackerState } from '../model/index.ts';
import {
  PlanningBase,
  propose,
  movesPatch,
  type Analysis,
  type Move,
  type PlanningInput,
  type Readiness,
  type Violation,
} from '../planning/index.ts';
import type { ReadModel } from './read-model.ts';
import { perPart, scopeKey } from './memo.ts';

const bases = perPart<PlanningBase, TrackerState>(32);

/** A move the viewer may not make, with the field it is about. */
export class MoveRefused extends Error {
  constructor(
    readonly index: number,
    readonly field: 'system' | 'wave' | 'start' | 'cutover',
    readonly reason: 'unknown-system' | 'unknown-wave' | 'dates-out-of-order',
    readonly system: string,
  ) {
    super(`${reason}: ${system}`);
  }
}

export class PlanningView {
  constructor(
    private readonly model: ReadModel,
    private readonly scope: Scope,
  ) {}

  private visible = (s: PlannedSystem) => inScope(this.scope, s.department, s.network);

  /** The plan as it stands, analysed for this scope (once per state, capacity reading and scope). */
  private async base(): Promise<PlanningBase> {
    const state = this.model.state;
    const plan = this.model.plan;
    if (!state || !plan)
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'no plan is in force yet' });
    const report = this.model.capacity ? await this.model.capacity.report().catch(() => null) : null;
    return bases(
      state,
      `${scopeKey(this.scope)}\0${report?.at ?? 'none'}`,
      () => new PlanningBase(this.input(state, report), { visible: this.visible }),
    );
  }

  private input(state: TrackerState, report: CapacityReport | null): PlanningInput {
    const stages = new Map<string, Stage>();
    const counted = new Map<string, boolean>();
    // The tracker's readiness verdicts (the questionnaire's, readinessOf); unanswered: not assessed.
    const readiness = new Map<string, Readiness>();
    for (const s of state.systems) {
      stages.set(s.id, s.stage);
      counted.set(s.id, s.inScope);
      if (s.readiness) readiness.set(s.id, s.readiness);
    }
    // The capacity report's headroom (allocatable − requested, per network) is the run-out's own.
    const headroom = report
      ? new Map<Network, Amounts>(report.networks.map((n) => [n.network, n.runOut.headroom]))
      : null;
    return {
      plan: this.model.plan!,
      // The tracker's clock: the day the state was computed is "today" for every figure of it.
      today: state.computedAt.slice(0, 10),
      stages,
      counted,
      headroom,
      readiness,
    };
  }

  /** The plan as it stands: run-out per network, violations, forecast against each target. */
  async current() {
    const base = await this.base();
    return { ...this.frame(base), ...this.shown(base.before) };
  }

  /** The plan with the moves: both analyses, what the moves introduce and resolve, each move resolved. */
  async whatIf(moves: readonly Move[]) {
    const base = await this.base();
    this.check(moves);
    const w = base.whatIf(moves);
    const index = new Map(w.plan.systems.map((s) => [s.id, s]));
    const was = this.model.index!.system;
    return {
      ...this.frame(base),
      before: this.shown(w.before),
      after: this.shown(w.after),
      introduced: w.introduced.map((v) => this.named(v)),
      resolved: w.resolved.map((v) => this.named(v)),
      moves: moves.map((m) => {
        const s = index.get(m.system)!;
        const old = was.get(m.system)!;
        return {
          system: s.id,
          name: s.name,
          department: s.department,
          network: s.network,
          from: { wave: old.wave, start: old.start, cutover: old.cutover, network: old.network },
          to: { wave: s.wave, start: s.start, cutover: s.cutover, network: s.network },
          readiness: base.input.readiness?.get(s.id) ?? ('not-assessed' as Readiness),
        };
      }),
    };
  }

  /** The automatic proposal for the systems in scope, analysed like a what-if, and its patch. */
  async proposal(texts: () => Promise<PlanText[]>) {
    const base = await this.base();
    const p = propose(base.input, { movable: this.visible });
    const moves: Move[] = p.moves.map((m) => ({
      system: m.system,
      wave: m.wave,
      start: m.start,
      cutover: m.cutover,
    }));
    const w = base.whatIf(moves);
    const names = this.model.index!.system;
    return {
      ...this.frame(base),
      capacityChecked: p.capacityChecked,
      before: this.shown(w.before),
      after: this.shown(w.after),
      introduced: w.introduced.map((v) => this.named(v)),
      moves: p.moves.map((m) => {
        const s = names.get(m.system)!;
        return { ...m, name: s.name, department: s.department, network: s.network };
      }),
      unplaced: p.unplaced.map((u) => {
        const s = names.get(u.system)!;
        return { ...u, name: s.name, department: s.department, network: s.network };
      }),
      patch: moves.length ? await this.patchOf(texts, moves) : null,
    };
  }

  /** The moves as a patch to the plan's YAML, validated by the plan's rules (nothing is written). */
  async patch(texts: () => Promise<PlanText[]>, moves: readonly Move[]) {
    await this.base();
    this.check(moves);
    return this.patchOf(texts, moves);
  }

  private async patchOf(texts: () => Promise<PlanText[]>, moves: readonly Move[]) {
    const files = await texts();
    // The diff must be against the very files the plan in force was read from: a file edited since
    // (and not yet reloaded) would make a patch that does not apply, or undoes the edit.
    if (planDigest(files) !== this.model.plan!.digest)
      throw new TRPCError({
        code: 'CONFLICT',
        message: 'the plan files changed since the plan in force was read',
      });
    const today = this.model.state!.computedAt.slice(0, 10);
    const patch = movesPatch(files, this.model.plan!, moves, today);
    // What the patch brings: a problem the plan in force already has is not the patch's. An error
    // elsewhere in the plan withholds the patch all the same; its details stay in their scope.
    const key = (p: Problem) => `${p.code}\0${p.system ?? ''}\0${p.field ?? ''}`;
    const had = new Set(this.model.planStatus.problems.map(key));
    const problems = patch.problems.filter(
      (p) => !had.has(key(p)) && (!p.department || inScope(this.scope, p.department)),
    );
    return { ...patch, problems };
  }

  /** Every move names a system in scope, a wave of the plan and dates in order. */
  private check(moves: readonly Move[]) {
    const index = this.model.index!;
    moves.forEach((m, i) => {
      const s = index.system.get(m.system);
      if (!s || !this.visible(s)) throw new MoveRefused(i, 'system', 'unknown-system', m.system);
      if (m.wave && !index.wave.has(m.wave)) throw new MoveRefused(i, 'wave', 'unknown-wave', m.system);
      const start = m.start ?? s.start;
      const cutover = m.cutover ?? s.cutover;
      if (m.start && m.cutover && start > cutover)
        throw new MoveRefused(i, 'cutover', 'dates-out-of-order', m.system);
    });
  }

  private frame(base: PlanningBase) {
    return {
      today: base.input.today,
      waves: this.model.plan!.waves,
      /** How many systems in scope have a readiness verdict (the others count as not assessed, allowed and flagged). */
      readinessAssessed: [...base.input.readiness!.keys()].filter((id) =>
        this.visible(this.model.index!.system.get(id)!),
      ).length,
      capacityConfigured: base.input.headroom !== null,
    };
  }

  /** An analysis as the viewer may see it: its networks only, each violation with its systems' names. */
  private shown(a: Analysis) {
    return {
      networks: a.networks.filter((n) => networkInScope(this.scope, n.network)),
      violations: a.violations.map((v) => this.named(v)),
      targets: a.targets.filter((t) => !t.network || networkInScope(this.scope, t.network)),
    };
  }

  private named(v: Violation) {
    const index = this.model.index!;
    const s = index.system.get(v.system);
    return {
      ...v,
      department: s?.department ?? null,
      systemName: s?.name ?? null,
      dependencyName: index.system.get(v.dependency)?.name ?? null,
    };
  }
}
