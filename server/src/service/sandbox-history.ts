// The sandbox province has a past: replay it every few days from the first planned start up to
// the sandbox's present through the same readers and tracker, so the history, burn-up charts and
// forecasts have real data on first start.
import type { Plan } from '@yunqian/plan';
import { indexPlan } from '@yunqian/plan';
import { track, diffStages, type TrackerConfig } from '../tracker/index.ts';
import type { TrackerState } from '../model/index.ts';
import type { TenancyConfig } from '../sources/kubernetes/tenancy.ts';
import { SandboxClusterSource } from '../sources/sandbox/cluster-source.ts';
import { sandboxCheckpoint } from '../sources/sandbox/pulumi.ts';
import { sandboxPrometheus } from '../sources/sandbox/prometheus.ts';
import { sandboxSignoffs } from '../sources/sandbox/signoffs.ts';
import { parseDeployment } from '../sources/pulumi/checkpoint.ts';
import { declaredTenants } from '../sources/pulumi/declared.ts';
import { PrometheusClient } from '../sources/prometheus/client.ts';
import { PromTrafficSource } from '../sources/prometheus/traffic-source.ts';
import { MemorySignoffs } from '../sources/signoffs/memory.ts';
import { observe } from './observe.ts';
import type { StageLog } from './history-store.ts';

const DAY = 86_400_000;

export async function replaySandboxHistory(
  plan: Plan,
  until: Date,
  tenancy: TenancyConfig,
  config: TrackerConfig,
  history: StageLog,
  stepDays = 7,
  /** Told how far the replay has come (0–1), about every tenth of the way. */
  progress: (done: number) => void = () => undefined,
): Promise<TrackerState | null> {
  let t = Math.min(...plan.systems.map((s) => Date.parse(s.start))) - DAY;
  const from = t;
  let told = 0;
  const clock = () => new Date(t);
  const clusters = new SandboxClusterSource(() => plan, clock, tenancy.labelPrefix);
  const traffic = new PromTrafficSource(
    'prometheus/sandbox',
    new PrometheusClient(sandboxPrometheus(() => plan, clock)),
  );
  const signoffs = new MemorySignoffs(() => ({ signoffs: sandboxSignoffs(plan, t), blockers: [] }));
  const index = indexPlan(plan);
  let prev: TrackerState | null = null;
  for (; t < until.getTime(); t += stepDays * DAY) {
    clusters.tick();
    const declared = (['internal', 'external'] as const).flatMap((n) => {
      const { deployment } = parseDeployment(sandboxCheckpoint(plan, n, t, tenancy.labelPrefix), 'sandbox');
      return declaredTenants(
        {
          project: 'yunqian-tenants',
          stack: n,
          file: '',
          deployment,
          modifiedAt: clock().toISOString(),
          inProgress: false,
        },
        'sandbox',
        tenancy.labelPrefix,
      );
    });
    const obs = observe(clusters, signoffs, tenancy, {
      declared,
      traffic: await traffic.traffic(),
      sources: [],
    });
    const next = track(plan, obs, clock(), config, index);
    await history.append(diffStages(prev, next));
    prev = next;
    const done = (t - from) / (until.getTime() - from);
    if (done - told >= 0.1) progress((told = done));
  }
  return prev;
}
