// The engine's thread. It owns the sources, the plan, the tracker and capacity (compose.ts) and
// publishes each new version to the API's thread as a delta; the API's event loop never runs a
// recompute, a watch event or a plan parse. The database stays with the API: transitions and
// sign-offs cross the boundary as calls (protocol.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { pino } from 'pino';
import { Channel } from '../wire/channel.ts';
import { encodeVersion, type VersionParts } from '../wire/delta.ts';
import { clockOf } from '../../lib/clock.ts';
import { composeEngine, type ComposedEngine } from '../compose.ts';
import { BridgedHistory } from './bridged-history.ts';
import type { CapacityReport, Stage, StageChange } from '../../model/index.ts';
import type { WorkflowRows } from '../../sources/signoffs/store-source.ts';
import {
  TO_API,
  TO_ENGINE,
  TOPICS,
  type EngineStatus,
  type EngineWorkerData,
  type Started,
} from './protocol.ts';

const data = workerData as EngineWorkerData;
const channel = new Channel(parentPort!);
const log = pino({ level: data.config.log.level, base: { thread: 'engine' } });

/** How often health (and a version the poll made without a state change) reaches the API. */
const STATUS_MS = 1000;

class Publisher {
  private sent: VersionParts | null = null;
  private changes: StageChange[] = [];
  private lastReport: CapacityReport | null | undefined = undefined;

  constructor(private readonly e: ComposedEngine) {
    e.tracker.on('state', (_state, changes) => {
      this.changes.push(...changes);
      this.publish();
    });
  }

  /** Posts the current version if the API has not seen it. */
  publish(): void {
    const v = this.e.engine.current();
    if (this.sent?.version === v.version) return;
    const { delta, parts } = encodeVersion(this.sent, v, this.changes);
    this.changes = [];
    this.sent = parts;
    channel.post(TOPICS.version, delta);
  }

  status(): void {
    this.publish();
    const report = this.e.capacity.lastReport();
    const status: EngineStatus = {
      sources: this.e.tracker.sourceStatuses(),
      capacitySources: this.e.capacity.status(),
      recomputeMs: this.e.tracker.recomputeMs,
      heap: { used: getHeapStatistics().used_heap_size, limit: getHeapStatistics().heap_size_limit },
    };
    if (report !== this.lastReport) status.capacityReport = this.lastReport = report;
    channel.post(TOPICS.status, status);
  }
}

async function main() {
  const history = new BridgedHistory(new Map(data.lastStages), (changes) =>
    channel.call<[string, Stage][]>(TO_API.recordHistory, changes),
  );
  const engine = await composeEngine({
    config: data.config,
    sandbox: data.sandbox,
    clock: clockOf(data.clock),
    log,
    history,
    readWorkflows: () => channel.call<WorkflowRows>(TO_API.readWorkflows),
  });
  const publisher = new Publisher(engine);
  channel.handle(TO_ENGINE.workflowsChanged, async (system: string) => {
    await engine.engine.workflowsChanged(system);
    publisher.publish();
  });
  channel.handle(
    TO_ENGINE.labelNamespace,
    async (cluster: string, ns: string, labels: Record<string, string>) => {
      await engine.engine.labelNamespace(cluster, ns, labels);
      publisher.publish();
    },
  );
  channel.handle(TO_ENGINE.recompute, async () => {
    await engine.tracker.recompute();
    publisher.publish();
  });
  // With the readers' health as of this report (what /metrics shows beside it).
  channel.handle(TO_ENGINE.capacityReport, async () => ({
    report: await engine.capacity.report(),
    sources: engine.capacity.status(),
  }));
  channel.handle(TO_ENGINE.capacityTrends, () => engine.capacity.trends());
  let timer: NodeJS.Timeout | null = null;
  channel.handle(TO_ENGINE.close, async () => {
    if (timer) clearInterval(timer);
    await engine.close();
  });
  await engine.start();
  publisher.status();
  timer = setInterval(() => publisher.status(), STATUS_MS);
  channel.post(TOPICS.started, {
    ok: true,
    capacityConfigured: engine.capacity.configured,
  } satisfies Started);
}

main().catch((e: Error) => {
  log.error({ err: e }, 'engine failed to start');
  channel.post(TOPICS.started, {
    ok: false,
    error: { name: e.name, message: e.message },
  } satisfies Started);
});
