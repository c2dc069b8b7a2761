// Capacity on demand: each page load asks every Prometheus server for one snapshot (through the
// brief cache, so loads within the same window share it), joins it to the tenants and the plan,
// and keeps the last good reading per server: a server that fails shows its last figures, stale.
import type { Plan, PlanIndex } from '@yunqian/plan';
import type {
  Billed,
  Cluster,
  CapacityReport,
  NamespaceUsage,
  CapacityTrend,
  Prices,
  TrackerState,
  UsageSnapshot,
} from '../model/index.ts';
import { buildCapacityReport } from '../capacity/report.ts';
import { sumTrends, type ClusterSeries } from '../capacity/trends.ts';
import type { PromCapacityReader, SnapshotPart } from '../sources/prometheus/capacity-reader.ts';
import { SourceHealth } from '../sources/health.ts';
import type { ClusterSource } from '../sources/types.ts';
import type { TenancyConfig } from '../sources/kubernetes/tenancy.ts';

export interface CapacityServiceOptions {
  readers: PromCapacityReader[];
  clusters: ClusterSource;
  /** The plan in force, its index and the tracker's latest state (the service reads, never writes). */
  plan: () => Plan | null;
  index: () => PlanIndex | null;
  state: () => TrackerState | null;
  tenancy: TenancyConfig;
  clock: () => Date;
  platformNamespaces: string[];
  prices: Prices | null;
  /** Results are reused this long; snapshots are taken at times aligned to it. */
  cacheMs: number;
  staleAfterMs: number;
}

interface Reading<T> {
  value: T;
  health: SourceHealth;
}

export class CapacityService {
  private readonly snapshots = new Map<string, Reading<SnapshotPart | null>>();
  private readonly trendReadings = new Map<string, Reading<ClusterSeries[] | null>>();
  private readonly billingReadings = new Map<string, Reading<Map<string, Billed> | null>>();
  private readonly platform: ReadonlySet<string>;
  private last: { key: unknown[]; report: CapacityReport } | null = null;
  private lastAt = 0;

  constructor(private readonly o: CapacityServiceOptions) {
    this.platform = new Set(o.platformNamespaces);
    for (const r of o.readers) {
      const health = () =>
        new SourceHealth({ id: `capacity/${r.id}`, kind: 'prometheus' }, o.staleAfterMs, o.clock);
      this.snapshots.set(r.id, { value: null, health: health() });
      this.trendReadings.set(r.id, { value: null, health: health() });
      this.billingReadings.set(r.id, { value: null, health: health() });
    }
  }

  get configured(): boolean {
    return this.o.readers.length > 0;
  }

  /** PromQL queries sent so far (the query-budget benchmark reads it). */
  get queriesSent(): number {
    return this.o.readers.reduce((a, r) => a + r.queriesSent, 0);
  }

  status() {
    return [...this.snapshots.values()].map((r) => r.health.status());
  }

  private async read<T>(
    readings: Map<string, Reading<T | null>>,
    load: (r: PromCapacityReader) => Promise<T>,
  ): Promise<number> {
    const ok = await Promise.all(
      this.o.readers.map(async (r) => {
        const reading = readings.get(r.id)!;
        try {
          reading.value = await load(r);
          reading.health.ok();
          return 1;
        } catch (e) {
          reading.health.fail(e); // keep the last good value
          return 0;
        }
      }),
    );
    return ok.reduce<number>((a, b) => a + b, 0);
  }

  /** The capacity report at the clock's time (aligned to the cache window). */
  async report(): Promise<CapacityReport | null> {
    const at = Math.floor(this.o.clock().getTime() / this.o.cacheMs) * this.o.cacheMs;
    if ((await this.read(this.snapshots, (r) => r.snapshot(at))) > 0) this.lastAt = at;
    await this.read(this.billingReadings, (r) => r.billing(at));
    const billing = [...this.billingReadings.values()].map((r) => r.value);
    const plan = this.o.plan();
    const index = this.o.index();
    const parts = [...this.snapshots.values()].map((r) => r.value);
    if (!plan || !index || parts.every((p) => p === null)) return this.last?.report ?? null;
    const state = this.o.state();
    const caches = this.o.clusters.caches();
    const sources = this.status();
    // Same snapshot parts, plan, tracker state, cluster caches and source states: same report.
    const key = [
      ...parts,
      ...billing,
      plan,
      state,
      caches.map((c) => c.version).join(),
      sources.map((s) => s.state).join(),
    ];
    if (this.last && key.length === this.last.key.length && key.every((k, i) => k === this.last!.key[i]))
      return this.last.report;
    const tenants = caches.flatMap((c) => c.tenants(this.o.tenancy).tenants);
    // Costs over the billing window only when every server's window was read; the run-rate otherwise.
    const windowRead = billing.every((b) => b !== null);
    const billed = new Map(billing.flatMap((b) => (b ? [...b] : [])));
    const snapshot: UsageSnapshot = {
      at: this.lastAt,
      allocatable: new Map(parts.flatMap((p) => (p ? [...p.allocatable] : []))),
      namespaces: withBilling(
        parts.flatMap((p) => p?.namespaces ?? []),
        windowRead ? billed : null,
      ),
    };
    const report = buildCapacityReport({
      snapshot,
      clusters: this.clusters(),
      tenants,
      plan,
      index,
      state,
      platformNamespaces: this.platform,
      prices: this.o.prices,
      billingWindowHours: windowRead ? this.o.readers[0]!.billingWindow.windowSeconds / 3600 : null,
      today: this.o.clock().toISOString().slice(0, 10),
      sources,
    });
    this.last = { key, report };
    return report;
  }

  /** The last report built, without asking Prometheus (for /metrics). */
  lastReport(): CapacityReport | null {
    return this.last?.report ?? null;
  }

  async trends(): Promise<{ trends: CapacityTrend[]; stale: boolean }> {
    const now = this.o.clock().getTime();
    await this.read(this.trendReadings, (r) => r.trends(now));
    const readings = [...this.trendReadings.values()];
    return {
      trends: sumTrends(
        readings.flatMap((r) => r.value ?? []),
        this.clusters(),
      ),
      stale: readings.some((r) => r.health.status().state !== 'synced'),
    };
  }

  private clusters(): Cluster[] {
    return this.o.clusters.clusters();
  }
}

/**
 * The window's resource-hours joined to the instant's namespaces. A namespace that cost something
 * in the window but holds nothing now (its Jobs finished) is billed all the same.
 */
function withBilling(namespaces: NamespaceUsage[], billed: Map<string, Billed> | null): NamespaceUsage[] {
  if (!billed) return namespaces;
  const zero = () => ({ cpu: 0, memory: 0 });
  const seen = new Set<string>();
  const out = namespaces.map((n) => {
    const k = `${n.cluster}/${n.namespace}`;
    seen.add(k);
    return { ...n, billed: billed.get(k) };
  });
  for (const [k, b] of billed) {
    if (seen.has(k)) continue;
    const i = k.indexOf('/');
    out.push({
      cluster: k.slice(0, i),
      namespace: k.slice(i + 1),
      requests: zero(),
      usage: zero(),
      quotaHard: zero(),
      quotaUsed: zero(),
      storage: 0,
      billed: b,
    });
  }
  return out;
}
