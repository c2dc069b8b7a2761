import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPlanDir, type Plan } from '@yunqian/plan';
import { SandboxClusterSource } from '../../src/sources/sandbox/cluster-source.ts';
import { DEFAULT_TENANCY } from '../../src/sources/kubernetes/tenancy.ts';
import { loadConfig } from '../../src/config/config.ts';

const SAMPLE = new URL('../../../migrations-plan/', import.meta.url).pathname;
const { plan } = (await loadPlanDir(SAMPLE, { today: '2026-11-25' })) as { plan: Plan };

function sandbox(pods: number, eventsPerSecond = 0) {
  let now = Date.parse('2026-11-25T08:00:00Z');
  const clusters = new SandboxClusterSource(
    () => plan,
    () => new Date(now),
    DEFAULT_TENANCY.labelPrefix,
    {
      podChurn: { pods, eventsPerSecond },
    },
  );
  const podsInCaches = () => clusters.caches().reduce((n, c) => n + c.count('Pod'), 0);
  return { clusters, podsInCaches, later: (days: number) => (now += days * 86_400_000) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sandbox pod churn', () => {
  it('is off unless asked for', () => {
    expect(sandbox(0).clusters.podChurn()).toBeNull();
    expect(loadConfig({}).sandbox.podChurn).toBeUndefined();
    expect(
      loadConfig({ YUNQIAN_SANDBOX_CHURN_PODS: '200000', YUNQIAN_SANDBOX_CHURN_EVENTS_PER_SECOND: '200' })
        .sandbox.podChurn,
    ).toEqual({ pods: 200_000, eventsPerSecond: 200 });
  });

  it('seeds the pods asked for, owned by the sandbox Deployments, on every cluster', () => {
    const { clusters, podsInCaches } = sandbox(3000);
    clusters.tick();
    clusters.podChurn()!.seed();
    expect(podsInCaches()).toBe(3000);
    for (const cache of clusters.caches()) {
      const deployments = new Set(cache.list('Deployment').map((d) => `${d.namespace}/${d.name}`));
      const pods = cache.list('Pod');
      expect(pods.length).toBeGreaterThan(0);
      for (const p of pods.slice(0, 50)) {
        expect(p.owner).toMatch(/^ReplicaSet\//);
        expect(deployments.has(`${p.namespace}/${p.owner.split('/')[1]!.replace(/-[^-]+$/, '')}`)).toBe(true);
        expect(p.cpuRequest).toBeGreaterThan(0);
      }
    }
  });

  it('mixes additions, phase changes and deletions while the count stays within 2%', () => {
    const { clusters, podsInCaches } = sandbox(5000);
    const notified = vi.fn();
    clusters.onChange(notified);
    clusters.tick();
    notified.mockClear();
    const churn = clusters.podChurn()!;
    churn.seed();
    for (let i = 0; i < 20; i++) {
      churn.step(1000);
      expect(podsInCaches()).toBe(churn.pods);
      expect(churn.pods).toBeGreaterThanOrEqual(4900);
      expect(churn.pods).toBeLessThanOrEqual(5100);
    }
    expect(churn.applied.ADDED - 5000).toBeGreaterThan(2000);
    expect(churn.applied.DELETED).toBeGreaterThan(2000);
    expect(churn.applied.MODIFIED).toBeGreaterThan(8000);
    const phases = new Set(
      clusters.caches().flatMap((c) => c.list('Pod').map((p) => `${p.phase}/${p.ready}`)),
    );
    expect(phases).toEqual(new Set(['Pending/false', 'Running/true', 'Running/false']));
    // Pods change no stage: like a real cluster source, the churn schedules no recompute.
    expect(notified).not.toHaveBeenCalled();
  });

  it('survives ticks: the diff of emitted objects never touches churn pods', () => {
    const { clusters, podsInCaches, later } = sandbox(2000);
    clusters.tick();
    const churn = clusters.podChurn()!;
    churn.seed();
    churn.step(500);
    const held = churn.pods;
    // A year on, systems have moved on: namespaces and Deployments were added and removed.
    later(365);
    expect(clusters.tick()).toBe(true);
    expect(podsInCaches()).toBe(held);
    churn.step(500);
    expect(podsInCaches()).toBe(churn.pods);
  });

  it('applies events at the asked rate every 100 ms once started, until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { clusters } = sandbox(1000, 200);
    await clusters.start();
    const churn = clusters.podChurn()!;
    const events = () => churn.applied.ADDED + churn.applied.MODIFIED + churn.applied.DELETED - 1000;
    vi.advanceTimersByTime(100);
    expect(events()).toBe(20);
    vi.advanceTimersByTime(2900);
    expect(events()).toBe(600);
    await clusters.stop();
    vi.advanceTimersByTime(1000);
    expect(events()).toBe(600);
  });
});
