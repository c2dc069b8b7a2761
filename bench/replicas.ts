// Two API replicas and one engine on the reference province (10,202 systems, late in the plan):
// three real server processes share one PostgreSQL database; the first is elected engine, the
// other two serve its versions. 500 requests/s are asked of each replica at once (the overview on
// one, 50-row systems pages on the other, then swapped), and each process's resident memory is
// reported. The machine's two cores carry all three servers, PostgreSQL and both load generators.
import { rmSync } from 'node:fs';
import { load, rssMiB, SYSTEMS_PAGE, writeReferenceProvince } from './api-load.ts';
import { startYunqian, type RunningServer } from '../test/harness/yunqian.ts';
import { startPostgres } from '../test/harness/postgres.ts';

const TARGETS = { totalRps: 1000, p99Ms: 50 };

export async function benchReplicas(rate = 500, seconds = 15) {
  const planDir = writeReferenceProvince();
  const pg = await startPostgres();
  const heapMiB = Number(process.env.BENCH_HEAP_MIB ?? 448);
  const env = {
    YUNQIAN_PLAN_DIR: planDir,
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2027-09-01T08:00:00.000Z',
    YUNQIAN_LOG_LEVEL: 'warn',
    DATABASE_URL: pg.url,
    YUNQIAN_SANDBOX_OWN_DATABASE: 'true',
    // One sandbox database shared by the three processes, as a province's replicas share theirs.
    YUNQIAN_SANDBOX_DATABASE_NAME: 'yunqian_sandbox_bench_replicas',
    NODE_OPTIONS: `--max-old-space-size=${heapMiB}`,
  };
  const servers: RunningServer[] = [];
  try {
    const engine = await startYunqian(env, undefined, 300_000);
    servers.push(engine);
    const replicas = [
      await startYunqian(env, undefined, 120_000),
      await startYunqian(env, undefined, 120_000),
    ];
    servers.push(...replicas);
    const roles = await Promise.all(
      servers.map(async (s) => ((await (await fetch(`${s.url}/readyz`)).json()) as { role: string }).role),
    );
    if (roles.join() !== 'engine,api,api')
      throw new Error(`expected one engine and two replicas, got ${roles}`);
    const [r1, r2] = replicas as [RunningServer, RunningServer];
    const rss = () => servers.map((s) => rssMiB(s.proc.pid!));
    const rssReady = rss();
    // Warm-up of each replica's caches and JIT.
    await Promise.all([load(r1.url, '/trpc/overview.get', 50, 3), load(r2.url, SYSTEMS_PAGE, 50, 3)]);
    await Promise.all([load(r1.url, SYSTEMS_PAGE, 50, 3), load(r2.url, '/trpc/overview.get', 50, 3)]);
    const first = await Promise.all([
      load(r1.url, '/trpc/overview.get', rate, seconds),
      load(r2.url, SYSTEMS_PAGE, rate, seconds),
    ]);
    const second = await Promise.all([
      load(r1.url, SYSTEMS_PAGE, rate, seconds),
      load(r2.url, '/trpc/overview.get', rate, seconds),
    ]);
    const rssAfter = rss();
    const runs = [...first, ...second];
    const totalRps = [first, second].map((pair) => pair[0].rps + pair[1].rps);
    const result = {
      setup: `3 processes (1 engine, 2 API replicas), one PostgreSQL 15, --max-old-space-size=${heapMiB}, ${rate} req/s asked of each replica for ${seconds} s`,
      targets: TARGETS,
      runs: runs.map((r, i) => ({ replica: i % 2 ? 'r2' : 'r1', ...r })),
      totalRps,
      p99Max: Math.max(...runs.map((r) => r.p99ms)),
      errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
      rssMiB: {
        engine: { ready: rssReady[0], after: rssAfter[0] },
        replicas: [1, 2].map((i) => ({ ready: rssReady[i], after: rssAfter[i] })),
      },
    };
    console.log(
      [
        `replicas: 1 engine + 2 API replicas, ${rate} req/s asked of each for ${seconds} s (twice, endpoints swapped)`,
        ...runs.map(
          (r, i) =>
            `  ${i % 2 ? 'r2' : 'r1'} ${r.path.startsWith('/trpc/overview') ? 'overview' : 'systems '} ${r.rps} req/s, p50/p99/max ${r.p50ms}/${r.p99ms}/${r.maxMs} ms, errors ${r.errors + r.non2xx}`,
        ),
        `  together ${totalRps.join(' / ')} req/s (≥ ${TARGETS.totalRps}); p99 max ${result.p99Max} ms (≤ ${TARGETS.p99Ms})`,
        `  RSS MiB engine ${rssReady[0]}→${rssAfter[0]}, replicas ${rssReady[1]}→${rssAfter[1]}, ${rssReady[2]}→${rssAfter[2]}`,
      ].join('\n'),
    );
    return result;
  } finally {
    for (const s of servers.reverse()) await s.stop();
    await pg.stop();
    rmSync(planDir, { recursive: true, force: true });
  }
}
