// Builds the capacity report from one Prometheus snapshot, the tenants Kubernetes knows, the
// plan and the tracker's stages. Pure: the same inputs always give the same report.
import type { Plan, PlanIndex } from '@yunqian/plan';
import type {
  Amounts,
  CapacityReport,
  Cluster,
  ClusterCapacity,
  DepartmentCapacity,
  Network,
  Prices,
  SourceStatus,
  Stage,
  SystemCapacity,
  TrackerState,
  UsageSnapshot,
} from '../model/index.ts';
import { NETWORKS } from '../model/index.ts';
import { Tally, tallyOf } from './figures.ts';
import { runOut, type Demand } from './run-out.ts';
import { showback } from './showback.ts';

const GiB = 2 ** 30;

export interface TenantKey {
  cluster: string;
  namespace: string;
  department: string | null;
  system: string | null;
}

export interface CapacityInput {
  snapshot: UsageSnapshot;
  clusters: Cluster[];
  tenants: TenantKey[];
  plan: Plan;
  index: PlanIndex;
  state: TrackerState | null;
  platformNamespaces: ReadonlySet<string>;
  prices: Prices | null;
  /** The billing window the namespaces' `billed` readings cover, in hours; null when none was read. */
  billingWindowHours?: number | null;
  /** ISO date: planned demand already late lands today. */
  today: string;
  sources: SourceStatus[];
}

const key = (cluster: string, namespace: string) => `${cluster}/${namespace}`;

function sumAllocatable(values: Iterable<Amounts>): Amounts {
  const s = { cpu: 0, memory: 0 };
  for (const v of values) {
    s.cpu += v.cpu;
    s.memory += v.memory;
  }
  return s;
}

/** Each system's stage in a tracker state (none yet: every system reads as planned). */
export function stagesOf(state: TrackerState | null): ReadonlyMap<string, Stage> {
  return new Map(state?.systems.map((s) => [s.id, s.stage]));
}

/**
 * Estimates of in-scope systems that have no tenant yet (stage planned), by network. Takes the
 * stages rather than a tracker state so the planner can ask it of a plan with systems moved.
 */
export function plannedDemand(plan: Plan, stage: ReadonlyMap<string, Stage>): Map<Network, Demand[]> {
  const out = new Map<Network, Demand[]>(NETWORKS.map((n) => [n, []]));
  for (const s of plan.systems) {
    if (s.strategy === 'retire' || s.strategy === 'retain') continue;
    if ((stage.get(s.id) ?? 'planned') !== 'planned') continue;
    out.get(s.network)!.push({
      system: s.id,
      wave: s.wave,
      date: s.start,
      amounts: { cpu: s.resources.cpu, memory: s.resources.memoryGiB * GiB },
    });
  }
  return out;
}

export function buildCapacityReport(input: CapacityInput): CapacityReport {
  const { snapshot, index } = input;
  const networkOf = new Map(input.clusters.map((c) => [c.id, c.network]));
  const tenantOf = new Map(input.tenants.map((t) => [key(t.cluster, t.namespace), t]));

  const clusterTally = new Map<string, Tally>();
  const platformByCluster = new Map<string, Tally>();
  const departments = new Map<string, Tally>();
  const deptByNetwork = new Map<string, Tally>();
  const systems: SystemCapacity[] = [];
  const platform = new Tally();
  const unassigned = new Tally();

  for (const n of snapshot.namespaces) {
    const network = networkOf.get(n.cluster);
    if (!network) continue; // a cluster Yunqian is not configured for
    tallyOf(clusterTally, n.cluster).add(n);
    if (input.platformNamespaces.has(n.namespace)) {
      platform.add(n);
      tallyOf(platformByCluster, n.cluster).add(n);
      continue;
    }
    const t = tenantOf.get(key(n.cluster, n.namespace));
    const top = t?.department ? index.topLevel.get(t.department)?.id : undefined;
    if (!t || !t.department || !top) {
      unassigned.add(n);
      continue;
    }
    tallyOf(departments, top).add(n);
    tallyOf(deptByNetwork, `${top}\0${network}`).add(n);
    if (t.system)
      systems.push({
        system: t.system,
        department: t.department,
        network,
        cluster: n.cluster,
        namespace: n.namespace,
        figures: new Tally().add(n).againstQuota(),
      });
  }

  const demand = plannedDemand(input.plan, stagesOf(input.state));
  const networks = NETWORKS.map((network) => {
    const ids = input.clusters.filter((c) => c.network === network).map((c) => c.id);
    const clusters: ClusterCapacity[] = ids.map((id) => ({
      cluster: id,
      network,
      figures: (clusterTally.get(id) ?? new Tally()).against(
        snapshot.allocatable.get(id) ?? { cpu: 0, memory: 0 },
      ),
      platform: (platformByCluster.get(id) ?? new Tally()).bare(),
    }));
    const tally = new Tally();
    for (const id of ids) if (clusterTally.has(id)) tally.merge(clusterTally.get(id)!);
    const allocatable = sumAllocatable(ids.flatMap((id) => snapshot.allocatable.get(id) ?? []));
    const figures = tally.against(allocatable);
    const headroom = { cpu: figures.cpu.headroom ?? 0, memory: figures.memory.headroom ?? 0 };
    return { network, figures, clusters, runOut: runOut(demand.get(network)!, headroom, input.today) };
  });

  const total = new Tally();
  for (const t of clusterTally.values()) total.merge(t);
  const allocatable = sumAllocatable(
    [...snapshot.allocatable].filter(([id]) => networkOf.has(id)).map(([, a]) => a),
  );

  const deptRows: DepartmentCapacity[] = [...departments]
    .map(([department, t]) => ({
      department,
      figures: t.againstQuota(),
      byNetwork: Object.fromEntries(
        NETWORKS.flatMap((n) => {
          const d = deptByNetwork.get(`${department}\0${n}`);
          return d ? [[n, d.againstQuota()]] : [];
        }),
      ),
    }))
    .sort((a, b) => b.figures.cpu.usage - a.figures.cpu.usage || (a.department < b.department ? -1 : 1));

  return {
    at: new Date(snapshot.at).toISOString(),
    total: total.against(allocatable),
    networks,
    departments: deptRows,
    systems: systems.sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : 0)),
    platform: platform.bare(),
    unassigned: unassigned.againstQuota(),
    showback: input.prices
      ? showback(
          departments,
          platform,
          unassigned,
          input.prices,
          input.billingWindowHours ? { windowHours: input.billingWindowHours } : null,
        )
      : null,
    sources: input.sources,
    stale: input.sources.some((s) => s.state !== 'synced'),
  };
}
