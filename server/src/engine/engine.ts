// The engine: owns the sources, the plan, the tracker, capacity and history, and publishes what
// the API may read as versions (EngineVersion). The API holds only the read model and the commands
// below; it never reaches a source, the tracker or capacity itself. The server runs the engine in
// a worker thread (worker/engine-worker.ts) and mirrors its versions from deltas (engine-client.ts);
// tests that need no event loop of their own use it in-process.
import type { ClusterSource } from '../sources/types.ts';
import type { PlanSource } from '../sources/plan/plan-source.ts';
import type { TenancyConfig } from '../sources/kubernetes/tenancy.ts';
import { tenantLabels } from '../sources/kubernetes/tenancy.ts';
import type { TrackerService } from '../service/tracker-service.ts';
import type { ClusterView, EngineVersion } from '../read-model/read-model.ts';

export interface EngineParts {
  tracker: TrackerService;
  plan: PlanSource;
  clusters: ClusterSource;
  tenancy: TenancyConfig;
  /** Re-reads sign-offs and blockers and recomputes (the composition root knows the store). */
  workflowsChanged: (system: string) => Promise<void>;
}

/** Changes the API may ask of the engine (each audited by the command that calls it). */
export interface EngineCommands {
  /** Re-reads sign-offs and blockers and recomputes, so the answer shows the new stage. */
  workflowsChanged(system: string): Promise<void>;
  /** The tenant labels that assign a namespace to a department (and system) on a network. */
  tenantLabels(a: {
    department: string;
    network: string;
    system?: string | undefined;
  }): Record<string, string>;
  /** Sets labels on a namespace; resolves once the API server has accepted them. */
  labelNamespace(cluster: string, namespace: string, labels: Record<string, string>): Promise<void>;
}

/**
 * Pod events do not make a new version (they change no stage; see STAGE_KINDS): the clusters'
 * pod counts may lag the caches by this much at most.
 */
const CLUSTER_VIEW_MAX_AGE_MS = 15_000;

/** The labels that assign a namespace to a department (and system) on a network. */
export function labelsFor(
  tenancy: TenancyConfig,
  a: { department: string; network: string; system?: string | undefined },
): Record<string, string> {
  const keys = tenantLabels(tenancy.labelPrefix);
  return {
    [keys.department]: a.department,
    [keys.network]: a.network,
    ...(a.system ? { [keys.system]: a.system } : {}),
  };
}

export class Engine implements EngineCommands {
  private model: EngineVersion | null = null;
  private version = 0;
  /** Bumped when a cluster's tenants may have changed (a stage-relevant kind, a label change). */
  private clustersGeneration = 0;

  constructor(private readonly p: EngineParts) {
    p.clusters.onChange(() => this.clustersGeneration++);
  }

  /** The current version: the same object until one of its parts changes. */
  current(): EngineVersion {
    const { tracker, plan } = this.p;
    const m = this.model;
    const parts = {
      state: tracker.state(),
      plan: plan.current(),
      index: tracker.planIndex(),
      planStatus: plan.status(),
      stacks: tracker.stacks(),
      declared: tracker.declaredTenants(),
    };
    const same = (k: keyof typeof parts) => m?.[k] === parts[k];
    if (m && (Object.keys(parts) as (keyof typeof parts)[]).every(same) && this.clusterViewsFresh()) return m;
    this.model = {
      version: ++this.version,
      ...parts,
      sources: () => tracker.sourceStatuses(),
      clusters: this.clusterViews(),
    };
    this.built = { generation: this.clustersGeneration, at: Date.now() };
    return this.model;
  }

  /** When the current version's cluster views were started, and from which generation. */
  private built = { generation: -1, at: 0 };

  private clusterViewsFresh(): boolean {
    return (
      this.built.generation === this.clustersGeneration &&
      Date.now() - this.built.at < CLUSTER_VIEW_MAX_AGE_MS
    );
  }

  /** Built on first use within a version and shared by every reader of that version. */
  private clusterViews(): () => readonly ClusterView[] {
    let views: ClusterView[] | null = null;
    return () => (views ??= this.buildClusterViews());
  }

  private buildClusterViews(): ClusterView[] {
    const { clusters, tenancy } = this.p;
    const status = new Map(clusters.status().map((s) => [s.cluster, s]));
    return clusters.caches().map((cache) => {
      const { tenants, unassigned } = cache.tenants(tenancy);
      return {
        cluster: cache.cluster,
        status: status.get(cache.cluster.id) ?? null,
        summary: cache.summary(),
        tenants,
        unassigned,
        namespaces: new Map(cache.list('Namespace').map((n) => [n.name, n.labels])),
      };
    });
  }

  workflowsChanged(system: string): Promise<void> {
    return this.p.workflowsChanged(system);
  }

  tenantLabels(a: { department: string; network: string; system?: string | undefined }) {
    return labelsFor(this.p.tenancy, a);
  }

  async labelNamespace(cluster: string, namespace: string, labels: Record<string, string>) {
    await this.p.clusters.labelNamespace(cluster, namespace, labels);
    this.clustersGeneration++;
  }
}
