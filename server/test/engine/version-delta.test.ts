// The API's thread holds the engine's versions only as the deltas it is sent: applying them, after
// a real structured clone (what postMessage does), must give exactly the engine's version, and a
// delta must carry only what changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxApi } from '../fixtures/sandbox-api.ts';
import {
  applyList,
  applyVersion,
  diffList,
  encodeVersion,
  VersionGap,
  type VersionParts,
} from '../../src/engine/wire/delta.ts';
import type { EngineVersion } from '../../src/read-model/read-model.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

/** What the API side sees of a version, in comparable form. */
const seen = (v: EngineVersion | VersionParts) => ({
  state: v.state,
  plan: v.plan,
  planStatus: v.planStatus,
  stacks: v.stacks,
  declared: v.declared,
  clusters: typeof v.clusters === 'function' ? v.clusters() : v.clusters,
});

describe('keyed lists', () => {
  const key = (x: { id: string }) => x.id;
  it('sends the changed items, and the order only when the keys changed', () => {
    const a = { id: 'a', n: 1 };
    const b = { id: 'b', n: 1 };
    const b2 = { id: 'b', n: 2 };
    const c = { id: 'c', n: 1 };
    expect(diffList([a, b], [a, b], key)).toEqual({ changed: [] });
    expect(diffList([a, b], [a, b2], key)).toEqual({ changed: [b2] });
    expect(diffList([a, b], [c, a], key)).toEqual({ changed: [c], order: ['c', 'a'] });
    expect(applyList([a, b], { changed: [c], order: ['c', 'a'] }, key)).toEqual([c, a]);
    expect(applyList([a, b], { changed: [b2] }, key)).toEqual([a, b2]);
    // Nothing changed: the receiver keeps its own list object.
    const list = [a, b];
    expect(applyList(list, { changed: [] }, key)).toBe(list);
  });
});

describe('version deltas', () => {
  it('the first version goes whole; a blocker sends one system, and the mirror equals the engine', async () => {
    const first = api.engine.current();
    const one = encodeVersion(null, first, []);
    let mirror = applyVersion(null, structuredClone(one.delta));
    expect(seen(mirror)).toEqual(seen(first));

    const s = first.state!.systems.find((x) => x.blockers.length === 0 && x.inScope)!;
    await api.caller({ id: 'op', name: 'Op', role: 'operator' }).workflows.raiseBlocker({
      system: s.id,
      reason: 'Firewall change pending',
    });
    const next = api.engine.current();
    expect(next.version).toBeGreaterThan(first.version);
    const two = encodeVersion(one.parts, next, []);
    // Only the system that changed travels; the plan, unchanged, does not.
    expect(two.delta.state && 'systems' in two.delta.state && two.delta.state.systems.changed).toEqual([
      next.state!.systems.find((x) => x.id === s.id),
    ]);
    expect(two.delta.plan).toBeUndefined();
    expect(two.delta.planStatus).toBeUndefined();
    const before = mirror;
    mirror = applyVersion(mirror, structuredClone(two.delta));
    expect(seen(mirror)).toEqual(seen(next));
    // The mirror's unchanged systems are its own earlier objects (its per-state caches hold).
    const other = mirror.state!.systems.findIndex((x) => x.id !== s.id);
    expect(mirror.state!.systems[other]).toBe(before.state!.systems[other]);
    expect(mirror.plan).toBe(before.plan);
  });

  it('a relabelled namespace sends that tenant and that namespace only', async () => {
    const v1 = api.engine.current();
    const sent = encodeVersion(null, v1, []);
    const mirror = applyVersion(null, structuredClone(sent.delta));
    const [c] = api.clusters.caches().filter((x) => x.tenants(api.tenancy).unassigned.length > 0);
    const ns = c!.tenants(api.tenancy).unassigned[0]!;
    const target = v1.state!.systems.find((x) => x.network === c!.cluster.network)!;
    await api.engine.labelNamespace(
      c!.cluster.id,
      ns.name,
      api.engine.tenantLabels({ department: target.department, network: target.network, system: target.id }),
    );
    await api.tracker.recomputeSystems([]);
    const v2 = api.engine.current();
    const { delta } = encodeVersion(sent.parts, v2, []);
    const cluster = delta.clusters!.find((x) => x.cluster.id === c!.cluster.id)!;
    expect(cluster.tenants.changed.map((t) => t.namespace)).toEqual([ns.name]);
    expect(cluster.namespaces.changed.map(([name]) => name)).toEqual([ns.name]);
    expect(cluster.namespaces.removed).toEqual([]);
    for (const other of delta.clusters!.filter((x) => x.cluster.id !== c!.cluster.id))
      expect(other.tenants.changed).toEqual([]);
    expect(seen(applyVersion(mirror, structuredClone(delta)))).toEqual(seen(v2));
  });

  it('refuses a delta made from another version than the one held; a whole version applies over anything', async () => {
    const v1 = api.engine.current();
    const one = encodeVersion(null, v1, []);
    const held = applyVersion(null, structuredClone(one.delta));
    // A delta made from a version this holder never had (one was missed): refused, not misapplied.
    const skipped = { ...one.parts, version: one.parts.version - 1 };
    const { delta } = encodeVersion(skipped, v1, []);
    expect(() => applyVersion(held, structuredClone(delta))).toThrow(VersionGap);
    // The whole version replaces what is held, whatever it was.
    expect(seen(applyVersion({ ...held, version: 12345, clusters: [] }, structuredClone(one.delta)))).toEqual(
      seen(v1),
    );
  });

  it('refuses a delta when no version was applied before it', () => {
    const v = api.engine.current();
    const { delta } = encodeVersion({ ...encodeVersion(null, v, []).parts }, v, []);
    expect(() => applyVersion(null, delta)).toThrow(/no version was applied before it/);
  });
});
