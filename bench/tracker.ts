// Tracker full recompute on the 10,000-system reference province, late in the plan.
import { indexPlan, loadPlan } from '@yunqian/plan';
import { time } from './lib.ts';
import { generateProvince, REFERENCE_SIZE } from '../migrations-plan/src/generate/province.ts';
import { track, DEFAULT_TRACKER_CONFIG } from '../server/src/tracker/index.ts';
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
  return {
    systems: plan.systems.length,
    organisations: plan.organisations.length,
    tenants: obs.tenants.length,
    planYamlBytes: texts.reduce((n, t) => n + t.text.length, 0),
    planLoadMs: Math.round(loadMs),
    trackerRecomputeMs: time(15, () => track(plan, obs, at, DEFAULT_TRACKER_CONFIG, index)),
    trackerRecomputeIncludingPlanIndexMs: time(15, () => track(plan, obs, at, DEFAULT_TRACKER_CONFIG)),
  };
}
