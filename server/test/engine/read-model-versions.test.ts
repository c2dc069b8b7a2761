// The engine publishes a version only when something the API reads changed, and an unchanged
// part stays the same object (so answers derived from it are not recomputed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxApi } from '../fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

describe('read model versions', () => {
  it('keeps the version while nothing changes, and moves on when the state does', async () => {
    const first = api.readModel();
    expect(api.readModel()).toBe(first);
    // A recompute on the same readings finds nothing new: same version, same state object.
    await api.tracker.recompute();
    expect(api.readModel()).toBe(first);
    // An operator raises a blocker: the stage figures change, so does the version, and the
    // previous version is left as it was (immutable for readers still holding it).
    const s = api.tracker.state()!.systems.find((x) => x.blockers.length === 0 && x.inScope)!;
    const before = first.state;
    await api.caller({ id: 'op', name: 'Op', role: 'operator' }).workflows.raiseBlocker({
      system: s.id,
      reason: 'Firewall change pending',
    });
    const next = api.readModel();
    expect(next.version).toBeGreaterThan(first.version);
    expect(next.state).not.toBe(before);
    expect(first.state).toBe(before);
    expect(next.state!.systems.find((x) => x.id === s.id)!.blockers.length).toBe(1);
    expect(first.state!.systems.find((x) => x.id === s.id)!.blockers.length).toBe(0);
    // Systems that did not change are the same objects in both versions.
    const unchanged = first.state!.systems.find((x) => x.id !== s.id && x.department !== s.department)!;
    expect(next.state!.systems.find((x) => x.id === unchanged.id)).toBe(unchanged);
  });
});

describe('incremental recompute', () => {
  it('a namespace relabelled to a system re-evaluates only what it concerns, and a full run finds nothing it missed', async () => {
    const [c] = api.clusters.caches().filter((x) => x.tenants(api.tenancy).unassigned.length > 0);
    const ns = c!.tenants(api.tenancy).unassigned[0]!;
    const state = api.tracker.state()!;
    const target = state.systems.find((s) => s.network === c!.cluster.network)!;
    const runs = { ...api.tracker.counters };
    await api.engine.labelNamespace(
      c!.cluster.id,
      ns.name,
      api.engine.tenantLabels({ department: target.department, network: target.network, system: target.id }),
    );
    await api.tracker.recomputeSystems([]);
    expect(api.tracker.counters.incremental).toBe(runs.incremental + 1);
    const incremental = api.tracker.state()!;
    expect(incremental).not.toBe(state);
    expect(incremental.systems.find((s) => s.id === target.id)).not.toBe(target);
    // Every other system is the same object as before.
    const changed = incremental.systems.filter((s, i) => s !== state.systems[i]).map((s) => s.id);
    expect(changed).toEqual([target.id]);
    // A full run at the same moment agrees with the incremental one: nothing new to publish.
    await api.tracker.recompute();
    expect(api.tracker.state()).toBe(incremental);
  });
});
