// The PromQL behind the capacity pages. Every query aggregates by cluster (and namespace), so
// the number of queries never grows with the number of systems: tenants are joined in memory.
// Where the kubernetes-mixin recording rules exist they are used (`rule or raw`: Prometheus
// returns the rule's series, and the raw aggregate only for label sets the rule lacks). The raw
// aggregates follow the rules' semantics, so the choice never changes a figure:
// - kube-state-metrics exports a pod's requests whatever its phase; like the mixin, only Pending
//   and Running pods count (a namespace of finished Jobs requests nothing);
// - a series scraped twice (two kube-state-metrics replicas, overlapping scrape jobs) counts once:
//   `max by` the object's identity before any `sum`.
const TENANT = 'cluster, namespace';
const CONTAINERS = 'container!="",image!=""';
const ruleOrRaw = (by: string, rule: string, raw: string) =>
  `sum by (${by}) (${rule}) or sum by (${by}) (${raw})`;

/** Pods in a phase that holds its requests (the mixin's `kube_pod_status_phase{phase=~"Pending|Running"} == 1`). */
const ACTIVE_POD = 'max by (cluster, namespace, pod) (kube_pod_status_phase{phase=~"Pending|Running"} == 1)';
/** Requests of active pods, one value per container however often it was scraped. */
const activeRequests = (resource: string, keep = '') =>
  `max by (cluster, namespace, pod, container${keep}) (kube_pod_container_resource_requests{resource=${resource}}) * on (cluster, namespace, pod) group_left() ${ACTIVE_POD}`;
/** One value per container of a cAdvisor series, however often it was scraped. */
const perContainer = (expr: string) => `max by (cluster, namespace, pod, container) (${expr})`;

/** Instant queries for one snapshot. */
export const SNAPSHOT_QUERIES = {
  allocatable:
    'sum by (cluster, resource) (max by (cluster, node, resource) (kube_node_status_allocatable{resource=~"cpu|memory"}))',
  requestsCpu: ruleOrRaw(
    TENANT,
    'namespace_cpu:kube_pod_container_resource_requests:sum',
    activeRequests('"cpu"'),
  ),
  requestsMemory: ruleOrRaw(
    TENANT,
    'namespace_memory:kube_pod_container_resource_requests:sum',
    activeRequests('"memory"'),
  ),
  usageCpu: ruleOrRaw(
    TENANT,
    // The mixin rules already drop image-less series and keep no `image` label.
    'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m{container!=""}',
    perContainer(`rate(container_cpu_usage_seconds_total{${CONTAINERS}}[5m])`),
  ),
  usageMemory: ruleOrRaw(
    TENANT,
    'node_namespace_pod_container:container_memory_working_set_bytes{container!=""}',
    perContainer(`container_memory_working_set_bytes{${CONTAINERS}}`),
  ),
  // Several quotas in one namespace each bind: the tightest hard limit is the effective one,
  // and every quota reports the same use (a doubled series changes neither).
  quotaHard: 'min by (cluster, namespace, resource) (kube_resourcequota{type="hard"})',
  quotaUsed: 'max by (cluster, namespace, resource) (kube_resourcequota{type="used"})',
  storage: `sum by (${TENANT}) (max by (cluster, namespace, persistentvolumeclaim) (kube_persistentvolumeclaim_resource_requests_storage_bytes))`,
} as const;

export type SnapshotQuery = keyof typeof SNAPSHOT_QUERIES;

/** Trend step: one point per six hours over 30 days (121 points per series). */
export const TREND_STEP_SECONDS = 6 * 3600;
export const TREND_DAYS = 30;
const WINDOW = `${TREND_STEP_SECONDS}s`;

/**
 * Range queries for the trends, per cluster. CPU use is a rate over the whole step, so each
 * point is the step's average rather than a five-minute glimpse.
 */
export const TREND_QUERIES = {
  allocatable: SNAPSHOT_QUERIES.allocatable,
  requests: ruleOrRaw(
    'cluster, resource',
    'label_replace(namespace_cpu:kube_pod_container_resource_requests:sum, "resource", "cpu", "", "") or label_replace(namespace_memory:kube_pod_container_resource_requests:sum, "resource", "memory", "", "")',
    activeRequests('~"cpu|memory"', ', resource'),
  ),
  usageCpu: `sum by (cluster) (${perContainer(`rate(container_cpu_usage_seconds_total{${CONTAINERS}}[${WINDOW}])`)})`,
  usageMemory: `sum by (cluster) (${perContainer(`container_memory_working_set_bytes{${CONTAINERS}}`)})`,
} as const;

export type TrendQuery = keyof typeof TREND_QUERIES;

/** Quota keys mean the same resource whether written `cpu` or `requests.cpu`. */
export function quotaResource(key: string): 'cpu' | 'memory' | null {
  if (key === 'cpu' || key === 'requests.cpu') return 'cpu';
  if (key === 'memory' || key === 'requests.memory') return 'memory';
  return null;
}

/** The billing window of showback: OpenCost's allocation summed over it (30 days, hourly). */
export const BILLING_WINDOW_SECONDS = 30 * 86_400;
export const BILLING_STEP_SECONDS = 3600;

/**
 * OpenCost's allocation, per container and per step of the window: max(request, usage) (a
 * container that asks for more than it uses is billed its request; one that bursts, its use),
 * summed over the window's steps per namespace. Multiplied by the step (in hours) this is
 * core-hours and byte-hours; storage is byte-hours of the claims. The two sides get a label each
 * so that `or` keeps both before `max` picks the larger.
 */
/**
 * OpenCost's allocation per namespace at one instant: max(request, usage) per container, summed by
 * namespace; storage is the claims' bytes. Showback sums it over its window (billingQueries);
 * monthly metering asks for it at every hour of the month (metering/prometheus.ts). The two sides
 * get a label each so that `or` keeps both before `max` picks the larger.
 */
export function allocationQueries(
  /** The CPU rate's range (the mixin's 5m; metering uses the whole hour). */
  rateRange = '5m',
) {
  const larger = (request: string, usage: string) =>
    `max by (cluster, namespace, pod, container) (label_replace(${request}, "yq_side", "request", "", "") or label_replace(${usage}, "yq_side", "usage", "", ""))`;
  return {
    cpu: larger(
      activeRequests('"cpu"'),
      perContainer(`rate(container_cpu_usage_seconds_total{${CONTAINERS}}[${rateRange}])`),
    ),
    memory: larger(
      activeRequests('"memory"'),
      perContainer(`container_memory_working_set_bytes{${CONTAINERS}}`),
    ),
    storage:
      'max by (cluster, namespace, persistentvolumeclaim) (kube_persistentvolumeclaim_resource_requests_storage_bytes)',
  };
}

/** Per-namespace sums of allocationQueries (one value per namespace at each evaluation). */
export function namespaceAllocationQueries(rateRange = '5m') {
  const a = allocationQueries(rateRange);
  const by = (e: string) => `sum by (${TENANT}) (${e})`;
  return { cpu: by(a.cpu), memory: by(a.memory), storage: by(a.storage) };
}

/**
 * OpenCost's allocation, per container and per step of the window: max(request, usage) (a
 * container that asks for more than it uses is billed its request; one that bursts, its use),
 * summed over the window's steps per namespace. Multiplied by the step (in hours) this is
 * core-hours and byte-hours; storage is byte-hours of the claims.
 */
export function billingQueries(
  windowSeconds = BILLING_WINDOW_SECONDS,
  stepSeconds = BILLING_STEP_SECONDS,
  /** The CPU rate's range (the mixin's 5m). */
  rateRange = '5m',
) {
  const over = (expr: string) =>
    `sum by (${TENANT}) (sum_over_time((${expr})[${windowSeconds}s:${stepSeconds}s]))`;
  const a = allocationQueries(rateRange);
  return { cpu: over(a.cpu), memory: over(a.memory), storage: over(a.storage) };
}

/**
 * Use and requests per namespace, raw (never the mixin's rules: their 5-minute rate is a glimpse,
 * and reclamation judges whole hours): Pending/Running pods' requests and cAdvisor's containers with
 * an image, each series counted once. The CPU rate spans `rateRange` (the step of the caller's
 * subquery, so each point is that step's average).
 */
export function namespaceUseQueries(rateRange = '1h') {
  const by = (e: string) => `sum by (${TENANT}) (${e})`;
  return {
    cpuUse: by(perContainer(`rate(container_cpu_usage_seconds_total{${CONTAINERS}}[${rateRange}])`)),
    memoryUse: by(perContainer(`container_memory_working_set_bytes{${CONTAINERS}}`)),
    cpuRequests: by(activeRequests('"cpu"')),
    memoryRequests: by(activeRequests('"memory"')),
  };
}
