import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Median, min and max of n timed runs after two warm-up runs, in ms. */
export function time(n: number, f: () => void) {
  const runs: number[] = [];
  for (let i = 0; i < n + 2; i++) {
    const start = performance.now();
    f();
    runs.push(performance.now() - start);
  }
  const sorted = runs.slice(2).sort((a, b) => a - b);
  return {
    median: +sorted[Math.floor(sorted.length / 2)]!.toFixed(1),
    min: +sorted[0]!.toFixed(1),
    max: +sorted.at(-1)!.toFixed(1),
  };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after full collections, in bytes. */
export function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `f` over `items` with at most `concurrency` calls in flight. */
export async function pool<T>(items: T[], concurrency: number, f: (t: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}
