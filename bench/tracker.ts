// Tracker full recompute on the 10,000-system reference province, late in the plan.
import { indexPlan, loadPlan } from '@yunqian/plan';
import { time } from './lib.ts';
import { generateProvince, REFERENCE_SIZE } from '../migrations-plan/src/generate/province.ts';
import { retrack, track, DEFAULT_TRACKER_CONFIG } from '../server/src/tracker/index.ts';
import { stabilize } from '../server/src/engine/stable.ts';
import { WorkerPlanParser, inThread, type PlanParser } from '../server/src/sources/plan/plan-parser.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SandboxClusterSource } from '../server/src/sources/sandbox/cluster-source.ts';
import { sandboxSignoffs } from '../server/src/sources/sandbox/signoffs.ts';
import { observe } from '../server/src/service/observe.ts';
import { MemorySignoffs } from '../server/src/sources/signoffs/memory.ts';
import { DEFAULT_TENANCY } from '../server/src/sources/kubernetes/tenancy.ts';

export async function benchTracker() {
  // Late in the plan, when most systems have tenants and workloads: the heaviest recompute.
  const at = new Date('2027-09-01T08:00:00Z');
  const texts = generateProvince(REFERENCE_SIZE);
  const t0 = performance.now();
  const { plan, problems } = loadPlan(texts, { today: '2026-11-25' });
  if (!plan)
    throw new Error(
      problems
        .filter((p) => p.severity === 'error')
        .slice(0, 3)
        .map((p) => p.message)
        .join('; '),
    );
  const loadMs = performance.now() - t0;
  const clusters = new SandboxClusterSource(
    () => plan,
    () => at,
    DEFAULT_TENANCY.labelPrefix,
  );
  clusters.tick();
  const obs = observe(
    clusters,
    new MemorySignoffs(() => ({ signoffs: sandboxSignoffs(plan, at.getTime()), blockers: [] })),
    DEFAULT_TENANCY,
    { declared: null, traffic: null, sources: [] },
  );
  // The live service keeps the plan index while the plan is unchanged; a plan change re-indexes.
  const index = indexPlan(plan);
  // One tenant's workload changes (a rollout), applied to the cluster cache as a watch event
  // would be. The old way: every tenant derived again from the caches, every system tracked and
  // compared. The new way: the changed namespace derived again, its system tracked, the rest kept.
  const signoffs = new MemorySignoffs(() => ({
    signoffs: sandboxSignoffs(plan, at.getTime()),
    blockers: [],
  }));
  const readings = { declared: null, traffic: null, sources: [] };
  const cache = clusters.caches().find((c) => c.tenants(DEFAULT_TENANCY).tenants.some((t) => t.system))!;
  const changed = cache.tenants(DEFAULT_TENANCY).tenants.find((t) => t.system && t.workloads.length)!;
  let ready = 0;
  const rollout = () => {
    ready = 1 - ready;
    cache.apply('Deployment', 'MODIFIED', {
      metadata: { name: changed.workloads[0]!.name, namespace: changed.namespace },
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: ready, availableReplicas: ready },
    } as never);
    cache.takeChangedNamespaces();
  };
  let prev = track(plan, obs, at, DEFAULT_TRACKER_CONFIG, index);
  const ids = new Set([changed.system!]);
  const singleTenantChange = {
    full: time(15, () => {
      rollout();
      // A tenancy configuration the cache has not seen: every namespace is derived again.
      const o = observe(clusters, signoffs, { ...DEFAULT_TENANCY }, readings);
      prev = stabilize(prev, track(plan, o, at, DEFAULT_TRACKER_CONFIG, index));
    }),
    incremental: time(15, () => {
      rollout();
      const o = observe(clusters, signoffs, DEFAULT_TENANCY, readings);
      prev = stabilize(prev, retrack(prev, ids, plan, o, at, DEFAULT_TRACKER_CONFIG, index));
    }),
  };
  return {
    systems: plan.systems.length,
    organisations: plan.organisations.length,
    tenants: obs.tenants.length,
    planYamlBytes: texts.reduce((n, t) => n + t.text.length, 0),
    planLoadMs: Math.round(loadMs),
    trackerRecomputeMs: time(15, () => track(plan, obs, at, DEFAULT_TRACKER_CONFIG, index)),
    trackerRecomputeIncludingPlanIndexMs: time(15, () => track(plan, obs, at, DEFAULT_TRACKER_CONFIG)),
    singleTenantChangeMs: singleTenantChange,
    planLoadEventLoopBlockMs: await planLoadBlock(texts),
  };
}

/**
 * How long the API's event loop is held while the plan folder is read: parsed on that thread,
 * or in the server's worker (which leaves only the plan's structured clone on the loop).
 */
async function planLoadBlock(texts: { name: string; text: string }[]) {
  const dir = mkdtempSync(join(tmpdir(), 'yq-bench-plan-'));
  for (const t of texts) {
    mkdirSync(dirname(join(dir, t.name)), { recursive: true });
    writeFileSync(join(dir, t.name), t.text);
  }
  const worst = async (parser: PlanParser) => {
    const blocks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const h = monitorEventLoopDelay({ resolution: 5 });
      h.enable();
      await parser.load(dir, '2026-11-25');
      await new Promise((r) => setTimeout(r, 20));
      h.disable();
      blocks.push(h.max / 1e6);
    }
    parser.close();
    const sorted = blocks.slice(1).sort((a, b) => a - b);
    return { median: Math.round(sorted[Math.floor(sorted.length / 2)]!), max: Math.round(sorted.at(-1)!) };
  };
  try {
    return { inThread: await worst(inThread), worker: await worst(new WorkerPlanParser()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
