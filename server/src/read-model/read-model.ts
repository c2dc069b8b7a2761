// The read model: everything the API serves, as one immutable version. The engine publishes a new
// version when a part changes; an unchanged part is the same object in the next version, so answers
// derived from it (rolled up once per state and scope, see memo.ts) survive across versions.
//
// The API reaches a version only through a ViewerCatalog (catalog.ts), made per viewer scope: a
// router cannot read unscoped data because it never holds the model itself.
import type { Plan, PlanIndex } from '@yunqian/plan';
import type {
  CapacityReport,
  CapacityTrend,
  Cluster,
  DeclaredTenant,
  SourceStatus,
  StageChange,
  Tenant,
  TrackerState,
} from '../model/index.ts';
import type { PlanStatus } from '../sources/plan/plan-source.ts';
import type { StackSummary } from '../sources/types.ts';
import type { NamespaceRec } from '../sources/kubernetes/trim.ts';
import type { ClusterSummary } from '../sources/kubernetes/cluster-cache.ts';

/** One cluster as the console sees it: health, figures, tenants and unassigned namespaces. */
export interface ClusterView {
  cluster: Cluster;
  status: SourceStatus | null;
  summary: ClusterSummary;
  tenants: Tenant[];
  unassigned: NamespaceRec[];
  /** Every namespace's labels, by name (to check and audit a label change). */
  namespaces: ReadonlyMap<string, Record<string, string>>;
}

/** Stage history: append-only, so a version reads it as it stands. */
export interface HistoryView {
  all(): readonly StageChange[];
  forSystem(id: string): readonly StageChange[];
}

/** Capacity figures, read from Prometheus on demand behind a short cache. */
export interface CapacityView {
  report(): Promise<CapacityReport | null>;
  trends(): Promise<{ trends: CapacityTrend[]; stale: boolean }>;
}

/**
 * What the engine publishes: everything but history and capacity, which the API side reads from
 * its own database view and asks the engine for on demand. Serializable (structured clone), so a
 * version can cross a thread or, later, a process boundary as a delta (engine/wire/delta.ts).
 */
export interface EngineVersion {
  readonly version: number;
  readonly state: TrackerState | null;
  readonly plan: Plan | null;
  readonly index: PlanIndex | null;
  readonly planStatus: PlanStatus;
  readonly stacks: readonly StackSummary[];
  /** What the stacks declare (last good reading); null when no stack backend is configured. */
  readonly declared: readonly DeclaredTenant[] | null;
  /** Every source's health now (kept out of the version: it carries the time of the last sync). */
  sources(): SourceStatus[];
  /** The clusters' tenants and figures (built on first use in a version, then shared). */
  clusters(): readonly ClusterView[];
}

export interface ReadModel extends EngineVersion {
  readonly history: HistoryView;
  /** Null when no Prometheus is configured. */
  readonly capacity: CapacityView | null;
}

/** One ReadModel per engine version: the same object while the version stands. */
export class ReadModels {
  private last: { from: EngineVersion; model: ReadModel } | null = null;

  constructor(
    private readonly versions: () => EngineVersion,
    private readonly history: HistoryView,
    private readonly capacity: CapacityView | null,
  ) {}

  current(): ReadModel {
    const v = this.versions();
    if (this.last?.from === v) return this.last.model;
    const model: ReadModel = {
      version: v.version,
      state: v.state,
      plan: v.plan,
      index: v.index,
      planStatus: v.planStatus,
      stacks: v.stacks,
      declared: v.declared,
      sources: () => v.sources(),
      clusters: () => v.clusters(),
      history: this.history,
      capacity: this.capacity,
    };
    this.last = { from: v, model };
    return model;
  }
}
