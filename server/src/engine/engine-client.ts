// The API's side of the engine: starts the engine's worker, applies the versions it publishes (as
// deltas) to a mirror, and forwards commands. Routers see it as the same EngineVersion and
// EngineCommands an in-process Engine offers; the database stays here, so the worker records
// transitions and reads sign-offs through the calls below.
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { indexPlan, type Plan, type PlanIndex } from '@yunqian/plan';
import { ConfigError, type Config } from '../config/config.ts';
import type { ClockOrigin } from '../lib/clock.ts';
import type {
  CapacityReport,
  CapacityTrend,
  SourceStatus,
  Stage,
  StageChange,
  TrackerState,
} from '../model/index.ts';
import type { HistoryStore } from '../service/history-store.ts';
import type { WorkflowRows } from '../sources/signoffs/store-source.ts';
import type { CapacityView, EngineVersion } from '../read-model/read-model.ts';
import { Channel } from './wire/channel.ts';
import { applyVersion, type VersionDelta, type VersionParts } from './wire/delta.ts';
import { labelsFor, type EngineCommands } from './engine.ts';
import {
  TO_API,
  TO_ENGINE,
  TOPICS,
  type EngineStatus,
  type EngineWorkerData,
  type Started,
} from './worker/protocol.ts';

export interface EngineClientOptions {
  config: Config;
  sandbox: boolean;
  clock: ClockOrigin | null;
  /** The database's history: the worker records transitions in it. */
  history: HistoryStore;
  readWorkflows: () => Promise<WorkflowRows>;
  log: { error: (o: object, m: string) => void };
}

export class EngineClient
  extends EventEmitter<{ state: [TrackerState, StageChange[]] }>
  implements EngineCommands
{
  private parts: VersionParts | null = null;
  private version: EngineVersion | null = null;
  private indexed: { plan: Plan; index: PlanIndex } | null = null;
  private status: EngineStatus = {
    sources: [],
    capacitySources: [],
    recomputeMs: 0,
    heap: { used: 0, limit: 0 },
  };
  private report: CapacityReport | null = null;
  private closing = false;
  /** Null when no Prometheus is configured. */
  capacity: CapacityView | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly channel: Channel,
    private readonly o: EngineClientOptions,
  ) {
    super();
  }

  /** Starts the worker; resolves once the engine has its first state. */
  static async start(o: EngineClientOptions): Promise<EngineClient> {
    const worker = new Worker(new URL('../lib/typescript-worker.mjs', import.meta.url), {
      workerData: {
        module: new URL('./worker/engine-worker.ts', import.meta.url).href,
        config: o.config,
        sandbox: o.sandbox,
        clock: o.clock,
        lastStages: [...o.history.lastStages()],
      } satisfies EngineWorkerData,
      ...(o.config.engine.heapMiB
        ? { resourceLimits: { maxOldGenerationSizeMb: o.config.engine.heapMiB } }
        : {}),
    });
    const channel = new Channel(worker);
    const client = new EngineClient(worker, channel, o);
    channel.handle(TO_API.recordHistory, async (changes: StageChange[]) => {
      await o.history.append(changes);
      const last = o.history.lastStages();
      return [...new Set(changes.map((c) => c.system))].flatMap((s): [string, Stage][] => {
        const stage = last.get(s);
        return stage ? [[s, stage]] : [];
      });
    });
    channel.handle(TO_API.readWorkflows, () => o.readWorkflows());
    channel.listen<VersionDelta>(TOPICS.version, (d) => client.apply(d));
    channel.listen<EngineStatus>(TOPICS.status, (s) => {
      client.status = s;
      if (s.capacityReport !== undefined) client.report = s.capacityReport;
    });
    const started = new Promise<Started>((resolve, reject) => {
      channel.listen<Started>(TOPICS.started, resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the engine's worker exited with code ${code}`)));
    });
    const s = await started.catch((e: Error) => ({ ok: false as const, error: e }));
    if (!s.ok) {
      await worker.terminate();
      const e = s.error;
      throw e.name === 'ConfigError' ? new ConfigError(e.message) : Object.assign(new Error(e.message), e);
    }
    worker.on('error', (err) => client.lost(err));
    worker.on('exit', (code) => client.lost(new Error(`the engine's worker exited with code ${code}`)));
    if (s.capacityConfigured)
      client.capacity = {
        // The newest report answered here is also what /metrics shows.
        report: async () => {
          const r = await channel.call<{ report: CapacityReport | null; sources: SourceStatus[] }>(
            TO_ENGINE.capacityReport,
          );
          client.status = { ...client.status, capacitySources: r.sources };
          return (client.report = r.report);
        },
        trends: () => channel.call<{ trends: CapacityTrend[]; stale: boolean }>(TO_ENGINE.capacityTrends),
      };
    return client;
  }

  /** The engine's latest version as applied here. */
  current(): EngineVersion {
    if (!this.version) throw new Error('the engine has published no version yet');
    return this.version;
  }

  sourceStatuses(): SourceStatus[] {
    return this.status.sources;
  }

  capacitySources(): SourceStatus[] {
    return this.status.capacitySources;
  }

  lastCapacityReport(): CapacityReport | null {
    return this.report;
  }

  recomputeMs(): number {
    return this.status.recomputeMs;
  }

  /** The engine thread's heap (V8 caps it on its own: engine.heapMiB). */
  heap(): { used: number; limit: number } {
    return this.status.heap;
  }

  /** A recompute of every system from the sources' current readings; resolves once it is applied here. */
  recompute(): Promise<void> {
    return this.channel.call(TO_ENGINE.recompute);
  }

  workflowsChanged(system: string): Promise<void> {
    return this.channel.call(TO_ENGINE.workflowsChanged, system);
  }

  tenantLabels(a: { department: string; network: string; system?: string | undefined }) {
    return labelsFor(this.o.config.tenancy, a);
  }

  labelNamespace(cluster: string, namespace: string, labels: Record<string, string>): Promise<void> {
    return this.channel.call(TO_ENGINE.labelNamespace, cluster, namespace, labels);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.channel.call(TO_ENGINE.close).catch(() => undefined);
    this.channel.close();
    await this.worker.terminate();
  }

  private apply(d: VersionDelta): void {
    const prevState = this.parts?.state ?? null;
    const parts = (this.parts = applyVersion(this.parts, d));
    // The index is built here from the plan this side holds (objects do not keep their identity
    // across the boundary), once per plan.
    if (parts.plan && this.indexed?.plan !== parts.plan)
      this.indexed = { plan: parts.plan, index: indexPlan(parts.plan) };
    const index = parts.plan ? this.indexed!.index : null;
    this.version = {
      version: parts.version,
      state: parts.state,
      plan: parts.plan,
      index,
      planStatus: parts.planStatus,
      stacks: parts.stacks,
      declared: parts.declared,
      sources: () => this.status.sources,
      clusters: () => parts.clusters,
    };
    this.status = { ...this.status, sources: d.sources };
    if (parts.state && parts.state !== prevState) this.emit('state', parts.state, d.changes);
  }

  /** The engine's thread died: the server cannot serve observed stages any more. */
  private lost(err: Error): void {
    if (this.closing) return;
    this.channel.fail(err);
    this.o.log.error({ err }, "the engine's worker stopped; exiting so that the server is restarted");
    process.exit(70);
  }
}
