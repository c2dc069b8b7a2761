// pnpm bench: fixed, generated inputs; prints figures to compare run to run and writes them to
// bench/results.json. Reference province: 10,000 systems.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { indexPlan, loadPlan } from '@yunqian/plan';
import { generateProvince, REFERENCE_SIZE } from '../migrations-plan/src/generate/province.ts';
import { track, DEFAULT_TRACKER_CONFIG } from '../server/src/tracker/index.ts';
import { SandboxClusterSource } from '../server/src/sources/sandbox/cluster-source.ts';
import { sandboxSignoffs } from '../server/src/sources/sandbox/signoffs.ts';
import { observe } from '../server/src/service/observe.ts';
import { MemorySignoffs } from '../server/src/sources/signoffs/memory.ts';
import { DEFAULT_TENANCY } from '../server/src/sources/kubernetes/tenancy.ts';

// Late in the plan, when most systems have tenants and workloads: the heaviest recompute.
const at = new Date('2027-09-01T08:00:00Z');
const texts = generateProvince(REFERENCE_SIZE);
const t0 = performance.now();
const { plan, problems } = loadPlan(texts, { today: '2026-11-25' });
if (!plan) throw new Error(problems.filter((p) => p.severity === 'error').slice(0, 3).map((p) => p.message).join('; '));
const loadMs = performance.now() - t0;
const clusters = new SandboxClusterSource(() => plan, () => at, DEFAULT_TENANCY.labelPrefix);
clusters.tick();
const obs = observe(clusters, new MemorySignoffs(() => ({ signoffs: sandboxSignoffs(plan, at.getTime()), blockers: [] })), DEFAULT_TENANCY, { declared: null, traffic: null, sources: [] });
/** Median, min and max of n timed runs after two warm-up runs. */
function time(n: number, f: () => void) {
  const runs: number[] = [];
  for (let i = 0; i < n + 2; i++) {
    const start = performance.now();
    f();
    runs.push(performance.now() - start);
  }
  const sorted = runs.slice(2).sort((a, b) => a - b);
  return { median: +sorted[Math.floor(sorted.length / 2)]!.toFixed(1), min: +sorted[0]!.toFixed(1), max: +sorted.at(-1)!.toFixed(1) };
}
// The live service keeps the plan index while the plan is unchanged; a plan change re-indexes.
const index = indexPlan(plan);
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  systems: plan.systems.length,
  organisations: plan.organisations.length,
  tenants: obs.tenants.length,
  planYamlBytes: texts.reduce((n, t) => n + t.text.length, 0),
  planLoadMs: Math.round(loadMs),
  trackerRecomputeMs: time(15, () => track(plan, obs, at, DEFAULT_TRACKER_CONFIG, index)),
  trackerRecomputeIncludingPlanIndexMs: time(15, () => track(plan, obs, at, DEFAULT_TRACKER_CONFIG)),
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
