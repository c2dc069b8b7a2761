// Capacity against a real Prometheus: 30 days of the sandbox province's kube-state-metrics,
// cAdvisor and ingress series are backfilled with promtool; Yunqian (sandbox Kubernetes, frozen
// clock, this Prometheus) must report exactly the figures computed here from the written rows.
// The same Prometheus scrapes Yunqian's /metrics, and an outage must show as stale, not as wrong.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexPlan, loadPlanDir, type Plan } from '@yunqian/plan';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../harness/prometheus.ts';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { freePort, waitFor, waitForValue } from '../harness/ports.ts';
import { launchChromium } from '../harness/chromium.ts';
import {
  instantValue,
  promRate,
  provinceSeries,
  toOpenMetrics,
  type GeneratedSeries,
} from '../harness/province-metrics.ts';
import { SANDBOX_CLUSTERS } from '../../server/src/sources/sandbox/clusters.ts';
import { PLATFORM_LOAD } from '../../server/src/sources/sandbox/load.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

type Overview = Extract<Out['capacity']['overview'], { configured: true }>;
type Quotas = Extract<Out['capacity']['quotas'], { configured: true }>;
type Trends = Out['capacity']['trends'];

const SAMPLE = new URL('../../migrations-plan/', import.meta.url).pathname;
const NOW = Math.floor(Date.now() / 1000);
const TREND_STEP = 6 * 3600;

let plan: Plan;
let series: GeneratedSeries[];
let prom: RunningPrometheus;
let server: RunningServer;
let dir: string;

beforeAll(async () => {
  const missing = prometheusAvailable();
  if (missing) throw new Error(missing);
  const loaded = await loadPlanDir(SAMPLE);
  if (!loaded.plan) throw new Error('sample plan does not load');
  plan = loaded.plan;
  series = provinceSeries(plan, NOW);
  const port = await freePort();
  prom = await startPrometheus({
    openMetrics: toOpenMetrics(series),
    scrape: [{ job: 'yunqian', target: `127.0.0.1:${port}` }],
  });
  dir = mkdtempSync(join(tmpdir(), 'yq-capacity-'));
  writeFileSync(join(dir, 'config.yaml'), 'tracker:\n  pollSeconds: 1\ncapacity:\n  cacheSeconds: 1\n');
  server = await startYunqian(
    {
      YUNQIAN_CONFIG: join(dir, 'config.yaml'),
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: new Date(NOW * 1000).toISOString(),
      YUNQIAN_PROMETHEUS_URL: prom.url,
    },
    port,
  );
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await prom?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const leader = 'leader:';
const overview = () => trpcQuery<Overview>(server, 'capacity.overview', leader);

/** Equal up to floating-point summation order. */
const same = (actual: number | null | undefined, expected: number, what: string) =>
  expect(Math.abs((actual ?? NaN) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );

interface Expected {
  requested: { cpu: number; memory: number };
  usage: { cpu: number; memory: number };
  quotaHard: { cpu: number; memory: number };
  quotaUsed: { cpu: number; memory: number };
  allocation: { cpu: number; memory: number };
}
const blank = (): Expected => ({
  requested: { cpu: 0, memory: 0 },
  usage: { cpu: 0, memory: 0 },
  quotaHard: { cpu: 0, memory: 0 },
  quotaUsed: { cpu: 0, memory: 0 },
  allocation: { cpu: 0, memory: 0 },
});

/** Figures per namespace at instant `t` (seconds), from the generated rows only. */
function expectedAt(t: number) {
  const ns = new Map<string, Expected>();
  const at = (l: Record<string, string>) => {
    const k = `${l.cluster}/${l.namespace}`;
    if (!ns.has(k)) ns.set(k, blank());
    return ns.get(k)!;
  };
  const allocatable = new Map<string, { cpu: number; memory: number }>();
  for (const s of series) {
    const l = s.labels;
    const r = (l.resource ?? '').replace('requests.', '') as 'cpu' | 'memory';
    if (s.name === 'kube_node_status_allocatable') {
      const v = instantValue(s.samples, t);
      if (v === null) continue;
      if (!allocatable.has(l.cluster!)) allocatable.set(l.cluster!, { cpu: 0, memory: 0 });
      allocatable.get(l.cluster!)![r] += v;
      continue;
    }
    if (s.name === 'container_cpu_usage_seconds_total') {
      const v = l.container && l.image ? promRate(s.samples, t, 300) : null;
      if (v !== null) at(l).usage.cpu += v;
      continue;
    }
    const v = instantValue(s.samples, t);
    if (v === null) continue;
    if (s.name === 'kube_pod_container_resource_requests') at(l).requested[r] += v;
    else if (s.name === 'container_memory_working_set_bytes' && l.container) at(l).usage.memory += v;
    else if (s.name === 'kube_resourcequota' && l.type === 'hard') at(l).quotaHard[r] = v;
    else if (s.name === 'kube_resourcequota' && l.type === 'used') at(l).quotaUsed[r] = v;
  }
  for (const e of ns.values())
    for (const r of ['cpu', 'memory'] as const) e.allocation[r] = Math.max(e.requested[r], e.usage[r]);
  return { ns, allocatable };
}

function total(rows: Expected[]): Expected {
  const t = blank();
  for (const e of rows)
    for (const k of ['requested', 'usage', 'quotaHard', 'quotaUsed', 'allocation'] as const)
      for (const r of ['cpu', 'memory'] as const) t[k][r] += e[k][r];
  return t;
}

function compare(f: Overview['total'], e: Expected, what: string) {
  for (const r of ['cpu', 'memory'] as const)
    for (const k of ['requested', 'usage', 'quotaHard', 'quotaUsed', 'allocation'] as const)
      same(f[r][k], e[k][r], `${what} ${r} ${k}`);
}

describe('capacity figures equal the generated data', () => {
  it('per network and cluster: allocatable, requested, quota, usage, idle, headroom', async () => {
    const o = await overview();
    expect(o.stale).toBe(false);
    const at = Date.parse(o.at) / 1000;
    expect(Math.abs(at - NOW)).toBeLessThanOrEqual(1);
    const { ns, allocatable } = expectedAt(at);
    expect(ns.size).toBeGreaterThan(200);
    for (const n of o.networks) {
      const ids = SANDBOX_CLUSTERS.filter((c) => c.network === n.network).map((c) => c.id);
      expect(n.clusters.map((c) => c.cluster).sort()).toEqual([...ids].sort());
      for (const c of n.clusters) {
        const e = total([...ns].filter(([k]) => k.startsWith(`${c.cluster}/`)).map(([, v]) => v));
        compare(c.figures, e, c.cluster);
        same(c.figures.cpu.capacity, allocatable.get(c.cluster)!.cpu, `${c.cluster} allocatable`);
        same(
          c.figures.memory.idle,
          allocatable.get(c.cluster)!.memory - e.allocation.memory,
          `${c.cluster} idle`,
        );
        same(
          c.figures.cpu.headroom,
          allocatable.get(c.cluster)!.cpu - e.requested.cpu,
          `${c.cluster} headroom`,
        );
      }
      const e = total([...ns].filter(([k]) => ids.includes(k.split('/')[0]!)).map(([, v]) => v));
      compare(n.figures, e, n.network);
      same(n.figures.cpu.efficiency, e.usage.cpu / e.requested.cpu, `${n.network} efficiency`);
      same(
        n.figures.cpu.commitment,
        e.requested.cpu / ids.reduce((a, id) => a + allocatable.get(id)!.cpu, 0),
        `${n.network} commitment`,
      );
    }
  });

  it('per top-level department, per system, and the platform line', async () => {
    const o = await overview();
    const q = await trpcQuery<Quotas>(server, 'capacity.quotas', leader);
    const { ns } = expectedAt(Date.parse(o.at) / 1000);
    const index = indexPlan(plan);
    const system = new Map(plan.systems.map((s) => [s.id, s]));
    const top = new Map<string, Expected[]>();
    for (const [k, e] of ns) {
      const s = system.get(k.split('/')[1]!);
      if (!s) continue;
      const t = index.topLevel.get(s.department)!.id;
      if (!top.has(t)) top.set(t, []);
      top.get(t)!.push(e);
    }
    expect(o.departments.map((d) => d.department).sort()).toEqual([...top.keys()].sort());
    for (const d of o.departments) compare(d.figures, total(top.get(d.department)!), d.department);
    expect(q.systems.length).toBe([...ns.keys()].filter((k) => system.has(k.split('/')[1]!)).length);
    for (const s of q.systems) compare(s.figures, ns.get(`${s.cluster}/${s.namespace}`)!, s.system);
    const platform = total([...ns].filter(([k]) => k.split('/')[1]! in PLATFORM_LOAD).map(([, v]) => v));
    compare(o.platform, platform, 'platform');
  });

  it('30-day trends per network, point by point', async () => {
    const tr = await trpcQuery<Trends>(server, 'capacity.trends', leader);
    expect(tr.stale).toBe(false);
    const end = Math.floor(NOW / TREND_STEP) * TREND_STEP;
    for (const trend of tr.trends.filter((x) => x.cluster === null)) {
      const ids = new Set(SANDBOX_CLUSTERS.filter((c) => c.network === trend.network).map((c) => c.id));
      const mine = series.filter((s) => ids.has(s.labels.cluster!));
      const expected: { t: number; requested: number; usage: number; memory: number }[] = [];
      for (let t = end - 30 * 86_400; t <= end; t += TREND_STEP) {
        const values = (name: string, f: (s: GeneratedSeries) => boolean) =>
          mine.filter((s) => s.name === name && f(s)).map((s) => instantValue(s.samples, t));
        const req = values('kube_pod_container_resource_requests', (s) => s.labels.resource === 'cpu');
        if (req.every((v) => v === null)) continue; // before the backfill starts
        const cpu = mine
          .filter((s) => s.name === 'container_cpu_usage_seconds_total' && s.labels.container)
          .map((s) => promRate(s.samples, t, TREND_STEP) ?? 0);
        const mem = values('container_memory_working_set_bytes', (s) => !!s.labels.container);
        const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
        expected.push({ t, requested: sum(req), usage: sum(cpu), memory: sum(mem) });
      }
      expect(expected.length).toBeGreaterThan(100);
      const got = new Map(trend.points.map((p) => [p.t / 1000, p]));
      for (const e of expected) {
        const p = got.get(e.t);
        expect(p, `${trend.network} point at ${e.t}`).toBeDefined();
        same(p!.requested.cpu, e.requested, `${trend.network} requested at ${e.t}`);
        same(p!.usage.cpu, e.usage, `${trend.network} CPU use at ${e.t}`);
        same(p!.usage.memory, e.memory, `${trend.network} memory use at ${e.t}`);
      }
      // The province grows: more is requested at the end than a month ago.
      expect(expected.at(-1)!.requested).toBeGreaterThan(expected[0]!.requested);
    }
  });
});

describe("Yunqian's own metrics through Prometheus", () => {
  const promQuery = async (q: string) => {
    const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result;
  };

  it('reads the migration KPIs and capacity headroom back with PromQL', async () => {
    const kpi = await trpcQuery<Out['overview']['get']>(server, 'overview.get', leader);
    const o = await overview();
    await waitFor(
      async () => (await promQuery('yunqian_capacity_headroom_cores')).length === 2,
      30_000,
      'scrape',
    );
    const [rate] = await promQuery('yunqian_migration_rate_ratio{department=""}');
    same(Number(rate!.value[1]), kpi.total.rate!, 'migration rate');
    const [systems] = await promQuery('sum(yunqian_systems)');
    expect(Number(systems!.value[1])).toBe(kpi.total.total);
    const migrated = await promQuery('sum by (network) (yunqian_systems{stage="migrated"})');
    for (const m of migrated)
      expect(Number(m.value[1])).toBe(kpi.networks[m.metric.network as 'internal'].byStage.migrated);
    for (const h of await promQuery('yunqian_capacity_headroom_cores')) {
      const n = o.networks.find((x) => x.network === h.metric.network)!;
      same(Number(h.value[1]), n.figures.cpu.headroom!, `${n.network} headroom`);
    }
    const [up] = await promQuery('yunqian_source_up{source="capacity/sandbox"}');
    expect(up!.value[1]).toBe('1');
  });
});

describe('outage', () => {
  it('shows the last good figures as stale, health unknown, and recovers without a restart', async () => {
    const before = await overview();
    await prom.stop();
    const during = await waitForValue(
      async () => {
        const o = await overview();
        return o.stale ? o : null;
      },
      20_000,
      'capacity marked stale',
    );
    expect(during.networks).toEqual(before.networks);
    const source = during.sources.find((s) => s.id === 'capacity/sandbox')!;
    expect(source.state).toBe('stale');
    expect(Date.parse(source.lastSyncedAt!)).toBeLessThanOrEqual(Date.now());
    expect(source.error).toMatch(/network|fetch|ECONNREFUSED/i);
    // The dashboard says so, with the time the figures are from, and still shows them.
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ locale: 'zh-CN' });
      await context.addCookies([{ name: 'yq-demo', value: 'leader%3A', url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/capacity`);
      const notice = page.getByTestId('stale-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('capacity/sandbox');
      expect(await notice.textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
      const shown = await page
        .getByTestId('capacity-external-cpu')
        .locator('[data-layer="requested"]')
        .getAttribute('data-value');
      expect(Number(shown)).toBeCloseTo(before.networks[1]!.figures.cpu.requested, 6);
    } finally {
      await browser.close();
    }
    // The tracker stops trusting traffic: serving systems turn unknown rather than failing.
    const unknown = await waitForValue(
      async () => {
        const { rows: list } = await trpcQuery<{ rows: { health: string; staleSources: unknown[] }[] }>(
          server,
          'systems.list',
          leader,
          { limit: 20_000 },
        );
        const u = list.filter((s) => s.health === 'unknown');
        return u.length > 0 ? u : null;
      },
      20_000,
      'tracker health unknown',
    );
    expect(unknown[0]!.staleSources.length).toBeGreaterThan(0);

    await prom.start();
    const after = await waitForValue(
      async () => {
        const o = await overview();
        return o.stale ? null : o;
      },
      30_000,
      'capacity fresh again',
    );
    expect(after.networks.map((n) => n.figures.cpu.requested)).toEqual(
      before.networks.map((n) => n.figures.cpu.requested),
    );
  });
});
