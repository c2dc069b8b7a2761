// The API's copy of the engine's versions: applies each version's delta, in order, once, keeping
// its own unchanged objects, and holds the health and figures the engine reports between versions.
// Fed by the engine's worker in the process that runs the engine, or from the database in an API
// replica (replication/), the same way.
import { EventEmitter } from 'node:events';
import { indexPlan, type Plan, type PlanIndex } from '@yunqian/plan';
import type { CapacityReport, SourceStatus, StageChange, TrackerState } from '../model/index.ts';
import type { EngineVersion } from '../read-model/read-model.ts';
import { applyVersion, type VersionDelta, type VersionParts } from './wire/delta.ts';
import type { EngineStatus } from './worker/protocol.ts';

const NO_STATUS: EngineStatus = {
  sources: [],
  capacitySources: [],
  recomputeMs: 0,
  heap: { used: 0, limit: 0 },
};

/** Before the first version: nothing observed yet (/readyz says not ready). */
const EMPTY: EngineVersion = {
  version: 0,
  state: null,
  plan: null,
  index: null,
  planStatus: { dir: '', loadedAt: null, checkedAt: null, keptLastGood: false, problems: [] },
  stacks: [],
  declared: null,
  sources: () => [],
  clusters: () => [],
};

export class EngineMirror extends EventEmitter<{
  state: [TrackerState, StageChange[]];
  /** A delta just applied (what a publisher passes on to API replicas). */
  delta: [VersionDelta];
  status: [EngineStatus];
}> {
  private parts: VersionParts | null = null;
  private version: EngineVersion = EMPTY;
  private indexed: { plan: Plan; index: PlanIndex } | null = null;
  private status: EngineStatus = NO_STATUS;
  private report: CapacityReport | null = null;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  /** The latest version applied (an empty one before the first). */
  current(): EngineVersion {
    return this.version;
  }

  /** Forgets every version: the next delta must be a whole one (a new engine took over). */
  reset(): void {
    this.parts = null;
  }

  apply(d: VersionDelta): void {
    const prevState = this.parts?.state ?? null;
    const parts = (this.parts = applyVersion(this.parts, d));
    // The index is built here from the plan this side holds (objects do not keep their identity
    // across the boundary), once per plan.
    if (parts.plan && this.indexed?.plan !== parts.plan)
      this.indexed = { plan: parts.plan, index: indexPlan(parts.plan) };
    this.version = {
      version: parts.version,
      state: parts.state,
      plan: parts.plan,
      index: parts.plan ? this.indexed!.index : null,
      planStatus: parts.planStatus,
      stacks: parts.stacks,
      declared: parts.declared,
      sources: () => this.status.sources,
      clusters: () => parts.clusters,
    };
    this.status = { ...this.status, sources: d.sources };
    this.emit('delta', d);
    if (parts.state && parts.state !== prevState) this.emit('state', parts.state, d.changes);
  }

  setStatus(s: EngineStatus): void {
    this.status = s;
    if (s.capacityReport !== undefined) this.report = s.capacityReport;
    this.emit('status', s);
  }

  /** A capacity report answered on demand, with the readers' health as of it. */
  setCapacity(report: CapacityReport | null, sources: SourceStatus[]): void {
    this.report = report;
    this.status = { ...this.status, capacitySources: sources };
  }

  sourceStatuses(): SourceStatus[] {
    return this.status.sources;
  }

  capacitySources(): SourceStatus[] {
    return this.status.capacitySources;
  }

  lastCapacityReport(): CapacityReport | null {
    return this.report;
  }

  recomputeMs(): number {
    return this.status.recomputeMs;
  }

  /** The engine thread's heap (V8 caps it on its own: engine.heapMiB). */
  heap(): { used: number; limit: number } {
    return this.status.heap;
  }
}
