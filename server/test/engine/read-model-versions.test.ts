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
    const first = api.engine.readModel();
    expect(api.engine.readModel()).toBe(first);
    // A recompute on the same readings finds nothing new: same version, same state object.
    await api.tracker.recompute();
    expect(api.engine.readModel()).toBe(first);
    // An operator raises a blocker: the stage figures change, so does the version, and the
    // previous version is left as it was (immutable for readers still holding it).
    const s = api.tracker.state()!.systems.find((x) => x.blockers.length === 0 && x.inScope)!;
    const before = first.state;
    await api.caller({ id: 'op', name: 'Op', role: 'operator' }).workflows.raiseBlocker({
      system: s.id,
      reason: 'Firewall change pending',
    });
    const next = api.engine.readModel();
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
