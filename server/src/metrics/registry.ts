// Yunqian's own metrics: process, HTTP, source health and the migration KPIs as gauges, so an
// existing Grafana can chart migration progress. Names follow Prometheus conventions.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Plan } from '@yunqian/plan';
import type { PlanStatus } from '../sources/plan/plan-source.ts';
import type { CapacityReport, SourceStatus, TrackerState } from '../model/index.ts';

/** What the gauges read, at scrape time. */
export interface MetricsInputs {
  state(): TrackerState | null;
  plan(): Plan | null;
  planStatus(): PlanStatus;
  /** Every source's health, capacity readers included. */
  sources(): SourceStatus[];
  capacityReport(): CapacityReport | null;
  recomputeMs(): number;
  /** The engine thread's V8 heap (the process metrics describe the API's thread). */
  engineHeap(): { used: number; limit: number };
  /** This process runs the engine (one elected among replicas). */
  leading(): boolean;
}

export function createMetrics(inputs: MetricsInputs) {
  const { sources } = inputs;
  const labels = (s: SourceStatus) => ({ source: s.id, kind: s.kind, cluster: s.cluster ?? '' });
  /** One gauge per network from the last capacity report (none until Prometheus has answered). */
  const perNetwork = (
    name: string,
    help: string,
    pick: (n: CapacityReport['networks'][number]) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['network'],
      registers: [registry],
      collect() {
        this.reset();
        for (const n of inputs.capacityReport()?.networks ?? []) {
          const v = pick(n);
          if (v !== null) this.set({ network: n.network }, v);
        }
      },
    });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'yunqian_' });

  const httpRequests = new Counter({
    name: 'yunqian_http_requests_total',
    help: 'HTTP requests served',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'yunqian_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  /** One gauge per source (and cluster); a source without a value is left out. */
  const perSource = (name: string, help: string, pick: (s: SourceStatus) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['source', 'kind', 'cluster'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of sources()) {
          const v = pick(s);
          if (v !== null) this.set(labels(s), v);
        }
      },
    });
  const lastOk = (s: SourceStatus) => (s.lastSyncedAt ? Date.parse(s.lastSyncedAt) / 1000 : null);
  perSource('yunqian_source_up', 'Whether a source is synced (1) or stale/failed/connecting (0)', (s) =>
    s.state === 'synced' ? 1 : 0,
  );
  perSource(
    'yunqian_source_last_success_timestamp_seconds',
    'When a source last synced successfully',
    lastOk,
  );
  perSource('yunqian_source_staleness_seconds', 'Seconds since a source last synced successfully', (s) => {
    const t = lastOk(s);
    return t === null ? null : Math.max(0, Date.now() / 1000 - t);
  });
  perNetwork(
    'yunqian_capacity_allocatable_cores',
    'Allocatable CPU per network',
    (n) => n.figures.cpu.capacity,
  );
  perNetwork('yunqian_capacity_requested_cores', 'CPU requested per network', (n) => n.figures.cpu.requested);
  perNetwork('yunqian_capacity_usage_cores', 'CPU in use per network', (n) => n.figures.cpu.usage);
  perNetwork(
    'yunqian_capacity_headroom_cores',
    'Allocatable minus requested CPU per network',
    (n) => n.figures.cpu.headroom,
  );
  perNetwork(
    'yunqian_capacity_allocatable_bytes',
    'Allocatable memory per network',
    (n) => n.figures.memory.capacity,
  );
  perNetwork(
    'yunqian_capacity_requested_bytes',
    'Memory requested per network',
    (n) => n.figures.memory.requested,
  );
  perNetwork(
    'yunqian_capacity_usage_bytes',
    'Memory in use (working set) per network',
    (n) => n.figures.memory.usage,
  );
  perNetwork(
    'yunqian_capacity_headroom_bytes',
    'Allocatable minus requested memory per network',
    (n) => n.figures.memory.headroom,
  );
  perNetwork(
    'yunqian_capacity_planned_demand_cores',
    'CPU the plan still has to provision per network',
    (n) => n.runOut.demand.cpu,
  );
  perNetwork(
    'yunqian_capacity_runout_timestamp_seconds',
    'When planned demand exceeds headroom per network',
    (n) => (n.runOut.date ? Date.parse(n.runOut.date) / 1000 : null),
  );
  new Gauge({
    name: 'yunqian_systems',
    help: 'Systems per top-level department, network and stage',
    labelNames: ['department', 'network', 'stage'],
    registers: [registry],
    collect() {
      this.reset();
      const counts = new Map<string, number>();
      for (const s of inputs.state()?.systems ?? []) {
        const k = `${s.topDepartment}\0${s.network}\0${s.stage}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      for (const [k, v] of counts) {
        const [department, network, stage] = k.split('\0');
        this.set({ department: department!, network: network!, stage: stage! }, v);
      }
    },
  });
  new Gauge({
    name: 'yunqian_migration_rate_ratio',
    help: 'Migrated share of in-scope systems (上云率), per department and for the whole cloud (department="")',
    labelNames: ['department'],
    registers: [registry],
    collect() {
      this.reset();
      const state = inputs.state();
      if (!state) return;
      if (state.rollups.total.rate !== null) this.set({ department: '' }, state.rollups.total.rate);
      const p = inputs.plan();
      const top = new Set(p?.organisations.filter((o) => o.ancestors.length === 1).map((o) => o.id));
      for (const [id, r] of Object.entries(state.rollups.departments))
        if (top.has(id) && r.rate !== null) this.set({ department: id }, r.rate);
    },
  });
  new Gauge({
    name: 'yunqian_blocked_systems',
    help: 'Systems with at least one blocker, per network',
    labelNames: ['network'],
    registers: [registry],
    collect() {
      this.reset();
      const r = inputs.state()?.rollups.networks;
      if (r) for (const [n, x] of Object.entries(r)) this.set({ network: n }, x.blocked);
    },
  });
  new Gauge({
    name: 'yunqian_plan_problems',
    help: 'Problems in the plan folder by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      this.reset();
      const ps = inputs.planStatus().problems;
      this.set({ severity: 'error' }, ps.filter((x) => x.severity === 'error').length);
      this.set({ severity: 'warning' }, ps.filter((x) => x.severity === 'warning').length);
    },
  });
  new Gauge({
    name: 'yunqian_tracker_recompute_seconds',
    help: 'Duration of the last full tracker recompute',
    registers: [registry],
    collect() {
      this.set(inputs.recomputeMs() / 1000);
    },
  });
  new Gauge({
    name: 'yunqian_engine_heap_bytes',
    help: "The engine thread's V8 heap: in use, and its limit",
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const h = inputs.engineHeap();
      this.set({ kind: 'used' }, h.used);
      this.set({ kind: 'limit' }, h.limit);
    },
  });
  new Gauge({
    name: 'yunqian_engine_leader',
    help: 'Whether this process runs the engine (1) or serves its versions as an API replica (0)',
    registers: [registry],
    collect() {
      this.set(inputs.leading() ? 1 : 0);
    },
  });
  return { registry, httpRequests, httpDuration };
}
