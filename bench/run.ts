// pnpm bench: fixed, generated inputs; prints figures to compare run to run and writes them to
// bench/results.json. Not part of the test run. The machine is noisy: compare within one run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchTracker } from './tracker.ts';
import { benchKubeMemory } from './kube-memory.ts';
import { benchKubeSync } from './kube-sync.ts';
import { benchCapacity } from './capacity.ts';
import { benchApiLoad, benchSoak } from './api-load.ts';
import { benchConsole } from './console.ts';
import { benchOverviewVsListing } from './overview-vs-listing.ts';
import { benchChurn } from './churn.ts';
import { benchReplicas } from './replicas.ts';
import { benchPlanner } from './planner.ts';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
// A partial run (pnpm bench capacity) updates its own entries and keeps the others.
const file = new URL('./results.json', import.meta.url);
const results: Record<string, unknown> = {
  ...(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {}),
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
};
if (want('tracker')) results.tracker = await benchTracker();
if (want('kube-memory')) results.kubeMemory = benchKubeMemory();
if (want('kube-sync'))
  results.kubeSync = await benchKubeSync(
    Number(process.env.BENCH_NAMESPACES ?? 40),
    Number(process.env.BENCH_PODS_PER_NAMESPACE ?? 250),
  );
if (want('capacity')) results.capacity = await benchCapacity();
if (want('api-load')) results.apiLoad = await benchApiLoad();
// Ten minutes: only when asked for by name (pnpm bench soak).
if (only.includes('soak')) results.soak = await benchSoak();
if (want('console')) results.console = await benchConsole();
if (want('overview-vs-listing')) results.overviewVsListing = await benchOverviewVsListing();
if (want('churn')) results.churn = await benchChurn();
if (want('replicas')) results.replicas = await benchReplicas();
if (want('planner')) results.planner = benchPlanner();
console.log(JSON.stringify(results, null, 2));
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
