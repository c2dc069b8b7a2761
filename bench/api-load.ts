// API latency under load on loopback: the real server on the reference province (10,202
// systems, late in the plan), autocannon at a fixed 500 requests/s against the overview and the
// systems list, with the server's resident memory before and after.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { generateProvince, REFERENCE_SIZE } from '../migrations-plan/src/generate/province.ts';
import { startYunqian } from '../test/harness/yunqian.ts';
import { startPostgres } from '../test/harness/postgres.ts';

export const rssMiB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

export async function load(url: string, path: string, rate: number, seconds: number) {
  const r = await autocannon({
    url: `${url}${path}`,
    connections: 16,
    overallRate: rate,
    duration: seconds,
    headers: { cookie: 'yq-demo=leader%3A' },
  });
  return {
    path,
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** The reference province's plan (10,202 systems) in a fresh temporary directory. */
export function writeReferenceProvince(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yq-bench-plan-'));
  for (const t of generateProvince(REFERENCE_SIZE)) {
    mkdirSync(dirname(join(dir, t.name)), { recursive: true });
    writeFileSync(join(dir, t.name), t.text);
  }
  return dir;
}

/**
 * The real server on the reference province (sandbox, late in the plan), deployed as at a
 * province: PostgreSQL for the database, V8's heap capped (BENCH_HEAP_MIB, 448 by default).
 */
async function referenceServer() {
  const heapMiB = Number(process.env.BENCH_HEAP_MIB ?? 448);
  const pg = await startPostgres();
  const dir = writeReferenceProvince();
  const started = performance.now();
  const server = await startYunqian(
    {
      YUNQIAN_PLAN_DIR: dir,
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: '2027-09-01T08:00:00.000Z',
      YUNQIAN_LOG_LEVEL: 'warn',
      DATABASE_URL: pg.url,
      // The sandbox province on PostgreSQL: in a database of its own on that server.
      YUNQIAN_SANDBOX_OWN_DATABASE: 'true',
      NODE_OPTIONS: `--max-old-space-size=${heapMiB}`,
    },
    undefined,
    600_000,
  );
  return {
    server,
    setup: `PostgreSQL 15, --max-old-space-size=${heapMiB}`,
    readyS: Math.round((performance.now() - started) / 100) / 10,
    async stop() {
      await server.stop();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page of the systems list as the console asks for it (50 rows, sorted by stage). */
export const SYSTEMS_PAGE = `/trpc/systems.list?input=${encodeURIComponent(
  JSON.stringify({ offset: 100, limit: 50, sort: { field: 'stage', dir: 'asc' } }),
)}`;

export async function benchApiLoad(rate = 500, seconds = 15) {
  const ref = await referenceServer();
  try {
    const pid = ref.server.proc.pid!;
    const rssReady = rssMiB(pid);
    // Warm up the caches and the JIT, then measure each endpoint.
    await load(ref.server.url, '/trpc/overview.get', 50, 3);
    await load(ref.server.url, SYSTEMS_PAGE, 50, 3);
    const overview = await load(ref.server.url, '/trpc/overview.get', rate, seconds);
    const systems = await load(ref.server.url, SYSTEMS_PAGE, rate, seconds);
    return {
      province: '10,202 systems, late in the plan (2027-09-01)',
      setup: ref.setup,
      readyS: ref.readyS,
      rssReadyMiB: rssReady,
      overview,
      systemsList: systems,
      rssAfterMiB: rssMiB(pid),
    };
  } finally {
    await ref.stop();
  }
}

/**
 * The soak: `seconds` at `rate` requests/s, half overview and half systems-list pages, with the
 * server's resident memory sampled every 10 s. Errors must be zero and the curve flat.
 */
export async function benchSoak(rate = 500, seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600)) {
  const ref = await referenceServer();
  try {
    const pid = ref.server.proc.pid!;
    await load(ref.server.url, '/trpc/overview.get', 50, 3);
    const rss: { s: number; mib: number | null }[] = [{ s: 0, mib: rssMiB(pid) }];
    const started = Date.now();
    const sampler = setInterval(
      () => rss.push({ s: Math.round((Date.now() - started) / 1000), mib: rssMiB(pid) }),
      10_000,
    );
    const r = await autocannon({
      url: ref.server.url,
      connections: 16,
      overallRate: rate,
      duration: seconds,
      headers: { cookie: 'yq-demo=leader%3A' },
      requests: [{ path: '/trpc/overview.get' }, { path: SYSTEMS_PAGE }],
    });
    clearInterval(sampler);
    rss.push({ s: seconds, mib: rssMiB(pid) });
    const mibs = rss.map((x) => x.mib ?? 0);
    const firstMinute = rss.filter((x) => x.s <= 60).map((x) => x.mib ?? 0);
    return {
      setup: ref.setup,
      seconds,
      rateAsked: rate,
      requests: r.requests.total,
      rps: Math.round(r.requests.average),
      p50ms: r.latency.p50,
      p99ms: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
      rssMiB: {
        min: Math.min(...mibs),
        max: Math.max(...mibs),
        afterFirstMinuteGrowth: Math.max(...mibs) - Math.max(...firstMinute),
      },
      rssCurve: rss,
    };
  } finally {
    await ref.stop();
  }
}
