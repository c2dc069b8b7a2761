// The API under pod churn: the real server on the reference province (10,202 systems, late in the
// plan) holding 200,000 pods and applying 200 pod events/s (the sandbox's pod churn), with one
// plan edit a third of the way in, while two autocannon instances ask 500 requests/s each of the
// overview and of 50-row systems pages. Event-loop lag (the server's own /metrics) and resident
// memory are sampled every second. A first, separate start logs at info level for the ready-time
// breakdown (the load run logs warnings only: a request log would distort it).
// BENCH_CPU_PROF_DIR=<dir> profiles the server during the load (cpu-profile.mjs; the figures then
// carry the profiler's overhead); bench/cpuprofile-top.ts lists where the time went.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlanDir } from '@yunqian/plan';
import { load, rssMiB, SYSTEMS_PAGE, writeReferenceProvince } from './api-load.ts';
import { startYunqian, trpcQuery, type RunningServer } from '../test/harness/yunqian.ts';
import { startPostgres } from '../test/harness/postgres.ts';

const PODS = Number(process.env.BENCH_CHURN_PODS ?? 200_000);
const EVENTS_PER_SECOND = Number(process.env.BENCH_CHURN_EVENTS_PER_SECOND ?? 200);
const TARGETS = { p99Ms: 50, eventLoopLagP99Ms: 20, errors: 0, rssMiB: 600, readyS: 15 };
/** The plan edit: a system renamed, as a department's correction would arrive in the plan repo. */
const EDIT = {
  file: 'systems/ak-czj.yaml',
  system: 'ak-czj-services',
  from: 'zh: 安康财政政务服务事项办理系统',
  to: 'zh: 安康财政政务服务事项办理系统（二期）',
};
const VIEWER = 'leader:';

interface LogLine {
  time: number;
  msg: string;
  [field: string]: unknown;
}

const logLines = (out: string): LogLine[] =>
  out.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

/** One scrape of the server's /metrics: the first value of each series asked for. */
async function metrics<N extends string>(url: string, names: N[]): Promise<Record<N, number | null>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  return Object.fromEntries(names.map((n) => [n, value(n)])) as Record<N, number | null>;
}

/** Pods in the server's caches, summed over its clusters (the clusters page's figure). */
async function podsHeld(server: RunningServer): Promise<number> {
  const clusters = await trpcQuery<{ pods: number }[]>(server, 'clusters.list', VIEWER);
  return clusters.reduce((n, c) => n + c.pods, 0);
}

function serverEnv(planDir: string, databaseUrl: string, logLevel: string, nodeOptions: string[] = []) {
  const heapMiB = Number(process.env.BENCH_HEAP_MIB ?? 448);
  return {
    YUNQIAN_PLAN_DIR: planDir,
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2027-09-01T08:00:00.000Z',
    YUNQIAN_SANDBOX_CHURN_PODS: String(PODS),
    YUNQIAN_SANDBOX_CHURN_EVENTS_PER_SECOND: String(EVENTS_PER_SECOND),
    YUNQIAN_LOG_LEVEL: logLevel,
    DATABASE_URL: databaseUrl,
    YUNQIAN_SANDBOX_OWN_DATABASE: 'true',
    NODE_OPTIONS: [`--max-old-space-size=${heapMiB}`, ...nodeOptions].join(' '),
  };
}

async function start(env: Record<string, string>) {
  const spawnedAt = Date.now();
  // Ready takes a minute or so (history replay); a server that died (the harness only notices a
  // non-zero exit, not a signal such as an out-of-memory abort) is reported after five.
  const server = await startYunqian(env, undefined, 300_000);
  const readyAt = Date.now();
  const pods = await podsHeld(server);
  // Without the churn the figures below would describe another load: say so rather than print them.
  if (pods < PODS * 0.9) {
    await server.stop();
    throw new Error(
      `the server holds ${pods} pods, not ~${PODS}: is sandbox.podChurn passed to createSandbox (server/src/app.ts)?`,
    );
  }
  return { server, spawnedAt, readyAt, pods };
}

/** A cold start logged at info level: where the time to /readyz goes. */
async function coldStart(planDir: string, databaseUrl: string) {
  const { server, spawnedAt, readyAt } = await start(serverEnv(planDir, databaseUrl, 'info'));
  const lastRecompute = (await metrics(server.url, ['yunqian_tracker_recompute_seconds']))
    .yunqian_tracker_recompute_seconds;
  await server.stop();
  const lines = logLines(server.output());
  const find = (msg: string) => lines.find((l) => l.msg === msg);
  const planLoaded = find('plan loaded');
  const replayed = find('sandbox history replayed');
  const seeded = find('sandbox pod churn seeded');
  if (!planLoaded || !replayed || !seeded) return { readyS: seconds(readyAt - spawnedAt), breakdownS: null };
  const replayStart = replayed.time - Number(replayed.ms);
  const seedStart = seeded.time - Number(seeded.ms);
  return {
    readyS: seconds(readyAt - spawnedAt),
    breakdownS: {
      processStartAndPlanLoad: seconds(planLoaded.time - spawnedAt),
      databaseAndStore: seconds(replayStart - planLoaded.time),
      sandboxHistoryReplay: seconds(Number(replayed.ms)),
      workflowsAndSources: seconds(seedStart - replayed.time),
      podSeed: seconds(Number(seeded.ms)),
      firstAdvancePollAndRecompute: seconds(readyAt - seeded.time),
      lastRecomputeAtReady: lastRecompute === null ? null : Math.round(lastRecompute * 10) / 10,
    },
  };
}

/** Every second: the server's event-loop lag over the last second and its resident memory. */
function sampler(server: RunningServer, pid: number) {
  const samples: { s: number; lagP99Ms: number; lagMaxMs: number; rssMiB: number | null }[] = [];
  const started = performance.now();
  let running = true;
  const done = (async () => {
    while (running) {
      const at = performance.now();
      // prom-client resets its loop-delay histogram at each scrape: each sample is its own second
      // (so one scrape a second, for both figures).
      const lag = await metrics(server.url, [
        'yunqian_nodejs_eventloop_lag_p99_seconds',
        'yunqian_nodejs_eventloop_lag_max_seconds',
      ]);
      const ms = (s: number | null) => Math.round((s ?? 0) * 10_000) / 10;
      samples.push({
        s: Math.round((at - started) / 1000),
        lagP99Ms: ms(lag.yunqian_nodejs_eventloop_lag_p99_seconds),
        lagMaxMs: ms(lag.yunqian_nodejs_eventloop_lag_max_seconds),
        rssMiB: rssMiB(pid),
      });
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - at))));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return samples;
    },
  };
}

/** Renames a system in its plan file; resolves with when the API first shows the new name. */
async function editPlan(server: RunningServer, planDir: string) {
  const file = join(planDir, EDIT.file);
  writeFileSync(file, readFileSync(file, 'utf8').replace(EDIT.from, EDIT.to));
  const editedAt = performance.now();
  const wanted = EDIT.to.slice('zh: '.length);
  while (performance.now() - editedAt < 60_000) {
    const s = await trpcQuery<{ plan: { name: { zh: string } } }>(server, 'systems.get', VIEWER, {
      id: EDIT.system,
    });
    if (s.plan.name.zh === wanted)
      return { file: EDIT.file, visibleAfterS: seconds(performance.now() - editedAt) };
    await new Promise((r) => setTimeout(r, 500));
  }
  return { file: EDIT.file, visibleAfterS: null };
}

/** The load run: both endpoints at `rate` requests/s each for `duration` s, under churn. */
async function underChurn(planDir: string, databaseUrl: string, rate: number, duration: number) {
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const profile = profileDir
    ? [`--import=${fileURLToPath(new URL('./cpu-profile.mjs', import.meta.url))}`]
    : [];
  const { server, spawnedAt, readyAt, pods } = await start(serverEnv(planDir, databaseUrl, 'warn', profile));
  try {
    const pid = server.proc.pid!;
    const rssReady = rssMiB(pid);
    await Promise.all([load(server.url, '/trpc/overview.get', 50, 3), load(server.url, SYSTEMS_PAGE, 50, 3)]);
    if (profileDir) process.kill(pid, 'SIGUSR2');
    const loadFrom = Date.now();
    const sampling = sampler(server, pid);
    const edit = new Promise((r) => setTimeout(r, (duration * 1000) / 3))
      .then(() => editPlan(server, planDir))
      .catch((e: Error) => ({ file: EDIT.file, error: e.message }));
    const [overview, systemsList] = await Promise.all([
      load(server.url, '/trpc/overview.get', rate, duration),
      load(server.url, SYSTEMS_PAGE, rate, duration),
    ]);
    const loadTo = Date.now();
    const samples = await sampling.stop();
    const planEdit = await edit;
    // The clusters page may lag the caches by up to 15 s (pod events make no new read-model version).
    const podsAfter = await podsHeld(server);
    await server.stop();
    const reports = logLines(server.output()).filter(
      (l) => l.msg === 'sandbox pod churn' && l.time > loadFrom && l.time <= loadTo + 1000,
    );
    const lagP99 = samples.map((x) => x.lagP99Ms);
    const rss = samples.flatMap((x) => (x.rssMiB === null ? [] : [x.rssMiB]));
    return {
      readyS: seconds(readyAt - spawnedAt),
      podsHeld: { atReady: pods, afterLoad: podsAfter },
      podEventsPerSecond: {
        asked: EVENTS_PER_SECOND,
        appliedPer10s: reports.map((r) => Number(r.perSecond)),
        largestBatch: Math.max(0, ...reports.map((r) => Number(r.largestBatch))),
      },
      planEdit,
      overview,
      systemsList,
      eventLoopLagMs: {
        p99Max: Math.max(...lagP99),
        p99Median: median(lagP99),
        max: Math.max(...samples.map((x) => x.lagMaxMs)),
        samples: samples.map((x) => [x.s, x.lagP99Ms, x.lagMaxMs]),
      },
      rssMiB: { ready: rssReady, max: Math.max(...rss) },
      ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    };
  } finally {
    await server.stop();
  }
}

export async function benchChurn(rate = 500, duration = 30) {
  const planDir = writeReferenceProvince();
  const pg = await startPostgres();
  try {
    const parseStarted = performance.now();
    await loadPlanDir(planDir, { today: '2027-09-01' });
    const planParseS = seconds(performance.now() - parseStarted);
    const cold = await coldStart(planDir, pg.url);
    const run = await underChurn(planDir, pg.url, rate, duration);
    const errors = (r: { errors: number; non2xx: number }) => r.errors + r.non2xx;
    const checks = {
      overviewP99: run.overview.p99ms <= TARGETS.p99Ms,
      systemsListP99: run.systemsList.p99ms <= TARGETS.p99Ms,
      eventLoopLagP99: run.eventLoopLagMs.p99Max <= TARGETS.eventLoopLagP99Ms,
      errors: errors(run.overview) + errors(run.systemsList) <= TARGETS.errors,
      rss: run.rssMiB.max <= TARGETS.rssMiB,
      ready: run.readyS <= TARGETS.readyS,
    };
    console.log(
      [
        `churn: ${PODS} pods, ${EVENTS_PER_SECOND} pod events/s, ${rate} req/s on each endpoint for ${duration} s`,
        `  overview p50/p99/max  ${run.overview.p50ms}/${run.overview.p99ms}/${run.overview.maxMs} ms (p99 ≤ ${TARGETS.p99Ms})`,
        `  systems  p50/p99/max  ${run.systemsList.p50ms}/${run.systemsList.p99ms}/${run.systemsList.maxMs} ms (p99 ≤ ${TARGETS.p99Ms})`,
        `  served                ${run.overview.rps} + ${run.systemsList.rps} req/s of ${rate} + ${rate} asked`,
        `  errors + non-2xx      ${errors(run.overview) + errors(run.systemsList)} (${TARGETS.errors})`,
        `  loop lag p99 max/med  ${run.eventLoopLagMs.p99Max}/${run.eventLoopLagMs.p99Median} ms (≤ ${TARGETS.eventLoopLagP99Ms})`,
        `  RSS max               ${run.rssMiB.max} MiB (≤ ${TARGETS.rssMiB})`,
        `  ready                 ${run.readyS} s (≤ ${TARGETS.readyS}); cold start at info level ${cold.readyS} s`,
        `  missed: ${
          Object.entries(checks)
            .filter(([, ok]) => !ok)
            .map(([k]) => k)
            .join(', ') || 'none'
        }`,
      ].join('\n'),
    );
    return {
      province: '10,202 systems, late in the plan (2027-09-01)',
      setup: `PostgreSQL 15, --max-old-space-size=${process.env.BENCH_HEAP_MIB ?? 448}, two autocannon instances of 16 connections`,
      churnAsked: { pods: PODS, eventsPerSecond: EVENTS_PER_SECOND },
      targets: TARGETS,
      met: checks,
      ...run,
      coldStart: { ...cold, planParseInBenchS: planParseS },
    };
  } finally {
    await pg.stop();
    rmSync(planDir, { recursive: true, force: true });
  }
}
