// The functions a V8 CPU profile (node --cpu-prof) spent most self time in:
// `tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]`. Self time of a node is its share of
// the samples; nodes of one function (same name, file, line, column) are summed.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = '15'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const root = `${process.cwd()}/`;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<string, number>();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const f = byId.get(id)!.callFrame;
  // The sample's time is the delta to the next one (V8 records the delta before each sample).
  const us = profile.timeDeltas[i + 1] ?? 0;
  const path = f.url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(root, '');
  // tsx compiles a module to one line: the column tells its functions apart.
  const where = path ? `${path}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
  selfUs.set(key, (selfUs.get(key) ?? 0) + us);
  totalUs += us;
});
console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled`);
for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(count)))
  console.log(
    `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${key}`,
  );
