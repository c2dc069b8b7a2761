// The composition root of the API's thread: config → database → the engine's worker (engine/) →
// read model → API and HTTP server.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import {
  fastifyTRPCPlugin,
  type FastifyTRPCPluginOptions,
  type CreateFastifyContextOptions,
} from '@trpc/server/adapters/fastify';
import { ConfigError, type Config } from './config/config.ts';
import { sandboxChosen, sandboxDatabase } from './sandbox-guard.ts';
import { auditHead, auditKey, configureAuditAnchor } from './store/audit-anchor.ts';
import { setupCrypto } from './crypto/profile.ts';
import { openColumn } from './crypto/column-cipher.ts';
import { writeFile } from 'node:fs/promises';
import { isTrustedProxy, REQUEST_ID } from './http/trusted-proxies.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { bearerOk } from './http/bearer.ts';
import { registerMigrationReports } from './http/migration-reports.ts';
import { appRouter } from './api/router.ts';
import type { Context } from './api/trpc.ts';
import type { EngineCommands } from './engine/engine.ts';
import { EngineMirror } from './engine/mirror.ts';
import { electedEngine, soleEngine, type EngineRole } from './engine/replication/roles.ts';
import { sharedEventLog } from './engine/replication/live-events.ts';
import { DbEventLog } from './service/event-log.ts';
import { capacityConfigured } from './engine/sources.ts';
import { ReadModels, type ReadModel } from './read-model/read-model.ts';
import { clockOf, sandboxOrigin } from './lib/clock.ts';
import { DbHistory } from './store/history.ts';
import type { HistoryStore } from './service/history-store.ts';
import { reconcileRequests } from './service/request-reconciler.ts';
import type { VersionDelta } from './engine/wire/delta.ts';
import { startSummaryExchange } from './summary/setup.ts';
import { configureMetering } from './metering/setup.ts';
import { configureReclamation } from './reclamation/setup.ts';
import { LiveFeed } from './service/live-feed.ts';
import { ViewerCatalog } from './read-model/catalog.ts';
import { readPlanDir } from '@yunqian/plan';
import { requestEvent, requestViewIn } from './api/request-view.ts';
import { localeOf } from './api/errors/messages.ts';
import { readWorkflows } from './store/signoffs.ts';
import { createMetrics } from './metrics/registry.ts';
import { z } from 'zod';
import { openStore, type Db, type Store } from './store/db.ts';
import { startNotifications } from './notify/setup.ts';
import { NotificationWatch } from './notify/watch.ts';
import { notifySlaClocks } from './notify/request-sla.ts';
import { notifyReclamationDeadlines } from './notify/reclamation.ts';
import { notifyAwaitedStep } from './notify/request-steps.ts';
import { countUsers, createUser, sessionUser, touchSession } from './store/accounts.ts';
import { audit, auditCsv, listAudit } from './store/audit.ts';
import { registerAuthRoutes, sessionKey } from './auth/routes.ts';
import { cookieValue, SESSION_COOKIE } from './auth/cookies.ts';
import { registerOidc } from './auth/oidc.ts';
import { csrfOk, identify, type Identity } from './auth/sessions.ts';
import { can } from './auth/policy.ts';
import { AuditFilter, toAuditFilter } from './api/routers/audit.ts';
import { registerKubeAuditWebhook } from './kube-audit/receiver.ts';

export interface App {
  http: FastifyInstance;
  /** The engine as this process reaches it (its own worker, or the elected one's). */
  engine: EngineRole;
  /** The engine's versions as applied here. */
  mirror: EngineMirror;
  /** What the API serves now (for tests that look behind the API). */
  readModel: () => ReadModel;
  history: HistoryStore;
  store: Store;
  close(): Promise<void>;
}

/** An answer slower than this is worth a line in the log at the default level. */
const SLOW_REQUEST_MS = 2000;

export async function createApp(config: Config): Promise<App> {
  const http = Fastify({
    logger: { level: config.log.level },
    // One line per request would bury what matters (20,000 lines in 25 minutes of a console
    // open): requests are logged at debug, failures and slow answers at warn (hook below).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.server.bodyLimit,
    // tRPC batches name every procedure in the path ("a.b,c.d,…"): Fastify's default limit of 100
    // characters for a path parameter answered a long batch with 414 (the console then showed
    // "Unable to transform response" until the next refetch).
    routerOptions: { maxParamLength: 5000 },
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
  const origin = sandboxOn ? sandboxOrigin(config.sandbox.speed, config.sandbox.startAt) : null;
  const clock = clockOf(origin);

  // The sandbox writes only into a database it created: memory, or its own on the given server.
  const ownDb =
    sandboxOn && config.database.url
      ? await sandboxDatabase(config.database.url, config.sandbox.databaseName)
      : null;
  // The cryptographic profile (#21) before anything is written: the gm profile without its data
  // key stops here, named.
  const profile = setupCrypto(config);
  log.info({ profile: profile.name, hash: profile.hash, cipher: profile.cipher }, 'cryptographic profile');
  configureAuditAnchor({ key: process.env[config.audit.keyEnv], syslog: config.audit.syslog });
  configureMetering(config);
  configureReclamation(config);
  const store = await openStore({
    url: ownDb?.url ?? config.database.url,
    dataDir: sandboxOn ? undefined : config.database.dataDir,
  });
  await bootstrapAdmin(store, log);
  const headTicker = startAuditHead(config, store, clock, log);
  // Notifications (mail, chat robots) from the outbox, when configured: every replica runs a
  // dispatcher and the outbox's row locks keep each notification to one of them.
  const notifications = startNotifications(config.notifications, store.db, log);
  const history = await DbHistory.load(store);
  // The engine (sources, plan, tracker, capacity) runs on its own thread; this one serves the API
  // from the mirror of its versions. With PostgreSQL, one process among the replicas is elected
  // to run it and the others apply what it publishes (engine/replication/).
  const mirror = new EngineMirror();
  const roleOptions = {
    config,
    sandbox: sandboxOn,
    clock: origin,
    store,
    history,
    mirror,
    readWorkflows: () => readWorkflows(store.db),
    capacityConfigured: capacityConfigured(config, sandboxOn),
    log,
  };
  // Replicas share one PostgreSQL database; sandbox processes only when they share a named one.
  const replicated = sandboxOn
    ? config.sandbox.databaseName && ownDb
      ? ownDb.url
      : null
    : (config.database.url ?? null);
  const engine = await (replicated ? electedEngine(roleOptions, replicated) : soleEngine(roleOptions)).catch(
    async (e: unknown) => {
      await store.close();
      await ownDb?.drop();
      throw e;
    },
  );
  log.info({ changes: history.all().length, engine: engine.leading() }, 'engine started');
  const models = new ReadModels(() => mirror.current(), history, engine.capacity);
  // Live events through a durable log (ids a reconnecting console resumes from), shared by replicas.
  const events = replicated
    ? await sharedEventLog(store, replicated, log)
    : { events: await DbEventLog.open(store), close: async () => undefined };
  /** The current version as a province-wide viewer reads it (live events are scoped when sent). */
  const provinceWide = () => new ViewerCatalog(models.current(), { kind: 'all' });
  const live = new LiveFeed(mirror, events.events, {
    derives: () => engine.leading(),
    rows: (ids) => provinceWide().systemRows(ids),
    onError: (err) => log.warn({ err: err.message }, 'live event not logged'),
  });
  // The counts-only summary for the other network's instance, and the one it sends (#21).
  const summaries = await startSummaryExchange(config, {
    store,
    log,
    clock,
    leading: () => engine.leading(),
    model: () => models.current(),
  });
  // Requests move on by the evidence (provisioned once the live quota carries them, test resources
  // lapsed) and SLA notices go out: only where the engine runs, after a version that changes the
  // stages or the clusters (a quota the tenant program raised changes no stage; at most every
  // 10 s, the last one never dropped) and once a minute for the clocks alone.
  let reconciledAt = 0;
  let reconcileTimer: NodeJS.Timeout | null = null;
  const reconcile = () => {
    const m = models.current();
    const state = m.state;
    if (!engine.leading() || !m.plan || !state) return;
    reconciledAt = Date.now();
    const tenants = m.clusters().flatMap((c) => c.tenants);
    const rules = { lifecycle: config.requests.lifecycle, calendar: config.calendar };
    // Who is told, and in which words: the same for a step reached and for a clock running out.
    const told = notifications && {
      available: notifications.available,
      provinceLevel: m.plan.organisations.find((o) => o.kind === 'province')?.id ?? null,
      timeZone: config.calendar.timeZone,
      ...rules,
    };
    const systemName = (id: string) => m.index?.system.get(id)?.name;
    reconcileRequests(
      store,
      m.plan,
      state,
      tenants,
      m.sources(),
      config.requests.quotaHeadroom,
      rules,
      clock(),
      told ? (tx, r) => notifyAwaitedStep(tx, r, { ...told, systemName: systemName(r.system) }) : undefined,
    )
      .then((closed) => {
        const catalog = provinceWide();
        for (const r of closed) {
          live.publish(requestEvent(requestViewIn(catalog, r, clock(), rules)));
        }
      })
      .then(() => (told ? notifySlaClocks(store, clock(), { ...told, systemName }) : 0))
      // Reclamation proposals past their deadline lapse here too (not only when read), and one
      // working day before it the department is reminded.
      .then(() =>
        m.index
          ? notifyReclamationDeadlines(store, clock(), {
              available: notifications?.available ?? [],
              timeZone: config.calendar.timeZone,
              calendar: config.calendar,
              index: m.index,
              systemName,
              workingDays: config.reclamation.contestWorkingDays,
            })
          : 0,
      )
      .catch((err: Error) => log.warn({ err: err.message }, 'request reconciliation failed'));
  };
  const reconcileSoon = () => {
    if (reconcileTimer) return;
    reconcileTimer = setTimeout(
      () => {
        reconcileTimer = null;
        reconcile();
      },
      Math.max(0, reconciledAt + 10_000 - Date.now()),
    );
  };
  mirror.on('delta', (d: VersionDelta) => {
    if (d.state || d.clusters) reconcileSoon();
    if (d.state) summaries.stateChanged();
  });
  const requestClocks = setInterval(reconcileSoon, 60_000);
  requestClocks.unref();
  // Drift, quotas at 80 %, run-out dates and MLPS assessments, from each version as it is applied.
  const watch =
    notifications &&
    new NotificationWatch({
      store,
      mirror,
      leading: () => engine.leading(),
      available: notifications.available,
      clock,
      mlpsDueDays: config.notifications.mlpsDueDays,
      intervalMs: config.notifications.watchSeconds * 1000,
      log,
    }).start();
  const commands: EngineCommands = {
    tenantLabels: (a) => engine.tenantLabels(a),
    labelNamespace: (c, ns, labels) => engine.labelNamespace(c, ns, labels),
    /** After a sign-off or blocker changes: the engine re-reads them, then consoles hear of it. */
    async workflowsChanged(system) {
      await engine.workflowsChanged(system);
      const planned = models.current().index?.system.get(system);
      if (planned)
        live.publish({
          kind: 'workflows',
          system,
          department: planned.department,
          network: planned.network,
          systems: provinceWide().systemRows([system]),
        });
    },
  };
  const metrics = createMetrics({
    state: () => mirror.current().state,
    plan: () => mirror.current().plan,
    planStatus: () => mirror.current().planStatus,
    sources: () => [...mirror.sourceStatuses(), ...mirror.capacitySources()],
    capacityReport: () => mirror.lastCapacityReport(),
    recomputeMs: () => mirror.recomputeMs(),
    engineHeap: () => mirror.heap(),
    leading: () => engine.leading(),
  });
  http.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    const line = {
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 500 || reply.elapsedTime > SLOW_REQUEST_MS) req.log.warn(line, 'request');
    else req.log.debug(line, 'request');
  });

  registerSecurityHeaders(http);
  registerAuthRoutes(http, store, {
    sandbox: sandboxOn,
    onSessionEnded: (ended) => live.sessionEnded(ended),
    secondFactorRoles: config.auth.secondFactorRoles,
    idleMs: config.auth.idleMinutes * 60_000,
    passwordMaxAgeDays: config.auth.passwordMaxAgeDays,
  });
  const oidc = config.auth.oidc;
  if (oidc) {
    const given = process.env[oidc.clientSecretEnv];
    if (!given)
      throw new ConfigError(`invalid configuration:\n  auth.oidc: ${oidc.clientSecretEnv} is not set`);
    // The secret may be given sealed (enc:sm4:v1:… or enc:aes:v1:…, `yunqian keys seal`): opened
    // with the data key, so the plain secret is in neither the environment nor the unit file.
    let clientSecret: string;
    try {
      clientSecret = openColumn(given);
    } catch (e) {
      throw new ConfigError(
        `invalid configuration:\n  auth.oidc: ${oidc.clientSecretEnv}: ${(e as Error).message}`,
      );
    }
    registerOidc(http, store, { ...oidc, clientSecret });
  }
  // Who is calling, once per request; state-changing API calls must echo the CSRF token.
  const identities = new WeakMap<object, Identity>();
  http.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/trpc') && !req.url.startsWith('/audit.csv')) return;
    const id = await identify(req, store, sandboxOn, config.auth.idleMinutes * 60_000);
    identities.set(req.raw, id);
    if (req.method === 'POST' && !csrfOk(req, id))
      return reply.code(403).send({ error: { message: 'missing or wrong CSRF token (x-csrf-token)' } });
    // A change is its person's act: it keeps the session from ending for inactivity.
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (req.method === 'POST' && id.signedIn && token) await touchSession(store.db as Db, token);
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
    const rows = await listAudit(store.db, toAuditFilter(filter.data));
    // Every export is itself audited (MLPS level 3): who took which rows out, and when.
    await store.db.transaction((tx) =>
      audit(tx, {
        actor: viewer!.id,
        action: 'audit.export',
        objectType: 'audit',
        objectId: 'csv',
        before: null,
        after: { filter: filter.data, rows: rows.length },
        requestId: String(req.id),
        at: clock(),
      }),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="yunqian-audit.csv"')
      .send('\ufeff' + auditCsv(rows));
  });

  // Data-sync progress from migration tools: a department's token, not a session (#23).
  await registerMigrationReports(http, {
    store,
    clock,
    wallClock: () => new Date(),
    readModel: () => models.current(),
  });

  await http.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }: CreateFastifyContextOptions): Context => ({
        viewer: identities.get(req.raw)?.viewer ?? null,
        signedIn: identities.get(req.raw)?.signedIn ?? false,
        previousSignIn: identities.get(req.raw)?.previousSignIn ?? null,
        sessionValid: async () => {
          const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
          return (
            !!token &&
            !!(await sessionUser(store.db as Db, token, new Date(), config.auth.idleMinutes * 60_000))
          );
        },
        idleMinutes: config.auth.idleMinutes,
        session: sessionKey(cookieValue(req.headers.cookie, SESSION_COOKIE)),
        sso: !!config.auth.oidc,
        readModel: () => models.current(),
        // The planner's patch is made against the plan folder's files as they stand.
        planTexts: () => readPlanDir(config.plan.dir),
        commands,
        store,
        calendar: config.calendar,
        lifecycle: config.requests.lifecycle,
        scorecard: config.scorecard,
        evidence: { requireNames: config.evidence.requireNames },
        signing: !!config.crypto.signingKeyFile,
        live,
        sandbox: sandboxOn,
        clock,
        requestId: String(req.id),
        locale: localeOf(req.headers['accept-language']),
        log: req.log,
        notifications: notifications && { available: notifications.available },
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
    const { plan, state } = mirror.current();
    const ready = plan !== null && state !== null;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      plan: plan !== null,
      tracker: state !== null,
      role: engine.leading() ? 'engine' : 'api',
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

  // The clusters' audit webhooks (drift attribution): each cluster known by its own token.
  registerKubeAuditWebhook(http, {
    store,
    tokens: kubeAuditTokens(config),
    clock,
    retentionDays: config.kubeAudit.retentionDays,
    bodyLimit: config.kubeAudit.bodyLimit,
    log,
  });

  if (existsSync(config.server.consoleDir)) {
    await http.register(fastifyStatic, { root: config.server.consoleDir, wildcard: false });
    // Client-side routes: any other GET for a page (not an API path, not a file such as
    // /favicon.ico) gets the console's index.html, whose router shows its own "not found" page.
    http.setNotFoundHandler((req, reply) => {
      const path = req.url.split('?')[0]!;
      if (req.method === 'GET' && !path.startsWith('/trpc') && !/\.[a-z0-9]+$/i.test(path))
        return reply.sendFile('index.html');
      return reply.code(404).send({ error: 'not found' });
    });
  } else {
    log.warn({ dir: config.server.consoleDir }, 'console is not built (pnpm build); serving the API only');
  }

  return {
    http,
    engine,
    mirror,
    readModel: () => models.current(),
    history,
    store,
    async close() {
      live.close();
      await http.close();
      await watch?.stop();
      await summaries.stop();
      clearInterval(requestClocks);
      if (reconcileTimer) clearTimeout(reconcileTimer);
      await notifications?.close();
      await events.close();
      if (headTicker) clearInterval(headTicker);
      await engine.close();
      await store.close();
      await ownDb?.drop();
    },
  };
}

/** Cluster id → its audit webhook's token, from the variables the configuration names. */
function kubeAuditTokens(config: Config): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const c of config.clusters) {
    if (!c.auditTokenEnv) continue;
    const token = process.env[c.auditTokenEnv];
    // A token short enough to guess is refused like a missing one: it alone names the cluster.
    if (!token || token.length < 16)
      throw new ConfigError(
        `invalid configuration:\n  clusters.${c.id}.auditTokenEnv: ${c.auditTokenEnv} is ${token ? 'shorter than 16 characters' : 'not set'}`,
      );
    if ([...tokens.values()].includes(token))
      throw new ConfigError(
        `invalid configuration:\n  clusters.${c.id}.auditTokenEnv: the same token as another cluster's (a token names its cluster)`,
      );
    tokens.set(c.id, token);
  }
  return tokens;
}

/** The three administrators (三员分立) a first start may create, and the variables naming them. */
const BOOTSTRAP = [
  ['admin', 'YUNQIAN_ADMIN'],
  ['security', 'YUNQIAN_SECURITY'],
  ['auditor', 'YUNQIAN_AUDITOR'],
] as const;

/**
 * The first administrators come from YUNQIAN_ADMIN_*, YUNQIAN_SECURITY_* and YUNQIAN_AUDITOR_*
 * (USERNAME and PASSWORD; three people, three accounts), or the `yunqian user create` command,
 * and only while there is no account at all: never a default password.
 */
async function bootstrapAdmin(store: Store, log: FastifyBaseLogger) {
  if ((await countUsers(store.db)) > 0) return;
  for (const [role, prefix] of BOOTSTRAP) {
    const username = process.env[`${prefix}_USERNAME`];
    const password = process.env[`${prefix}_PASSWORD`];
    if (!username || !password) continue;
    await createUser(
      store,
      { username, displayName: username, role, password },
      { id: 'bootstrap', requestId: 'bootstrap' },
    );
    log.warn({ username, role }, `first ${role} created from the environment; unset ${prefix}_PASSWORD`);
  }
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
