// The composition root: config → sources → tracker service → API and HTTP server.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import {
  fastifyTRPCPlugin,
  type FastifyTRPCPluginOptions,
  type CreateFastifyContextOptions,
} from '@trpc/server/adapters/fastify';
import { ConfigError, type Config } from './config/config.ts';
import { sandboxChosen, sandboxDatabase } from './sandbox-guard.ts';
import { auditHead, auditKey, configureAuditAnchor } from './store/audit-anchor.ts';
import { writeFile } from 'node:fs/promises';
import { isTrustedProxy, REQUEST_ID } from './http/trusted-proxies.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { bearerOk } from './http/bearer.ts';
import type { ClusterSource, SignoffSource, StackSource, TrafficSource } from './sources/types.ts';
import { KubeClusterSource, kubeConfigFor } from './sources/kubernetes/cluster-source.ts';
import { DiyStackSource } from './sources/pulumi/diy-source.ts';
import { PulumiCloudStackSource } from './sources/pulumi/cloud-source.ts';
import { OperatorStackSource } from './sources/pulumi/operator-source.ts';
import { CombinedStackSource } from './sources/pulumi/combined.ts';
import { DEFAULT_REFLECTOR } from './sources/kubernetes/reflector.ts';
import { MemorySignoffs } from './sources/signoffs/memory.ts';
import { StoreSignoffs } from './sources/signoffs/store-source.ts';
import { PrometheusClient, fetchTransport } from './sources/prometheus/client.ts';
import { CombinedTrafficSource, PromTrafficSource } from './sources/prometheus/traffic-source.ts';
import { appRouter } from './api/router.ts';
import type { Context } from './api/trpc.ts';
import { PlanSource } from './sources/plan/plan-source.ts';
import { WorkerPlanParser } from './sources/plan/plan-parser.ts';
import { createSandbox, SANDBOX_PRICES } from './sources/sandbox/index.ts';
import { QueryCache } from './sources/prometheus/query-cache.ts';
import { PromCapacityReader } from './sources/prometheus/capacity-reader.ts';
import { CapacityService } from './service/capacity-service.ts';
import { TrackerService } from './service/tracker-service.ts';
import { Engine } from './engine/engine.ts';
import { DbHistory } from './store/history.ts';
import type { HistoryStore } from './service/history-store.ts';
import { reconcileRequests } from './service/request-reconciler.ts';
import { replaySandboxHistory } from './service/sandbox-history.ts';
import { LiveFeed } from './service/live-feed.ts';
import { createMetrics } from './metrics/registry.ts';
import { z } from 'zod';
import { openStore, type Db, type Store } from './store/db.ts';
import { countUsers, createUser } from './store/accounts.ts';
import { auditCsv, listAudit } from './store/audit.ts';
import { registerAuthRoutes, sessionKey } from './auth/routes.ts';
import { cookieValue, SESSION_COOKIE } from './auth/cookies.ts';
import { registerOidc } from './auth/oidc.ts';
import { csrfOk, identify, type Identity } from './auth/sessions.ts';
import { can } from './auth/policy.ts';
import { AuditFilter, toAuditFilter } from './api/routers/audit.ts';

export interface App {
  http: FastifyInstance;
  tracker: TrackerService;
  history: HistoryStore;
  store: Store;
  plan: PlanSource;
  capacity: CapacityService;
  close(): Promise<void>;
}

export function sandboxClock(speed: number, startAt?: string): () => Date {
  const realStart = Date.now();
  const simStart = startAt ? Date.parse(startAt) : realStart;
  return () => new Date(simStart + (Date.now() - realStart) * speed);
}

/** One Prometheus server: a cluster's own, or the shared one whose series carry a `cluster` label. */
interface PromServer {
  id: string;
  client: PrometheusClient;
  cluster?: string | undefined;
}

interface Sources {
  clusters: ClusterSource;
  stacks: StackSource | null;
  traffic: TrafficSource | null;
  prometheus: PromServer[];
  signoffs: SignoffSource;
  /** Called before each poll (the sandbox moves its province to the clock's time). */
  advance?: () => Promise<void>;
  close(): Promise<void>;
}

async function sandboxSources(
  config: Config,
  plan: PlanSource,
  clock: () => Date,
  log: FastifyBaseLogger,
): Promise<Sources> {
  const real = config.prometheus.url ? promClient(config, config.prometheus.url) : null;
  const sandbox = await createSandbox({
    plan: () => plan.current(),
    clock,
    labelPrefix: config.tenancy.labelPrefix,
    stateDir: config.sandbox.stateDir,
    // With a Prometheus configured, the sandbox province's metrics come from it (the tests' backfill).
    prometheus: real?.transport,
    // The churn benchmark's extra pods and pod events (off unless configured).
    podChurn: config.sandbox.podChurn,
    log,
  });
  const advance = () => sandbox.advance().catch((err: Error) => log.error({ err }, 'sandbox advance failed'));
  const ticker = config.sandbox.speed > 0 ? setInterval(() => void advance(), 2000) : null;
  return {
    ...sandbox,
    prometheus: [{ id: 'sandbox', client: real?.client ?? new PrometheusClient(sandbox.prometheus) }],
    advance,
    async close() {
      if (ticker) clearInterval(ticker);
      await sandbox.close();
    },
  };
}

function promClient(config: Config, url: string) {
  const transport = fetchTransport(url);
  return { transport, client: new PrometheusClient(transport, config.prometheus.timeoutSeconds * 1000) };
}

/** Each cluster's own Prometheus, plus the shared one if configured. */
function promServers(config: Config): PromServer[] {
  return [
    ...config.clusters.flatMap((c) =>
      c.prometheus ? [{ id: c.id, client: promClient(config, c.prometheus).client, cluster: c.id }] : [],
    ),
    ...(config.prometheus.url
      ? [{ id: 'shared', client: promClient(config, config.prometheus.url).client }]
      : []),
  ];
}

/** The configured stack backends, read as one source; null when none is configured. */
function stackSources(config: Config): StackSource | null {
  const prefix = config.tenancy.labelPrefix;
  const sources = config.stacks.map((s): StackSource => {
    if (s.kind === 'diy') return new DiyStackSource(s.path, prefix);
    if (s.kind === 'cloud') {
      const token = process.env[s.tokenEnv];
      if (!token)
        throw new ConfigError(
          `invalid configuration:\n  stacks: ${s.tokenEnv} is not set (the Pulumi access token)`,
        );
      return new PulumiCloudStackSource({ ...s, token, labelPrefix: prefix });
    }
    const cluster = config.clusters.find((c) => c.id === s.cluster);
    if (!cluster)
      throw new ConfigError(
        `invalid configuration:\n  stacks: operator cluster "${s.cluster}" is not in clusters[]`,
      );
    return new OperatorStackSource(s.cluster, kubeConfigFor(cluster));
  });
  return sources.length ? new CombinedStackSource(sources) : null;
}

function liveSources(config: Config): Sources {
  const clusters = new KubeClusterSource(config.clusters, {
    pageSize: config.kubernetes.pageSize,
    watchTimeoutSeconds: config.kubernetes.watchTimeoutSeconds,
    idleMs: config.kubernetes.idleSeconds * 1000,
    backoff: DEFAULT_REFLECTOR.backoff,
  });
  // Without a stack backend the tracker says so in its evidence (the live tenant alone counts).
  const prometheus = promServers(config);
  const traffic = prometheus.map(
    (p) =>
      new PromTrafficSource(
        `prometheus/${p.id}`,
        p.client,
        config.prometheus.trafficQuery,
        p.cluster,
        config.prometheus.systemTrafficQueries,
      ),
  );
  return {
    clusters,
    stacks: stackSources(config),
    traffic: traffic.length ? new CombinedTrafficSource(traffic) : null,
    prometheus,
    signoffs: new MemorySignoffs(),
    close: () => clusters.stop(),
  };
}

export async function createApp(config: Config): Promise<App> {
  const http = Fastify({
    logger: { level: config.log.level },
    bodyLimit: config.server.bodyLimit,
    // tRPC batches name every procedure in the path ("a.b,c.d,…"): Fastify's default limit of 100
    // characters for a path parameter answered a long batch with 414 (the console then showed
    // "Unable to transform response" until the next refetch).
    maxParamLength: 5000,
    // Slow senders are not held open (200 of 200 slow sockets were still open after 130 s).
    connectionTimeout: config.server.idleTimeoutSeconds * 1000,
    // Open event streams (live updates) must not hold up a shutdown.
    forceCloseConnections: true,
    // A request id from the client is kept only when a trusted proxy set it, in a strict format:
    // it is stored in audit rows and exported to auditors' spreadsheets.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' &&
        REQUEST_ID.test(given) &&
        isTrustedProxy(req.socket.remoteAddress, config.server.trustedProxies)
        ? given
        : randomUUID();
    },
    ...(config.server.trustedProxies.length ? { trustProxy: config.server.trustedProxies } : {}),
  });
  const log = http.log;
  const sandboxOn = sandboxChosen(config);
  if (sandboxOn && config.sandbox.allowNetwork)
    log.warn(
      { host: config.server.host },
      'SANDBOX ON A NETWORK ADDRESS: every visitor can pick any role, administrator included (sandbox.allowNetwork)',
    );
  const clock = sandboxOn ? sandboxClock(config.sandbox.speed, config.sandbox.startAt) : () => new Date();

  const plan = new PlanSource(
    config.plan.dir,
    () => clock().toISOString().slice(0, 10),
    log,
    clock,
    new WorkerPlanParser(),
  );
  await plan.load();
  if (config.plan.watch) plan.watch();

  // The sandbox writes only into a database it created: memory, or its own on the given server.
  const ownDb = sandboxOn && config.database.url ? await sandboxDatabase(config.database.url) : null;
  configureAuditAnchor({ key: process.env[config.audit.keyEnv], syslog: config.audit.syslog });
  const store = await openStore({
    url: ownDb?.url ?? config.database.url,
    dataDir: sandboxOn ? undefined : config.database.dataDir,
  });
  await bootstrapAdmin(store, log);
  const headTicker = startAuditHead(config, store, clock, log);
  const history = await DbHistory.load(store);
  const trackerConfig = {
    runningForMs: config.tracker.runningForMinutes * 60_000,
    servingThreshold: config.tracker.servingThreshold,
  };
  const sources = sandboxOn ? await sandboxSources(config, plan, clock, log) : liveSources(config);
  let seed = null;
  const current = plan.current();
  if (sandboxOn && current) {
    const started = performance.now();
    seed = await replaySandboxHistory(current, clock(), config.tenancy, trackerConfig, history);
    log.info(
      { changes: history.all().length, ms: Math.round(performance.now() - started) },
      'sandbox history replayed',
    );
  }
  // People's sign-offs and blockers (database) on top of the source's own (the sandbox timeline).
  const workflows = new StoreSignoffs(store, sources.signoffs);
  await workflows.refresh();
  const tracker = new TrackerService({
    plan,
    clusters: sources.clusters,
    stacks: sources.stacks,
    traffic: sources.traffic,
    signoffs: workflows,
    history,
    tenancy: config.tenancy,
    tracker: trackerConfig,
    clock,
    pollMs: config.tracker.pollSeconds * 1000,
    log,
    // The replayed past ends where the live service begins, so the first live diff holds only real changes.
    seed,
  });
  await sources.clusters.start();
  await tracker.start(async () => {
    await sources.advance?.();
    await workflows.refresh();
  });
  const live = new LiveFeed(tracker);
  // Approved requests close themselves once the live quota carries them.
  let reconciledAt = 0;
  tracker.on('state', (state) => {
    const p = plan.current();
    if (!p || Date.now() - reconciledAt < 10_000) return;
    reconciledAt = Date.now();
    const tenants = sources.clusters.caches().flatMap((c) => c.tenants(config.tenancy).tenants);
    reconcileRequests(store, p, state, tenants, config.requests.quotaHeadroom, clock())
      .then((closed) => {
        for (const r of closed)
          live.publish({ kind: 'requests', id: r.id, department: r.department, status: r.status });
      })
      .catch((err: Error) => log.warn({ err: err.message }, 'request reconciliation failed'));
  });
  /** After a sign-off or blocker changes: re-read them and recompute, so the answer shows the new stage. */
  const workflowsChanged = async (system: string) => {
    await workflows.refresh();
    await tracker.recomputeSystems([system]);
    const department = tracker.planIndex()?.system.get(system)?.department;
    if (department) live.publish({ kind: 'workflows', system, department });
  };

  const cache = new QueryCache();
  const cacheMs = config.capacity.cacheSeconds * 1000;
  const capacity = new CapacityService({
    readers: sources.prometheus.map((p) => new PromCapacityReader(p.id, p.client, p.cluster, cache, cacheMs)),
    clusters: sources.clusters,
    plan: () => plan.current(),
    index: () => tracker.planIndex(),
    state: () => tracker.state(),
    tenancy: config.tenancy,
    clock,
    platformNamespaces: config.capacity.platformNamespaces,
    prices: config.capacity.prices ?? (sandboxOn ? SANDBOX_PRICES : null),
    cacheMs,
    staleAfterMs: Math.max(cacheMs * 3, config.tracker.pollSeconds * 3000),
  });
  // Keep the capacity gauges of /metrics current even when nobody opens the dashboard.
  const capacityTicker = capacity.configured
    ? setInterval(
        () => void capacity.report().catch((err: Error) => log.warn({ err }, 'capacity read failed')),
        config.tracker.pollSeconds * 1000,
      )
    : null;
  if (capacity.configured) void capacity.report().catch(() => undefined);

  const engine = new Engine({
    tracker,
    plan,
    clusters: sources.clusters,
    capacity,
    history,
    tenancy: config.tenancy,
    workflowsChanged,
  });
  const metrics = createMetrics(tracker, plan, capacity);
  http.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  registerSecurityHeaders(http);
  registerAuthRoutes(http, store, sandboxOn, (ended) => live.sessionEnded(ended));
  const oidc = config.auth.oidc;
  if (oidc) {
    const clientSecret = process.env[oidc.clientSecretEnv];
    if (!clientSecret)
      throw new ConfigError(`invalid configuration:\n  auth.oidc: ${oidc.clientSecretEnv} is not set`);
    registerOidc(http, store, { ...oidc, clientSecret });
  }
  // Who is calling, once per request; state-changing API calls must echo the CSRF token.
  const identities = new WeakMap<object, Identity>();
  http.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/trpc') && !req.url.startsWith('/audit.csv')) return;
    const id = await identify(req, store, sandboxOn);
    identities.set(req.raw, id);
    if (req.method === 'POST' && !csrfOk(req, id))
      return reply.code(403).send({ error: { message: 'missing or wrong CSRF token (x-csrf-token)' } });
  });
  http.get('/audit.csv', async (req, reply) => {
    const viewer = identities.get(req.raw)?.viewer ?? null;
    if (!can(viewer, 'audit.read'))
      return reply.code(viewer ? 403 : 401).send({ error: 'audit.read is required' });
    const filter = AuditFilter.safeParse(
      Object.fromEntries(
        Object.entries(req.query as object).map(([k, v]) => [k, k === 'limit' ? Number(v) : v]),
      ),
    );
    if (!filter.success)
      return reply.code(400).send({ fieldErrors: z.flattenError(filter.error).fieldErrors });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="yunqian-audit.csv"')
      .send('\ufeff' + auditCsv(await listAudit(store.db, toAuditFilter(filter.data))));
  });

  await http.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }: CreateFastifyContextOptions): Context => ({
        viewer: identities.get(req.raw)?.viewer ?? null,
        signedIn: identities.get(req.raw)?.signedIn ?? false,
        session: sessionKey(cookieValue(req.headers.cookie, SESSION_COOKIE)),
        sso: !!config.auth.oidc,
        readModel: () => engine.readModel(),
        commands: engine,
        store,
        calendar: config.calendar,
        live,
        sandbox: sandboxOn,
        clock,
        requestId: String(req.id),
        log: req.log,
      }),
      onError: ({
        path,
        error,
        ctx,
      }: {
        path?: string;
        error: Error & { code?: string };
        ctx?: Context | undefined;
      }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          log.error({ path, errorId: ctx?.requestId, err: error }, 'tRPC error');
      },
    },
  } satisfies FastifyTRPCPluginOptions<typeof appRouter>);

  // Outside tRPC too: a server error names an id, never its internals.
  http.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status < 500) return reply.code(status).send({ error: err.message });
    req.log.error({ errorId: req.id, err }, 'request failed');
    return reply.code(500).send({ error: `internal error (id ${req.id})` });
  });

  http.get('/healthz', async () => ({ status: 'ok' }));
  http.get('/readyz', async (_req, reply) => {
    const ready = plan.current() !== null && tracker.state() !== null;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      plan: plan.current() !== null,
      tracker: tracker.state() !== null,
    });
  });
  // Per-department progress is not for anonymous eyes: a bearer token (Prometheus'
  // `authorization` scrape setting), or nothing outside the sandbox.
  const metricsToken = process.env[config.metrics.tokenEnv];
  http.get('/metrics', async (req, reply) => {
    if (metricsToken ? !bearerOk(req.headers.authorization, metricsToken) : !sandboxOn)
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="yunqian-metrics"')
        .send({
          error: metricsToken
            ? 'a bearer token is required'
            : `metrics are served only with a bearer token: set ${config.metrics.tokenEnv}`,
        });
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

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
    history,
    store,
    plan,
    capacity,
    async close() {
      tracker.stop();
      live.close();
      if (capacityTicker) clearInterval(capacityTicker);
      plan.close();
      await http.close();
      if (headTicker) clearInterval(headTicker);
      await sources.close();
      await store.close();
      await ownDb?.drop();
    },
  };
}

/**
 * The first administrator comes from YUNQIAN_ADMIN_USERNAME / YUNQIAN_ADMIN_PASSWORD (or the
 * `yunqian user create` command), and only while there is no account: never a default password.
 */
async function bootstrapAdmin(store: Store, log: FastifyBaseLogger) {
  const username = process.env.YUNQIAN_ADMIN_USERNAME;
  const password = process.env.YUNQIAN_ADMIN_PASSWORD;
  if (!username || !password || (await countUsers(store.db)) > 0) return;
  await createUser(
    store,
    { username, displayName: username, role: 'admin', password },
    { id: 'bootstrap', requestId: 'bootstrap' },
  );
  log.warn({ username }, 'first administrator created from the environment; unset YUNQIAN_ADMIN_PASSWORD');
}

/** Writes the audit chain's signed head outside the database, now and every few minutes. */
function startAuditHead(config: Config, store: Store, clock: () => Date, log: FastifyBaseLogger) {
  const key = auditKey();
  const file = config.audit.headFile;
  if (!file) return null;
  if (!key)
    throw new ConfigError(
      `invalid configuration:\n  audit.headFile: needs the key in ${config.audit.keyEnv}`,
    );
  const write = () =>
    auditHead(store.db as Db, key, clock())
      .then((h) => writeFile(file, JSON.stringify(h, null, 2) + '\n'))
      .catch((err: Error) => log.error({ err }, 'audit head not written'));
  void write();
  const t = setInterval(() => void write(), config.audit.headIntervalSeconds * 1000);
  t.unref();
  return t;
}
