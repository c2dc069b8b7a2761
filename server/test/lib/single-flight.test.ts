import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/lib/single-flight.ts';

/** A run that finishes only when the test says so. */
function gatedWork() {
  const gates: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  let started = 0;
  const flight = new SingleFlight(async () => {
    const n = ++started;
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise<void>((resolve) => gates.push(resolve));
    running--;
    return n;
  });
  const release = async () => {
    await expect.poll(() => gates.length).toBeGreaterThan(0);
    gates.shift()!();
  };
  return { flight, release, stats: () => ({ started, maxRunning }) };
}

describe('single-flight recompute', () => {
  it('runs at most one at a time and coalesces every trigger during a run into one more run', async () => {
    const { flight, release, stats } = gatedWork();
    const first = flight.run();
    // A burst of triggers while the first run is in progress: poll, cluster events, a sign-off.
    const burst = Array.from({ length: 50 }, () => flight.run());
    await release();
    expect(await first).toBe(1);
    await release();
    const results = await Promise.all(burst);
    // Every trigger got a run that started after it: the second, shared by all of them.
    expect(new Set(results)).toEqual(new Set([2]));
    expect(stats()).toEqual({ started: 2, maxRunning: 1 });
    expect(flight.busy).toBe(false);
  });

  it('a trigger after the waiting run has started waits for a run of its own', async () => {
    const { flight, release, stats } = gatedWork();
    const a = flight.run();
    const b = flight.run();
    await release(); // a finishes, b's run starts
    expect(await a).toBe(1);
    await expect.poll(() => stats().started).toBe(2);
    const c = flight.run(); // b's run is in progress: c must not share it
    await release();
    expect(await b).toBe(2);
    await release();
    expect(await c).toBe(3);
    expect(stats().maxRunning).toBe(1);
  });

  it('a failed run does not stop the next one', async () => {
    let n = 0;
    const flight = new SingleFlight(async () => {
      n++;
      if (n === 1) throw new Error('source down');
      return n;
    });
    await expect(flight.run()).rejects.toThrow('source down');
    expect(await flight.run()).toBe(2);
  });
});
