// Leadership dashboard load (capacity report + 30-day trends) at 1,000 and 10,000 systems: the
// number of PromQL queries per load, which must not grow with the province, and the time per
// load. Prometheus is replaced by recorded answers in its wire format (parsed on every call,
// as fetch's body would be), so the figures measure Yunqian's side alone.
import { indexPlan, loadPlan, type Plan } from '@yunqian/plan';
import { generateProvince, type ProvinceSize } from '../migrations-plan/src/generate/province.ts';
import { SandboxClusterSource } from '../server/src/sources/sandbox/cluster-source.ts';
import { sandboxPrometheus } from '../server/src/sources/sandbox/prometheus.ts';
import { PrometheusClient, type PromTransport } from '../server/src/sources/prometheus/client.ts';
import { PromCapacityReader } from '../server/src/sources/prometheus/capacity-reader.ts';
import { QueryCache } from '../server/src/sources/prometheus/query-cache.ts';
import { CapacityService } from '../server/src/service/capacity-service.ts';
import { DEFAULT_TENANCY } from '../server/src/sources/kubernetes/tenancy.ts';
import { DEFAULT_PLATFORM_NAMESPACES } from '../server/src/capacity/index.ts';
import { SANDBOX_PRICES } from '../server/src/sources/sandbox/index.ts';

export const SIZES: Record<string, ProvinceSize> = {
  '1k': { seed: 7, cities: 6, bureauxPerCity: 10, systems: 1_000 },
  '10k': { seed: 7, cities: 16, bureauxPerCity: 28, systems: 10_000 },
};

/** Answers each distinct request once from the sandbox, then replays the recorded JSON text. */
function recorded(inner: PromTransport): PromTransport {
  const tape = new Map<string, { status: number; text: string }>();
  return async (path, form, signal) => {
    const key = `${path}?${form}`;
    let hit = tape.get(key);
    if (!hit) {
      const r = await inner(path, form, signal);
      tape.set(key, (hit = { status: r.status, text: JSON.stringify(r.body) }));
    }
    return { status: hit.status, body: JSON.parse(hit.text) };
  };
}

async function median(n: number, f: () => Promise<unknown>) {
  const runs: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    const t = performance.now();
    await f();
    runs.push(performance.now() - t);
  }
  const s = runs.slice(1).sort((a, b) => a - b);
  return {
    median: +s[Math.floor(s.length / 2)]!.toFixed(1),
    min: +s[0]!.toFixed(1),
    max: +s.at(-1)!.toFixed(1),
  };
}

async function one(size: ProvinceSize) {
  const at = new Date('2027-09-01T08:00:00Z');
  const { plan } = loadPlan(generateProvince(size), { today: '2026-11-25' });
  if (!plan) throw new Error('generated plan does not load');
  const p: Plan = plan;
  const clusters = new SandboxClusterSource(
    () => p,
    () => at,
    DEFAULT_TENANCY.labelPrefix,
  );
  clusters.tick();
  const index = indexPlan(p);
  const client = new PrometheusClient(
    recorded(
      sandboxPrometheus(
        () => p,
        () => at,
      ),
    ),
  );
  const cache = new QueryCache();
  const service = new CapacityService({
    readers: [new PromCapacityReader('bench', client, undefined, cache, 15_000)],
    clusters,
    plan: () => p,
    index: () => index,
    state: () => null,
    tenancy: DEFAULT_TENANCY,
    clock: () => at,
    platformNamespaces: DEFAULT_PLATFORM_NAMESPACES,
    prices: SANDBOX_PRICES,
    cacheMs: 15_000,
    staleAfterMs: 60_000,
  });
  const load = () => Promise.all([service.report(), service.trends()]);
  await load(); // records the answers
  const before = client.queriesSent;
  cache.clear();
  await load();
  const queriesPerLoad = client.queriesSent - before;
  const report = (await service.report())!;
  const cold = await median(5, async () => {
    cache.clear();
    await load();
  });
  const sent = client.queriesSent;
  const warm = await median(5, load);
  return {
    systems: p.systems.length,
    namespaces: report.systems.length,
    queriesPerLoad,
    queriesPerWarmLoad: (client.queriesSent - sent) / 6,
    coldLoadMs: cold,
    warmLoadMs: warm,
  };
}

export async function benchCapacity() {
  const out: Record<string, Awaited<ReturnType<typeof one>>> = {};
  for (const [name, size] of Object.entries(SIZES)) out[name] = await one(size);
  return out;
}
