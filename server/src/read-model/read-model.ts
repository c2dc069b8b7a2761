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

export interface ReadModel {
  readonly version: number;
  readonly state: TrackerState | null;
  readonly plan: Plan | null;
  readonly index: PlanIndex | null;
  readonly planStatus: PlanStatus;
  readonly stacks: readonly StackSummary[];
  /** What the stacks declare (last good reading); null when no stack backend is configured. */
  readonly declared: readonly DeclaredTenant[] | null;
  readonly history: HistoryView;
  /** Null when no Prometheus is configured. */
  readonly capacity: CapacityView | null;
  /** Every source's health now (kept out of the version: it carries the time of the last sync). */
  sources(): SourceStatus[];
  /** The clusters' tenants and figures (built on first use in a version, then shared). */
  clusters(): readonly ClusterView[];
}
