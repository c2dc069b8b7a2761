// The Prometheus client and the traffic evidence against a real Prometheus with backfilled
// history: parsing, errors, long queries, step clamping, the serving stage, and an outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openMetrics,
  prometheusAvailable,
  startPrometheus,
  type RunningPrometheus,
} from '../harness/prometheus.ts';
import {
  PrometheusClient,
  PromError,
  fetchTransport,
  MAX_POINTS,
} from '../../server/src/sources/prometheus/client.ts';
import {
  PromTrafficSource,
  DEFAULT_TRAFFIC_QUERY,
} from '../../server/src/sources/prometheus/traffic-source.ts';
import { PromCapacityReader } from '../../server/src/sources/prometheus/capacity-reader.ts';
import { QueryCache } from '../../server/src/sources/prometheus/query-cache.ts';
import { TrackerService } from '../../server/src/service/tracker-service.ts';
import { MemoryHistory } from '../../server/src/service/history-store.ts';
import { MemorySignoffs } from '../../server/src/sources/signoffs/memory.ts';
import { DEFAULT_TENANCY } from '../../server/src/sources/kubernetes/tenancy.ts';
import { ClusterCache } from '../../server/src/sources/kubernetes/cluster-cache.ts';
import type { ClusterSource } from '../../server/src/sources/types.ts';
import { testPlan } from '../../server/test/tracker/fixtures.ts';

const NOW = Math.floor(Date.now() / 1000);
const MINUTE = 60;
/** Requests per second each namespace serves in the backfilled history. */
const RATES: Record<string, number> = { app: 12, web: 0, other: 3 };

// Two hours of ingress-nginx request counters, one sample a minute, ending now.
const history = openMetrics([
  {
    name: 'nginx_ingress_controller_requests',
    type: 'unknown',
    series: Object.entries(RATES).map(([namespace, rps]) => ({
      labels: { cluster: namespace === 'app' ? 'in-1' : 'ex-1', namespace, status: '200' },
      samples: Array.from(
        { length: 121 },
        (_, i) => [NOW - (120 - i) * MINUTE, i * MINUTE * rps] as [number, number],
      ),
    })),
  },
  // Requests: raw kube-state-metrics series for two clusters (with the pod's phase, as
  // kube-state-metrics exports it), the mixin's recording rule for one.
  ...[
    {
      name: 'kube_pod_container_resource_requests',
      cluster: 'in-1',
      value: 2,
      labels: { pod: 'app-0', container: 'app', node: 'n1', resource: 'cpu', unit: 'core' },
    },
    {
      name: 'kube_pod_container_resource_requests',
      cluster: 'ex-1',
      value: 3,
      labels: { pod: 'app-0', container: 'app', node: 'n1', resource: 'cpu', unit: 'core' },
    },
    ...['in-1', 'ex-1'].flatMap((cluster) =>
      ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].map((phase) => ({
        name: 'kube_pod_status_phase',
        cluster,
        value: phase === 'Running' ? 1 : 0,
        labels: { pod: 'app-0', phase },
      })),
    ),
    { name: 'namespace_cpu:kube_pod_container_resource_requests:sum', cluster: 'in-1', value: 5, labels: {} },
  ].map((r) => ({
    name: r.name,
    type: 'gauge' as const,
    series: [
      {
        labels: { cluster: r.cluster, namespace: 'app', ...r.labels } as Record<string, string>,
        samples: Array.from({ length: 11 }, (_, i) => [NOW - (10 - i) * MINUTE, r.value] as [number, number]),
      },
    ],
  })),
]);

let prom: RunningPrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  const missing = prometheusAvailable();
  if (missing) throw new Error(missing);
  prom = await startPrometheus({ openMetrics: history });
  client = new PrometheusClient(fetchTransport(prom.url), 5_000);
}, 60_000);

afterAll(async () => {
  await prom?.close();
});

describe('Prometheus client on a real server', () => {
  it('reads vectors with their labels and numbers, NaN and ±Inf included', async () => {
    const [s] = await client.query(
      'sum by (namespace) (rate(nginx_ingress_controller_requests{namespace="app"}[15m]))',
    );
    expect(s!.metric).toEqual({ namespace: 'app' });
    expect(s!.value).toBeCloseTo(12, 6);
    expect((await client.query('vector(0) / 0'))[0]!.value).toBeNaN();
    expect((await client.query('vector(1) / 0'))[0]!.value).toBe(Infinity);
    expect((await client.query('vector(-1) / 0'))[0]!.value).toBe(-Infinity);
    expect((await client.query('scalar(vector(7))'))[0]!.value).toBe(7);
  });

  it("keeps Prometheus's errorType", async () => {
    const e = await client.query('sum(').catch((x) => x);
    expect(e).toBeInstanceOf(PromError);
    expect(e.errorType).toBe('bad_data');
    expect(e.status).toBe(400);
  });

  it('sends long queries as a POST form body', async () => {
    const long = Array.from({ length: 600 }, () => 'vector(1)').join(' + ');
    expect(long.length).toBeGreaterThan(5000);
    expect((await client.query(long))[0]!.value).toBe(600);
  });

  it('clamps the step so a range query never asks for more than 11,000 points', async () => {
    const end = new Date(NOW * 1000);
    const start = new Date((NOW - 30 * 86_400) * 1000);
    const series = await client.queryRange('vector(1)', start, end, 1);
    expect(series[0]!.values.length).toBeLessThanOrEqual(MAX_POINTS);
    // Whole-second steps: the clamp lands within 1% of the limit.
    expect(series[0]!.values.length).toBeGreaterThan(MAX_POINTS * 0.99);
    // Unclamped, Prometheus itself refuses the query.
    const raw = await fetch(`${prom.url}/api/v1/query_range`, {
      method: 'POST',
      body: new URLSearchParams({
        query: 'vector(1)',
        start: String(NOW - 30 * 86_400),
        end: String(NOW),
        step: '1',
      }),
    });
    expect(((await raw.json()) as { error: string }).error).toMatch(/11,?000 points/);
  });

  it('reports an unreachable server as a network error', async () => {
    const dead = new PrometheusClient(fetchTransport('http://127.0.0.1:9/'), 1_000);
    await expect(dead.query('up')).rejects.toMatchObject({ errorType: 'network' });
  });
});

describe('traffic queries', () => {
  it("reads a system's own serving query next to the per-tenant default", async () => {
    const source = new PromTrafficSource('p', client, DEFAULT_TRAFFIC_QUERY, undefined, {
      'legacy-portal': 'sum(rate(nginx_ingress_controller_requests{namespace=~"app|other"}[15m]))',
      silent: 'sum(rate(nginx_ingress_controller_requests{namespace="nowhere"}[15m]))',
    });
    const readings = await source.traffic();
    const own = Object.fromEntries(readings.filter((r) => r.system).map((r) => [r.system, r.value]));
    expect(own['legacy-portal']).toBeCloseTo(15, 6);
    expect(own.silent).toBe(0);
    expect(readings.find((r) => r.namespace === 'app')!.value).toBeCloseTo(12, 6);
  });
});

describe('capacity queries', () => {
  it('use the kubernetes-mixin recording rules where present and raw series elsewhere', async () => {
    const reader = new PromCapacityReader('p', client, undefined, new QueryCache(), 1000);
    const snap = await reader.snapshot(NOW * 1000);
    const requests = Object.fromEntries(snap.namespaces.map((n) => [n.cluster, n.requests.cpu]));
    expect(requests).toEqual({ 'in-1': 5, 'ex-1': 3 });
  });
});

describe('traffic evidence and outage', () => {
  const clusters: ClusterSource = (() => {
    const caches = [
      new ClusterCache({ id: 'in-1', network: 'internal', name: { zh: '内', en: 'in' }, maxMlps: 3 }),
      new ClusterCache({ id: 'ex-1', network: 'external', name: { zh: '外', en: 'ex' }, maxMlps: 3 }),
    ];
    const ready = new Date(Date.now() - 3_600_000);
    for (const [c, ns] of [
      [caches[0]!, 'app'],
      [caches[1]!, 'web'],
      [caches[1]!, 'other'],
    ] as const) {
      c.apply('Namespace', 'ADDED', {
        metadata: { name: ns, labels: { 'yunqian.gov.cn/department': 'd1', 'yunqian.gov.cn/system': ns } },
      });
      c.apply('Deployment', 'ADDED', {
        metadata: { name: 'w', namespace: ns },
        spec: { replicas: 1 } as never,
        status: {
          readyReplicas: 1,
          conditions: [{ type: 'Available', status: 'True', lastTransitionTime: ready }],
        } as never,
      });
    }
    return {
      clusters: () => caches.map((c) => c.cluster),
      caches: () => caches,
      status: () =>
        caches.map((c) => ({
          id: `kubernetes/${c.cluster.id}`,
          kind: 'kubernetes' as const,
          cluster: c.cluster.id,
          state: 'synced' as const,
          lastSyncedAt: new Date().toISOString(),
        })),
      onChange: () => undefined,
      start: async () => undefined,
      stop: async () => undefined,
      labelNamespace: async () => undefined,
    };
  })();

  it('moves systems with real traffic to serving, marks the source stale when Prometheus stops, and recovers', async () => {
    const fixture = testPlan();
    const plan = { current: () => fixture, status: () => ({}), onChange: () => undefined } as never;
    const traffic = new PromTrafficSource(
      'prometheus/test',
      new PrometheusClient(fetchTransport(prom.url), 2_000),
      DEFAULT_TRAFFIC_QUERY,
    );
    const tracker = new TrackerService({
      plan,
      clusters,
      stacks: null,
      traffic,
      signoffs: new MemorySignoffs(),
      history: new MemoryHistory(),
      tenancy: DEFAULT_TENANCY,
      tracker: { runningForMs: 60_000, servingThreshold: 0.1 },
      clock: () => new Date(),
      pollMs: 500,
      log: { info() {}, warn() {} },
    });
    await tracker.poll();
    await tracker.recompute();
    const sys = (id: string) => tracker.state()!.systems.find((s) => s.id === id)!;
    expect(sys('app').stage).toBe('serving');
    expect(sys('app').evidence.at(-1)).toMatchObject({ source: 'prometheus', code: 'traffic-observed' });
    expect(Number(sys('app').evidence.at(-1)!.params.value)).toBeCloseTo(12, 2);
    expect(sys('other').stage).toBe('serving');
    expect(sys('web').stage).toBe('running');
    expect(sys('web').waitingFor).toMatchObject({ code: 'no-traffic' });
    expect(sys('app').health).toBe('healthy');

    await prom.stop();
    await tracker.poll();
    await tracker.recompute();
    const down = tracker.sourceStatuses().find((s) => s.kind === 'prometheus')!;
    expect(down.state).toBe('stale');
    expect(down.lastSyncedAt).toBeDefined();
    expect(down.error).toMatch(/network/);
    // The last good reading is kept (no stage flaps), and health says we do not know.
    expect(sys('app').stage).toBe('serving');
    expect(sys('app').health).toBe('unknown');
    expect(sys('app').staleSources).toEqual([{ id: 'prometheus/test', lastSyncedAt: down.lastSyncedAt }]);

    await prom.start();
    await tracker.poll();
    await tracker.recompute();
    expect(tracker.sourceStatuses().find((s) => s.kind === 'prometheus')!.state).toBe('synced');
    expect(sys('app').health).toBe('healthy');
  });
});

describe("Yunqian's own metrics through Prometheus", () => {
  it('a real Prometheus scrapes /metrics and the migration KPIs read back through PromQL', async () => {
    const { createApp } = await import('../../server/src/app.ts');
    const { loadConfig } = await import('../../server/src/config/config.ts');
    const config = loadConfig({
      YUNQIAN_SANDBOX: 'true',
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
      YUNQIAN_LOG_LEVEL: 'silent',
      YUNQIAN_PORT: '0',
    });
    // Prometheus sends the metrics token as its `authorization` scrape setting.
    process.env.YUNQIAN_METRICS_TOKEN = 'metrics-token-for-the-test';
    const app = await createApp({ ...config, plan: { ...config.plan, watch: false } });
    delete process.env.YUNQIAN_METRICS_TOKEN;
    const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
    expect((await fetch(`${address}/metrics`)).status).toBe(401);
    const scraper = await startPrometheus({
      scrape: [{ job: 'yunqian', target: new URL(address).host, bearer: 'metrics-token-for-the-test' }],
    });
    try {
      const kpi = new PrometheusClient(fetchTransport(scraper.url));
      const state = app.readModel().state!;
      await expect
        .poll(async () => (await kpi.query('yunqian_migration_rate_ratio{department=""}'))[0]?.value, {
          timeout: 20_000,
        })
        .toBeCloseTo(state.rollups.total.rate!, 10);
      const perStage = await kpi.query('sum by (stage) (yunqian_systems)');
      for (const s of perStage)
        expect(s.value, s.metric.stage).toBe(
          state.rollups.total.byStage[s.metric.stage as keyof typeof state.rollups.total.byStage],
        );
      expect((await kpi.query('sum(yunqian_systems{network="internal"})'))[0]!.value).toBe(
        state.rollups.networks.internal.total,
      );
      expect((await kpi.query('yunqian_source_up{kind="kubernetes"}')).length).toBe(4);
      // Counted after each response, so it shows from the second scrape on.
      await expect
        .poll(async () => (await kpi.query('yunqian_http_requests_total{route="/metrics"}'))[0]?.value ?? 0, {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
    } finally {
      await scraper.close();
      await app.close();
    }
  });
});
