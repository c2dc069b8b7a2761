// Reads capacity figures from one Prometheus server (per-cluster, or shared with a `cluster`
// label): a constant set of aggregated queries, normalised into a UsageSnapshot's parts and
// per-cluster trend series. Results go through the brief shared cache.
import type { Amounts, Billed, NamespaceUsage } from '../../model/index.ts';
import type { ClusterSeries } from '../../capacity/trends.ts';
import type { PrometheusClient, Sample, Series } from './client.ts';
import { QueryCache } from './query-cache.ts';
import {
  BILLING_STEP_SECONDS,
  BILLING_WINDOW_SECONDS,
  billingQueries,
  SNAPSHOT_QUERIES,
  TREND_DAYS,
  TREND_QUERIES,
  TREND_STEP_SECONDS,
  quotaResource,
  type SnapshotQuery,
  type TrendQuery,
} from './capacity-queries.ts';

export interface SnapshotPart {
  allocatable: Map<string, Amounts>;
  namespaces: NamespaceUsage[];
}

const zero = (): Amounts => ({ cpu: 0, memory: 0 });
const resourceOf = (r: string | undefined): 'cpu' | 'memory' | null =>
  r === 'cpu' || r === 'memory' ? r : null;

export class PromCapacityReader {
  constructor(
    readonly id: string,
    private readonly client: PrometheusClient,
    /** Set for a cluster's own Prometheus: its series need no `cluster` label. */
    private readonly cluster: string | undefined,
    private readonly cache: QueryCache,
    private readonly ttlMs: number,
    readonly billingWindow: { windowSeconds: number; stepSeconds: number; rateRange?: string } = {
      windowSeconds: BILLING_WINDOW_SECONDS,
      stepSeconds: BILLING_STEP_SECONDS,
    },
  ) {}

  get queriesSent(): number {
    return this.client.queriesSent;
  }

  private clusterOf(m: Record<string, string>): string {
    return this.cluster ?? m.cluster ?? '';
  }

  /**
   * Everything at one instant: eight queries, whatever the number of tenants. The normalised
   * result is what is cached, so callers within the window share one object (and the report
   * built from it).
   */
  snapshot(at: number): Promise<SnapshotPart> {
    return this.cache.get(`${this.id}\0snapshot\0${at}`, this.ttlMs, () => this.readSnapshot(at));
  }

  private async readSnapshot(at: number): Promise<SnapshotPart> {
    const names = Object.keys(SNAPSHOT_QUERIES) as SnapshotQuery[];
    const results = await Promise.all(names.map((n) => this.client.query(SNAPSHOT_QUERIES[n], new Date(at))));
    const r = Object.fromEntries(names.map((n, i) => [n, results[i]!])) as Record<SnapshotQuery, Sample[]>;

    const allocatable = new Map<string, Amounts>();
    for (const s of r.allocatable) {
      const res = resourceOf(s.metric.resource);
      const c = this.clusterOf(s.metric);
      if (!res) continue;
      if (!allocatable.has(c)) allocatable.set(c, zero());
      allocatable.get(c)![res] += s.value;
    }

    const byNs = new Map<string, NamespaceUsage>();
    const ns = (m: Record<string, string>) => {
      const cluster = this.clusterOf(m);
      const k = `${cluster}/${m.namespace}`;
      let n = byNs.get(k);
      if (!n)
        byNs.set(
          k,
          (n = {
            cluster,
            namespace: m.namespace!,
            requests: zero(),
            usage: zero(),
            quotaHard: zero(),
            quotaUsed: zero(),
            storage: 0,
          }),
        );
      return n;
    };
    const put = (
      samples: Sample[],
      set: (n: NamespaceUsage, v: number, m: Record<string, string>) => void,
    ) => {
      for (const s of samples)
        if (s.metric.namespace && Number.isFinite(s.value)) set(ns(s.metric), s.value, s.metric);
    };
    put(r.requestsCpu, (n, v) => (n.requests.cpu = v));
    put(r.requestsMemory, (n, v) => (n.requests.memory = v));
    put(r.usageCpu, (n, v) => (n.usage.cpu = v));
    put(r.usageMemory, (n, v) => (n.usage.memory = v));
    put(r.storage, (n, v) => (n.storage = v));
    // `cpu` and `requests.cpu` are one limit: the tightest hard value binds, use is the same.
    put(r.quotaHard, (n, v, m) => {
      const res = quotaResource(m.resource ?? '');
      if (res) n.quotaHard[res] = n.quotaHard[res] > 0 ? Math.min(n.quotaHard[res], v) : v;
    });
    put(r.quotaUsed, (n, v, m) => {
      const res = quotaResource(m.resource ?? '');
      if (res) n.quotaUsed[res] = Math.max(n.quotaUsed[res], v);
    });
    return { allocatable, namespaces: [...byNs.values()] };
  }

  /**
   * Resource-hours per namespace over the billing window ending at the last whole step: three
   * queries, read again once a step (they sum a month of samples, so they are not asked often).
   */
  billing(now: number): Promise<Map<string, Billed>> {
    const stepMs = this.billingWindow.stepSeconds * 1000;
    const end = Math.floor(now / stepMs) * stepMs;
    return this.cache.get(`${this.id}\0billing\0${end}`, stepMs, () => this.readBilling(end));
  }

  private async readBilling(end: number): Promise<Map<string, Billed>> {
    const { windowSeconds, stepSeconds, rateRange } = this.billingWindow;
    const q = billingQueries(windowSeconds, stepSeconds, rateRange);
    const [cpu, memory, storage] = await Promise.all(
      [q.cpu, q.memory, q.storage].map((query) => this.client.query(query, new Date(end))),
    );
    const hours = this.billingWindow.stepSeconds / 3600;
    const out = new Map<string, Billed>();
    const put = (samples: Sample[], field: keyof Billed) => {
      for (const s of samples) {
        if (!s.metric.namespace || !Number.isFinite(s.value)) continue;
        const k = `${this.clusterOf(s.metric)}/${s.metric.namespace}`;
        let b = out.get(k);
        if (!b) out.set(k, (b = { cpuCoreHours: 0, memoryByteHours: 0, storageByteHours: 0 }));
        b[field] += s.value * hours;
      }
    };
    put(cpu!, 'cpuCoreHours');
    put(memory!, 'memoryByteHours');
    put(storage!, 'storageByteHours');
    return out;
  }

  /** 30 days per cluster, ending at the last whole step (so the same result serves a whole step). */
  trends(now: number): Promise<ClusterSeries[]> {
    const stepMs = TREND_STEP_SECONDS * 1000;
    const end = Math.floor(now / stepMs) * stepMs;
    return this.cache.get(`${this.id}\0trends\0${end}`, stepMs, () => this.readTrends(end));
  }

  private async readTrends(end: number): Promise<ClusterSeries[]> {
    const start = end - TREND_DAYS * 86_400_000;
    const names = Object.keys(TREND_QUERIES) as TrendQuery[];
    const results = await Promise.all(
      names.map((n) =>
        this.client.queryRange(TREND_QUERIES[n], new Date(start), new Date(end), TREND_STEP_SECONDS),
      ),
    );
    const r = Object.fromEntries(names.map((n, i) => [n, results[i]!])) as Record<TrendQuery, Series[]>;
    const byCluster = new Map<string, Map<number, ClusterSeries['points'][number]>>();
    const point = (m: Record<string, string>, t: number) => {
      const c = this.clusterOf(m);
      let pts = byCluster.get(c);
      if (!pts) byCluster.set(c, (pts = new Map()));
      let p = pts.get(t);
      if (!p) pts.set(t, (p = { t: t * 1000, allocatable: zero(), requested: zero(), usage: zero() }));
      return p;
    };
    const put = (
      series: Series[],
      set: (p: ClusterSeries['points'][number], v: number, m: Record<string, string>) => void,
    ) => {
      for (const s of series)
        for (const [t, v] of s.values) if (Number.isFinite(v)) set(point(s.metric, t), v, s.metric);
    };
    put(r.allocatable, (p, v, m) => {
      const res = resourceOf(m.resource);
      if (res) p.allocatable[res] += v;
    });
    put(r.requests, (p, v, m) => {
      const res = resourceOf(m.resource);
      if (res) p.requested[res] += v;
    });
    put(r.usageCpu, (p, v) => (p.usage.cpu += v));
    put(r.usageMemory, (p, v) => (p.usage.memory += v));
    return [...byCluster].map(([cluster, pts]) => ({
      cluster,
      points: [...pts.values()].sort((a, b) => a.t - b.t),
    }));
  }
}
