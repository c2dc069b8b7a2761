// Everything the engine owns, composed from the configuration: the plan, the sources, sign-offs,
// the tracker, capacity and the Engine that publishes versions. Runs where the engine runs (the
// server's engine worker); what lives on the API's side (the database) is reached through the two
// functions it is given: where transitions are recorded, and how to read people's sign-offs.
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { PlanSource } from '../sources/plan/plan-source.ts';
import { inThread } from '../sources/plan/plan-parser.ts';
import { SANDBOX_PRICES } from '../sources/sandbox/index.ts';
import { QueryCache } from '../sources/prometheus/query-cache.ts';
import { PromCapacityReader } from '../sources/prometheus/capacity-reader.ts';
import { StoreSignoffs, type WorkflowRows } from '../sources/signoffs/store-source.ts';
import { CapacityService } from '../service/capacity-service.ts';
import { TrackerService } from '../service/tracker-service.ts';
import { replaySandboxHistory } from '../service/sandbox-history.ts';
import type { StageLog } from '../service/history-store.ts';
import { Engine } from './engine.ts';
import { liveSources, sandboxSources } from './sources.ts';

export interface EngineDeps {
  config: Config;
  sandbox: boolean;
  clock: () => Date;
  log: Logger;
  /** Where stage transitions are recorded (the database, on the API's side). */
  history: StageLog;
  /** People's sign-offs and open blockers, as stored. */
  readWorkflows: () => Promise<WorkflowRows>;
}

export type ComposedEngine = Awaited<ReturnType<typeof composeEngine>>;

export async function composeEngine({ config, sandbox, clock, log, history, readWorkflows }: EngineDeps) {
  // The engine has its own thread: the plan is parsed on it (a second worker would only add a copy).
  const plan = new PlanSource(
    config.plan.dir,
    () => clock().toISOString().slice(0, 10),
    log,
    clock,
    inThread,
  );
  await plan.load();
  if (config.plan.watch) plan.watch();
  const trackerConfig = {
    runningForMs: config.tracker.runningForMinutes * 60_000,
    servingThreshold: config.tracker.servingThreshold,
    // A public name must resolve to these (when DNS servers are configured to ask).
    ...(config.evidence.dnsServers.length ? { ingress: config.evidence.ingress } : {}),
    readinessHorizonDays: config.tracker.readinessHorizonDays,
    backups: config.backups,
  };
  const sources = sandbox ? await sandboxSources(config, plan, clock, log) : liveSources(config, plan, clock);
  // Velero's objects are evidence only in Velero's own namespaces (a tenant could write one in its own).
  for (const c of sources.clusters.caches()) c.veleroNamespaces = new Set(config.backups.veleroNamespaces);
  let seed = null;
  const current = plan.current();
  // The province's past, once: an engine taking over a shared sandbox database finds it recorded.
  if (sandbox && current && history.lastStages().size === 0) {
    const started = performance.now();
    log.info({}, "replaying the sandbox province's history (once per database)");
    seed = await replaySandboxHistory(current, clock(), config.tenancy, trackerConfig, history, 7, (done) =>
      log.info({ done: Math.round(done * 100) }, `sandbox history ${Math.round(done * 100)}% replayed`),
    );
    log.info({ ms: Math.round(performance.now() - started) }, 'sandbox history replayed');
  }
  // People's sign-offs and blockers (database) on top of the source's own (the sandbox timeline).
  const workflows = new StoreSignoffs(readWorkflows, sources.signoffs);
  await workflows.refresh();
  const tracker = new TrackerService({
    plan,
    clusters: sources.clusters,
    stacks: sources.stacks,
    traffic: sources.traffic,
    endpoints: sources.endpoints,
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
    prices: config.capacity.prices ?? (sandbox ? SANDBOX_PRICES : null),
    cacheMs,
    staleAfterMs: Math.max(cacheMs * 3, config.tracker.pollSeconds * 3000),
  });

  /** After a sign-off or blocker changes: re-read them and recompute, so the answer shows the new stage. */
  const workflowsChanged = async (system: string) => {
    await workflows.refresh();
    await tracker.recomputeSystems([system]);
  };
  const engine = new Engine({
    tracker,
    plan,
    clusters: sources.clusters,
    tenancy: config.tenancy,
    workflowsChanged,
  });

  let capacityTicker: NodeJS.Timeout | null = null;
  return {
    engine,
    tracker,
    capacity,
    /** Starts watching the clusters and the first recompute; resolves once a state exists. */
    async start() {
      await sources.clusters.start();
      await tracker.start(async () => {
        await sources.advance?.();
        await workflows.refresh();
      });
      // Keep capacity figures (and the /metrics gauges) current even when nobody opens the dashboard.
      if (capacity.configured) {
        const read = () =>
          void capacity.report().catch((err: Error) => log.warn({ err }, 'capacity read failed'));
        read();
        capacityTicker = setInterval(read, config.tracker.pollSeconds * 1000);
      }
    },
    async close() {
      tracker.stop();
      if (capacityTicker) clearInterval(capacityTicker);
      plan.close();
      await sources.close();
    },
  };
}
