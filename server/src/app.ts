// The composition root: config → sources → tracker service → API and HTTP server.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions, type CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { Config } from './config/config.ts';
import { appRouter } from './api/router.ts';
import type { Context } from './api/trpc.ts';
import { PlanSource } from './sources/plan/plan-source.ts';
import { createSandbox } from './sources/sandbox/index.ts';
import { TrackerService } from './service/tracker-service.ts';
import { MemoryHistory } from './service/history-store.ts';
import { replaySandboxHistory } from './service/sandbox-history.ts';
import { createMetrics } from './metrics/registry.ts';
import { sandboxViewer } from './auth/sandbox-identity.ts';

export interface App {
  http: FastifyInstance;
  tracker: TrackerService;
  plan: PlanSource;
  close(): Promise<void>;
}

export function sandboxClock(speed: number, startAt?: string): () => Date {
  const realStart = Date.now();
  const simStart = startAt ? Date.parse(startAt) : realStart;
  return () => new Date(simStart + (Date.now() - realStart) * speed);
}

export async function createApp(config: Config): Promise<App> {
  const http = Fastify({
    logger: { level: config.log.level },
    bodyLimit: config.server.bodyLimit,
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
  });
  const log = http.log;
  const sandboxOn = config.sandbox.enabled ?? true;
  if (!sandboxOn) throw new Error('sandbox.enabled: false needs configured clusters, which this version does not read yet');
  const clock = sandboxClock(config.sandbox.speed, config.sandbox.startAt);

  const plan = new PlanSource(config.plan.dir, () => clock().toISOString().slice(0, 10), log);
  await plan.load();
  if (config.plan.watch) plan.watch();

  const sandbox = await createSandbox({ plan: () => plan.current(), clock, labelPrefix: config.tenancy.labelPrefix, stateDir: config.sandbox.stateDir });
  const history = new MemoryHistory();
  const trackerConfig = { runningForMs: config.tracker.runningForMinutes * 60_000, servingThreshold: config.tracker.servingThreshold };
  const current = plan.current();
  if (current) {
    const started = performance.now();
    await replaySandboxHistory(current, clock(), config.tenancy, trackerConfig, history);
    log.info({ changes: history.all().length, ms: Math.round(performance.now() - started) }, 'sandbox history replayed');
  }
  const tracker = new TrackerService({
    plan,
    clusters: sandbox.clusters,
    stacks: sandbox.stacks,
    traffic: sandbox.traffic,
    signoffs: sandbox.signoffs,
    history,
    tenancy: config.tenancy,
    tracker: trackerConfig,
    clock,
    pollMs: config.tracker.pollSeconds * 1000,
    log,
  });
  // The replay ends where the live service begins: seed it so the first live diff is small.
  const advance = () => sandbox.advance().catch((err: Error) => log.error({ err }, 'sandbox advance failed'));
  await tracker.start(advance);
  const sandboxTicker = config.sandbox.speed > 0 ? setInterval(() => void advance(), 2000) : null;

  const metrics = createMetrics(tracker, plan);
  http.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  await http.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }: CreateFastifyContextOptions): Context => ({
        viewer: sandboxViewer(req.headers.cookie),
        tracker,
        plan,
        history,
        sandbox: sandboxOn,
        requestId: String(req.id),
      }),
      onError: ({ path, error }: { path?: string; error: Error & { code?: string } }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ path, err: error }, 'tRPC error');
      },
    },
  } satisfies FastifyTRPCPluginOptions<typeof appRouter>);

  http.get('/healthz', async () => ({ status: 'ok' }));
  http.get('/readyz', async (_req, reply) => {
    const ready = plan.current() !== null && tracker.state() !== null;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', plan: plan.current() !== null, tracker: tracker.state() !== null });
  });
  http.get('/metrics', async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  if (existsSync(config.server.consoleDir)) {
    await http.register(fastifyStatic, { root: config.server.consoleDir, wildcard: false });
    // Client-side routes: any other GET that is not an API path gets the console's index.html.
    http.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: 'not found' });
    });
  } else {
    log.warn({ dir: config.server.consoleDir }, 'console is not built (pnpm build); serving the API only');
  }

  return {
    http,
    tracker,
    plan,
    async close() {
      if (sandboxTicker) clearInterval(sandboxTicker);
      tracker.stop();
      plan.close();
      await http.close();
      await sandbox.close();
    },
  };
}
