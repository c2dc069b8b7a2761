// Every trigger at once — the poll, a burst of cluster events, sign-offs — on the live loop with a
// history store that is slow to write (as a database is): no change is recorded or published
// twice, and the newest observations always win.
import { describe, expect, it } from 'vitest';
import { TrackerService } from '../../src/service/tracker-service.ts';
import { MemoryHistory } from '../../src/service/history-store.ts';
import { MemorySignoffs } from '../../src/sources/signoffs/memory.ts';
import { ClusterCache } from '../../src/sources/kubernetes/cluster-cache.ts';
import { DEFAULT_TENANCY } from '../../src/sources/kubernetes/tenancy.ts';
import type { ClusterSource } from '../../src/sources/types.ts';
import type { PlanSource } from '../../src/sources/plan/plan-source.ts';
import type { Signoff, StageChange } from '../../src/model/index.ts';
import { CLUSTERS, NOW, testPlan } from '../tracker/fixtures.ts';

const plan = testPlan();

/** Real caches, fed the objects an API server would send; always synced. */
class FedClusters implements ClusterSource {
  readonly byId = new Map(CLUSTERS.map((c) => [c.id, new ClusterCache(c, () => NOW)]));
  clusters = () => CLUSTERS;
  caches = () => [...this.byId.values()];
  status = () =>
    CLUSTERS.map((c) => ({
      id: `kubernetes/${c.id}`,
      kind: 'kubernetes' as const,
      cluster: c.id,
      state: 'synced' as const,
    }));
  onChange() {}
  start = async () => undefined;
  stop = async () => undefined;
  labelNamespace = async () => undefined;

  namespace(system: string, cluster = 'in-1') {
    this.byId.get(cluster)!.apply('Namespace', 'ADDED', {
      metadata: {
        name: system,
        labels: {
          'yunqian.gov.cn/department': 'd1',
          'yunqian.gov.cn/system': system,
          'yunqian.gov.cn/network': cluster === 'in-1' ? 'internal' : 'external',
        },
        creationTimestamp: new Date('2026-03-01T00:00:00Z'),
      },
      status: { phase: 'Active' },
    } as never);
  }
}

/** A history that takes a while to write, so concurrent recomputes would overlap. */
class SlowHistory extends MemoryHistory {
  override async append(changes: readonly StageChange[]) {
    await new Promise((r) => setTimeout(r, 5));
    await super.append(changes);
  }
}

describe('concurrent triggers', () => {
  it('record and publish each change once, and the newest state wins', async () => {
    const clusters = new FedClusters();
    const history = new SlowHistory();
    const signed: Signoff[] = [];
    const tracker = new TrackerService({
      plan: { current: () => plan, onChange() {} } as unknown as PlanSource,
      clusters,
      stacks: null,
      traffic: null,
      signoffs: new MemorySignoffs(() => ({ signoffs: signed, blockers: [] })),
      history,
      tenancy: DEFAULT_TENANCY,
      tracker: { runningForMs: 0, servingThreshold: 0.1 },
      clock: () => NOW,
      pollMs: 60_000,
      log: { info() {}, warn() {} },
    });
    const published: StageChange[] = [];
    tracker.on('state', (_s, changes) => published.push(...changes));

    const triggers: Promise<unknown>[] = [tracker.recompute()];
    // A burst of cluster events, each followed by the recompute it triggers, interleaved with
    // polls and a sign-off of the retire system `old`.
    for (const system of ['app', 'secret', 'keep']) {
      clusters.namespace(system);
      triggers.push(tracker.recompute(), tracker.recompute());
    }
    signed.push({
      system: 'old',
      kind: 'legacy-retired',
      signedBy: 'dept',
      signedAt: NOW.toISOString(),
      confirmedBy: 'ops',
      confirmedAt: NOW.toISOString(),
    });
    triggers.push(tracker.recompute());
    clusters.namespace('web', 'ex-1');
    const last = tracker.recompute();
    await Promise.all([...triggers, last]);

    const key = (c: StageChange) => `${c.system} ${c.from}→${c.to}`;
    const recorded = history.all().map(key);
    expect(new Set(recorded).size).toBe(recorded.length);
    expect(published.map(key)).toEqual(recorded);
    // Each system moved at most once from where it started to where it is.
    for (const s of plan.systems) expect(history.forSystem(s.id).length).toBeLessThanOrEqual(2);
    // The newest observations: every namespace and the sign-off.
    const final = Object.fromEntries(tracker.state()!.systems.map((s) => [s.id, s.stage]));
    expect(await last).toBe(tracker.state());
    expect(final).toMatchObject({
      app: 'provisioned',
      secret: 'provisioned',
      web: 'provisioned',
      old: 'retired',
    });
    expect(tracker.counters.recomputes).toBeLessThan(triggers.length + 1);
  });
});
