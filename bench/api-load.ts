// API latency under load on loopback: the real server on the reference province (10,202
// systems, late in the plan), autocannon at a fixed 500 requests/s against the overview and the
// systems list, with the server's resident memory before and after.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { generateProvince, REFERENCE_SIZE } from '../migrations-plan/src/generate/province.ts';
import { startYunqian } from '../test/harness/yunqian.ts';

const rssMiB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

async function load(url: string, path: string, rate: number, seconds: number) {
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

export async function benchApiLoad(rate = 500, seconds = 15) {
  const dir = mkdtempSync(join(tmpdir(), 'yq-bench-plan-'));
  for (const t of generateProvince(REFERENCE_SIZE)) {
    mkdirSync(dirname(join(dir, t.name)), { recursive: true });
    writeFileSync(join(dir, t.name), t.text);
  }
  const started = performance.now();
  const server = await startYunqian(
    {
      YUNQIAN_PLAN_DIR: dir,
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: '2027-09-01T08:00:00.000Z',
      YUNQIAN_LOG_LEVEL: 'warn',
    },
    undefined,
    600_000,
  );
  const readyS = Math.round((performance.now() - started) / 100) / 10;
  try {
    const pid = server.proc.pid!;
    const rssReady = rssMiB(pid);
    // Warm up the caches and the JIT, then measure each endpoint.
    await load(server.url, '/trpc/overview.get', 50, 3);
    const overview = await load(server.url, '/trpc/overview.get', rate, seconds);
    const systems = await load(server.url, '/trpc/systems.list', Math.min(rate, 50), seconds);
    return {
      province: '10,202 systems, late in the plan (2027-09-01)',
      readyS,
      rssReadyMiB: rssReady,
      overview,
      systemsList: systems,
      rssAfterMiB: rssMiB(pid),
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
