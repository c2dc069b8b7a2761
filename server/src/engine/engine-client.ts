// The API's side of the engine's worker: starts it, passes the versions it publishes (as deltas)
// to the mirror, and forwards commands. The database stays on this side, so the worker records
// transitions and reads sign-offs through the calls below.
import type { Worker } from 'node:worker_threads';
import { ConfigError, type Config } from '../config/config.ts';
import type { ClockOrigin } from '../lib/clock.ts';
import type { CapacityReport, CapacityTrend, SourceStatus, Stage, StageChange } from '../model/index.ts';
import type { HistoryStore } from '../service/history-store.ts';
import type { WorkflowRows } from '../sources/signoffs/store-source.ts';
import type { CapacityView } from '../read-model/read-model.ts';
import type { EngineMirror } from './mirror.ts';
import { startWorker } from '../lib/layout.ts';
import { Channel } from './wire/channel.ts';
import type { VersionDelta } from './wire/delta.ts';
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
  /** Where the versions the worker publishes are applied. */
  mirror: EngineMirror;
  log: { error: (o: object, m: string) => void };
}

/** What the API may ask of the engine, wherever it runs. */
export interface EngineAccess extends EngineCommands {
  /** A recompute of every system from the sources' current readings; resolves once it is applied here. */
  recompute(): Promise<void>;
  /** Null when no Prometheus is configured. */
  readonly capacity: CapacityView | null;
  close(): Promise<void>;
}

/** The engine in a worker thread of this process. */
export class EngineClient implements EngineAccess {
  private closing = false;
  capacity: CapacityView | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly channel: Channel,
    private readonly o: EngineClientOptions,
  ) {}

  /** Starts the worker; resolves once the engine has its first state. */
  static async start(o: EngineClientOptions): Promise<EngineClient> {
    const worker = startWorker(new URL('./worker/engine-worker.ts', import.meta.url), 'engine-worker', {
      workerData: {
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
    // A new engine starts from nothing: its first version is whole.
    o.mirror.reset();
    channel.listen<VersionDelta>(TOPICS.version, (d) => o.mirror.apply(d));
    channel.listen<EngineStatus>(TOPICS.status, (s) => o.mirror.setStatus(s));
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
          o.mirror.setCapacity(r.report, r.sources);
          return r.report;
        },
        trends: () => channel.call<{ trends: CapacityTrend[]; stale: boolean }>(TO_ENGINE.capacityTrends),
      };
    return client;
  }

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

  /** The engine's thread died: the server cannot serve observed stages any more. */
  private lost(err: Error): void {
    if (this.closing) return;
    this.channel.fail(err);
    this.o.log.error({ err }, "the engine's worker stopped; exiting so that the server is restarted");
    process.exit(70);
  }
}
