// Capacity through the API on the sandbox province: totals add up across levels, the sandbox's
// Prometheus agrees with its Kubernetes, and department users see only their own quotas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/policy.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

const leader: Viewer = { id: 'l', name: 'l', role: 'leader' };
const dept: Viewer = { id: 'd', name: 'd', role: 'department', department: 'gat' };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('capacity API', () => {
  it('networks are the sum of their clusters, and departments + platform + unassigned make the whole', async () => {
    const r = await api.caller(leader).capacity.overview();
    if (!r.configured) throw new Error('capacity not configured');
    expect(r.networks.map((n) => n.network)).toEqual(['internal', 'external']);
    for (const n of r.networks) {
      expect(n.figures.cpu.requested).toBeCloseTo(sum(n.clusters.map((c) => c.figures.cpu.requested)), 6);
      expect(n.figures.memory.capacity).toBe(sum(n.clusters.map((c) => c.figures.memory.capacity ?? 0)));
    }
    const parts =
      sum(r.departments.map((d) => d.figures.cpu.requested)) +
      r.platform.cpu.requested +
      r.unassigned.cpu.requested;
    expect(parts).toBeCloseTo(r.total.cpu.requested, 6);
    expect(r.departments[0]!.name).not.toBeNull();
    // The ranking is by CPU in use.
    const usage = r.departments.map((d) => d.figures.cpu.usage);
    expect(usage).toEqual([...usage].sort((a, b) => b - a));
    // The sandbox is sized so one network carries the plan and the other runs out.
    expect(r.networks.find((n) => n.network === 'internal')!.runOut.date).toBeNull();
    expect(r.networks.find((n) => n.network === 'external')!.runOut.date).toMatch(/^2027-/);
    // Costs over the billing window, which the sandbox's Prometheus answers like a real one.
    expect(r.showback).toMatchObject({ basis: 'window', windowDays: 30 });
    expect(r.showback!.total).toBeGreaterThan(0);
    expect(r.showback!.total).toBeCloseTo(
      sum(r.showback!.departments.map((d) => d.total)) + r.showback!.unassigned.total,
      2,
    );
  });

  it("the sandbox's Prometheus reports the same quota use as its Kubernetes", async () => {
    const q = await api.caller(leader).capacity.quotas();
    if (!q.configured) throw new Error('capacity not configured');
    const tenants = api.clusters.caches().flatMap((c) => c.tenants(api.tenancy).tenants);
    const byNs = new Map(tenants.map((t) => [`${t.cluster}/${t.namespace}`, t]));
    expect(q.systems.length).toBeGreaterThan(100);
    for (const s of q.systems) {
      const t = byNs.get(`${s.cluster}/${s.namespace}`)!;
      expect(t.system).toBe(s.system);
      expect(s.figures.cpu.quotaUsed).toBeCloseTo(t.quota!.used.cpu!, 6);
      expect(s.figures.cpu.quotaHard).toBeCloseTo(t.quota!.hard.cpu!, 6);
    }
  });

  it('department users see their own systems only, and not the whole cloud', async () => {
    await expect(api.caller(dept).capacity.overview()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const q = await api.caller(dept).capacity.quotas();
    if (!q.configured) throw new Error('capacity not configured');
    const subtree = api.tracker.planIndex()!.subtree.get('gat')!;
    expect(q.systems.length).toBeGreaterThan(0);
    for (const s of q.systems) expect(subtree.has(s.department)).toBe(true);
    const all = await api.caller(leader).capacity.quotas();
    if (!all.configured) throw new Error('capacity not configured');
    expect(q.systems.length).toBeLessThan(all.systems.length);
    for (const n of q.byNetwork)
      expect(n.figures.cpu.quotaHard).toBeCloseTo(
        sum(q.systems.filter((s) => s.network === n.network).map((s) => s.figures.cpu.quotaHard)),
        6,
      );
  });
});
