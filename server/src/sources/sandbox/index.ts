// The sandbox province: with no cluster configured, Yunqian runs on the sample plan plus
// generated clusters, stacks and metrics for both networks. Everything reaches the tracker
// through the production readers: ClusterCache, the DIY stack reader, the Prometheus client.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '@yunqian/plan';
import { SandboxClusterSource } from './cluster-source.ts';
import type { ChurnLog, PodChurnOptions } from './churn.ts';
import { writeSandboxBackend } from './pulumi.ts';
import { sandboxPrometheus } from './prometheus.ts';
import { sandboxSignoffs } from './signoffs.ts';
import { DiyStackSource } from '../pulumi/diy-source.ts';
import { PrometheusClient, type PromTransport } from '../prometheus/client.ts';
import { PromTrafficSource } from '../prometheus/traffic-source.ts';
import { MemorySignoffs } from '../signoffs/memory.ts';

export interface SandboxOptions {
  plan: () => Plan | null;
  clock: () => Date;
  labelPrefix: string;
  /** Where the sandbox writes its Pulumi backend; a fresh temporary directory by default. */
  stateDir?: string | undefined;
  /** A real Prometheus to read instead of the sandbox's stand-in (its series for this province). */
  prometheus?: PromTransport | undefined;
  /** Extra pods and a steady stream of pod events (config sandbox.podChurn; benchmarks). */
  podChurn?: PodChurnOptions | undefined;
  /** The server's logger (pino), for the pod churn's reports. */
  log?: { child(bindings: object, options: { level: string }): ChurnLog } | undefined;
}

/** Example unit prices for the sandbox's showback (yuan). */
export const SANDBOX_PRICES = {
  currency: 'CNY',
  cpuCoreHour: 0.12,
  memoryGiBHour: 0.025,
  storageGiBMonth: 0.35,
};

export async function createSandbox(o: SandboxOptions) {
  const stateDir = o.stateDir ?? (await mkdtemp(join(tmpdir(), 'yunqian-sandbox-')));
  const clusters = new SandboxClusterSource(o.plan, o.clock, o.labelPrefix, {
    podChurn: o.podChurn,
    // The churn's seeding and event rate are what a benchmark reads: reported at info even when
    // the server logs only warnings (its request log would distort the benchmark).
    log: o.log?.child({ source: 'sandbox/pod-churn' }, { level: 'info' }),
  });
  const stacks = new DiyStackSource(stateDir, o.labelPrefix);
  const prometheus = o.prometheus ?? sandboxPrometheus(o.plan, o.clock);
  const traffic = new PromTrafficSource('prometheus/sandbox', new PrometheusClient(prometheus));
  const signoffs = new MemorySignoffs(() => {
    const plan = o.plan();
    return { signoffs: plan ? sandboxSignoffs(plan, o.clock().getTime()) : [], blockers: [] };
  });
  // Advances are serialised: the ticker and the service's poll must not write the backend at once.
  let advancing: Promise<void> = Promise.resolve();
  // A stopped clock (speed 0: tests and benchmarks) leaves the province as it is: nothing to write.
  let written: { plan: Plan; at: number } | null = null;
  const advanceOnce = async () => {
    const plan = o.plan();
    if (!plan) return;
    const at = o.clock().getTime();
    if (written?.plan === plan && written.at === at) return;
    await writeSandboxBackend(stateDir, plan, at, o.labelPrefix);
    written = { plan, at };
    clusters.tick();
  };
  return {
    stateDir,
    clusters,
    stacks,
    traffic,
    prometheus,
    signoffs,
    /** Advances the sandbox to the clock's time: rewrites the stacks and emits cluster events. */
    advance(): Promise<void> {
      advancing = advancing.catch(() => undefined).then(advanceOnce);
      return advancing;
    },
    /** Removes the backend directory if the sandbox created it. */
    async close(): Promise<void> {
      await clusters.stop();
      await advancing.catch(() => undefined);
      if (!o.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}
export type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
