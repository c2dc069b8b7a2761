// The has-synced gate and stable versions on small hand-made inputs.
import { describe, expect, it } from 'vitest';
import { track, diffStages } from '../../src/tracker/index.ts';
import { stabilize } from '../../src/engine/stable.ts';
import { unsyncedByNetwork } from '../../src/engine/sync-gate.ts';
import type { SourceStatus, Stage } from '../../src/model/index.ts';
import { CLUSTERS, NOW, obs, readyWorkload, tenant, testPlan } from '../tracker/fixtures.ts';

const plan = testPlan();
const later = new Date(NOW.getTime() + 60_000);
const status = (id: string, state: SourceStatus['state'], cluster?: string): SourceStatus => ({
  id,
  kind: cluster ? 'kubernetes' : 'pulumi',
  state,
  ...(cluster ? { cluster } : {}),
});
const recorded = new Map<string, Stage>([
  ['app', 'serving'],
  ['web', 'provisioned'],
]);

describe('has-synced gate', () => {
  it('names the never-synced sources per network: a cluster for its own network, a cloud-wide source for both', () => {
    const u = unsyncedByNetwork(CLUSTERS, [
      status('kubernetes/in-1', 'connecting', 'in-1'),
      status('kubernetes/ex-1', 'stale', 'ex-1'),
      status('pulumi/diy', 'failed'),
    ]);
    expect(u.internal.map((s) => s.id)).toEqual(['kubernetes/in-1', 'pulumi/diy']);
    // A stale source has synced once: its cache holds the last known objects.
    expect(u.external.map((s) => s.id)).toEqual(['pulumi/diy']);
  });

  it('a system on an unsynced network keeps its recorded stage, health unknown, and records nothing', () => {
    const sources = [
      status('kubernetes/in-1', 'connecting', 'in-1'),
      status('kubernetes/ex-1', 'synced', 'ex-1'),
    ];
    const state = track(
      plan,
      obs({
        sources,
        // The external cluster has listed: `web` is really there.
        tenants: [tenant('web', { workloads: [readyWorkload()] })],
        unsynced: unsyncedByNetwork(CLUSTERS, sources),
        recordedStages: recorded,
      }),
      NOW,
    );
    const app = state.systems.find((s) => s.id === 'app')!;
    expect(app.stage).toBe('serving');
    expect(app.stageFrom).toBe('recorded');
    expect(app.health).toBe('unknown');
    expect(app.evidence.at(-1)).toMatchObject({
      code: 'held-until-synced',
      params: { sources: 'kubernetes/in-1' },
    });
    // Never recorded, unsynced: shown as computed, still not recorded.
    expect(state.systems.find((s) => s.id === 'secret')!.stageFrom).toBe('recorded');
    const changes = diffStages(null, state, recorded);
    // Without a metrics source, running counts as serving. `keep` is retained by the plan itself.
    expect(changes.map((c) => [c.system, c.from, c.to])).toEqual([
      ['web', 'provisioned', 'serving'],
      ['old', null, 'planned'],
      ['keep', null, 'retained'],
      ['other', null, 'planned'],
    ]);
    // The rate counts the held stage, not an empty cache.
    expect(state.rollups.networks.internal.byStage.serving).toBe(1);
  });

  it('a first version after a restart records only what changed since the last recorded stage', () => {
    const state = track(
      plan,
      obs({
        tenants: [tenant('app', { workloads: [readyWorkload()] })],
        recordedStages: recorded,
        unsynced: { internal: [], external: [] },
      }),
      NOW,
    );
    const changes = diffStages(
      null,
      state,
      new Map([
        ...recorded,
        ['secret', 'planned'],
        ['web', 'planned'],
        ['other', 'planned'],
        ['old', 'planned'],
        ['keep', 'retained'],
      ]),
    );
    expect(changes).toEqual([]);
  });

  it('once the sources sync, a held system is compared with its recorded stage, not the stage shown while held', () => {
    const unsynced = unsyncedByNetwork(CLUSTERS, [status('kubernetes/in-1', 'connecting', 'in-1')]);
    const held = track(plan, obs({ unsynced, recordedStages: new Map() }), NOW);
    expect(held.systems.find((s) => s.id === 'secret')).toMatchObject({
      stage: 'planned',
      stageFrom: 'recorded',
    });
    const synced = track(plan, obs({ tenants: [tenant('app')] }), later);
    const changes = diffStages(held, synced, new Map());
    expect(
      changes.filter((c) => c.system === 'secret' || c.system === 'app').map((c) => [c.system, c.from, c.to]),
    ).toEqual([
      ['app', null, 'provisioned'],
      ['secret', null, 'planned'],
    ]);
  });
});

describe('stable versions', () => {
  const o = obs({ tenants: [tenant('app', { workloads: [readyWorkload()] })] });

  it('a recompute that finds nothing new is the previous version itself', () => {
    const v1 = track(plan, o, NOW);
    const v2 = stabilize(v1, track(plan, o, later));
    expect(v2).toBe(v1);
  });

  it('unchanged systems are the same objects; evidence keeps the time it was first observed', () => {
    const v1 = track(plan, o, NOW);
    const v2 = stabilize(v1, track(plan, obs({ tenants: [...o.tenants, tenant('web')] }), later));
    expect(v2).not.toBe(v1);
    const by = (s: typeof v1, id: string) => s.systems.find((x) => x.id === id)!;
    expect(by(v2, 'app')).toBe(by(v1, 'app'));
    expect(by(v2, 'web')).not.toBe(by(v1, 'web'));
    // `web`'s plan evidence was seen at NOW and is still the same fact.
    expect(by(v2, 'web').evidence[0]!.observedAt).toBe(NOW.toISOString());
    expect(by(v2, 'web').evidence[1]!.observedAt).toBe(later.toISOString());
    expect(v2.rollups.networks.external.byStage.provisioned).toBe(1);
  });
});
