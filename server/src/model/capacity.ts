// The capacity model: how full each network, cluster, department and system is. Amounts are in
// base units (cores, bytes). Definitions follow OpenCost: allocation = max(request, usage) per
// namespace, idle = capacity − allocation, efficiency = usage / request.
import type { Network } from './network.ts';
import type { SourceStatus } from './observations.ts';

export const RESOURCES = ['cpu', 'memory'] as const;
export type Resource = (typeof RESOURCES)[number];
export type Amounts = Record<Resource, number>;

/** What Prometheus reports for one namespace (already normalised: quota keys, units). */
export interface NamespaceUsage {
  cluster: string;
  namespace: string;
  requests: Amounts;
  usage: Amounts;
  /** Effective quota (the tightest of the namespace's quotas); 0 where none is set. */
  quotaHard: Amounts;
  quotaUsed: Amounts;
  /** Bytes requested by persistent volume claims. */
  storage: number;
  /** Allocation over the billing window (OpenCost: per container, max of request and use), when read. */
  billed?: Billed | undefined;
}

/** Resource-hours over a billing window. */
export interface Billed {
  cpuCoreHours: number;
  memoryByteHours: number;
  storageByteHours: number;
}

/** One instant's reading of every cluster Yunqian reads. */
export interface UsageSnapshot {
  /** Evaluation time (ms since epoch). */
  at: number;
  allocatable: Map<string, Amounts>;
  namespaces: NamespaceUsage[];
}

export interface ResourceFigures {
  /** Allocatable (networks, clusters) or quota hard (departments, systems); null if none. */
  capacity: number | null;
  requested: number;
  quotaHard: number;
  quotaUsed: number;
  usage: number;
  /** Σ over namespaces of max(request, usage). */
  allocation: number;
  /** capacity − allocation. */
  idle: number | null;
  /** usage / requested. */
  efficiency: number | null;
  /** requested / capacity. */
  commitment: number | null;
  /** capacity − requested: what can still be scheduled (or granted within the quota). */
  headroom: number | null;
}

export interface Figures {
  cpu: ResourceFigures;
  memory: ResourceFigures;
  storage: number;
  namespaces: number;
}

export interface ClusterCapacity {
  cluster: string;
  network: Network;
  figures: Figures;
  /** The cluster's shared platform namespaces (monitoring, ingress, kube-system). */
  platform: Figures;
}

/** When planned demand (systems not yet provisioned) exceeds a network's headroom. */
export interface RunOut {
  /** First date the cumulative planned demand exceeds the headroom; null if the plan fits. */
  date: string | null;
  resource: Resource | null;
  /** The system whose provisioning crosses the line, and its wave. */
  system: string | null;
  wave: string | null;
  demand: Amounts;
  headroom: Amounts;
  /** demand − headroom where positive: what must be bought to carry the whole plan. */
  shortfall: Amounts;
  /** Cumulative planned demand by month (first day of the month). */
  curve: { date: string; cpu: number; memory: number }[];
}

export interface NetworkCapacity {
  network: Network;
  figures: Figures;
  clusters: ClusterCapacity[];
  runOut: RunOut;
}

export interface DepartmentCapacity {
  department: string;
  figures: Figures;
  byNetwork: Partial<Record<Network, Figures>>;
}

export interface SystemCapacity {
  system: string;
  department: string;
  network: Network;
  cluster: string;
  namespace: string;
  figures: Figures;
}

export interface Prices {
  currency: string;
  cpuCoreHour: number;
  memoryGiBHour: number;
  storageGiBMonth: number;
}

export interface CostLine {
  /** Department id, or 'platform' / 'unassigned'. */
  id: string;
  direct: number;
  /** This department's share of the platform namespaces' cost (in proportion to direct cost). */
  platformShare: number;
  total: number;
}

export interface Showback {
  currency: string;
  hoursPerMonth: number;
  /**
   * `window`: the allocation over the last `windowDays` days, scaled to a month; `instant`: the
   * current allocation × hours per month (only while the window cannot be read).
   */
  basis: 'window' | 'instant';
  windowDays: number | null;
  departments: CostLine[];
  platform: CostLine;
  unassigned: CostLine;
  total: number;
}

export interface CapacityReport {
  at: string;
  total: Figures;
  networks: NetworkCapacity[];
  departments: DepartmentCapacity[];
  systems: SystemCapacity[];
  platform: Figures;
  /** Namespaces that are neither tenants nor platform. */
  unassigned: Figures;
  showback: Showback | null;
  sources: SourceStatus[];
  /** True when any Prometheus reading is stale: figures are the last good ones. */
  stale: boolean;
}

export interface TrendPoint {
  t: number;
  allocatable: Amounts;
  requested: Amounts;
  usage: Amounts;
}

export interface CapacityTrend {
  network: Network;
  cluster: string | null;
  points: TrendPoint[];
}
