// An incremental run (only the systems a change concerns) gives exactly what a full run gives.
import { describe, expect, it } from 'vitest';
import { indexPlan } from '@yunqian/plan';
import { retrack, track } from '../../src/tracker/index.ts';
import type { Observations } from '../../src/model/index.ts';
import { NOW, obs, readyWorkload, tenant, testPlan } from './fixtures.ts';

const plan = testPlan();
const index = indexPlan(plan);
const base = obs({ tenants: [tenant('app'), tenant('web', { department: 'd1-unit' })] });

/** One change to one system's observations, named after what it is. */
const changes: [string, string, (o: Observations) => Observations][] = [
  [
    'app',
    'its workload becomes ready',
    (o) => ({
      ...o,
      tenants: o.tenants.map((t) => (t.system === 'app' ? { ...t, workloads: [readyWorkload()] } : t)),
    }),
  ],
  ['web', 'its tenant is deleted', (o) => ({ ...o, tenants: o.tenants.filter((t) => t.system !== 'web') })],
  [
    'secret',
    'a tenant appears on the wrong network',
    (o) => ({ ...o, tenants: [...o.tenants, tenant('secret', { network: 'external', cluster: 'ex-1' })] }),
  ],
  [
    'old',
    'a manual blocker is raised',
    (o) => ({
      ...o,
      blockers: [{ id: 'b1', system: 'old', reason: 'wait', owner: 'net-team', raisedAt: NOW.toISOString() }],
    }),
  ],
  [
    'app',
    'its tenant loses its default-deny policy',
    (o) => ({
      ...o,
      tenants: o.tenants.map((t) =>
        t.system === 'app' ? { ...t, defaultDeny: { ingress: false, egress: true } } : t,
      ),
    }),
  ],
];

describe('incremental tracking', () => {
  it.each(changes)('re-evaluating only %s when %s equals a full run', (id, _what, change) => {
    const prev = track(plan, base, NOW, undefined, index);
    const after = change(base);
    const full = track(plan, after, NOW, undefined, index);
    // The change matters to the system (else the test would prove nothing).
    expect(full.systems.find((s) => s.id === id)).not.toEqual(prev.systems.find((s) => s.id === id));
    const incremental = retrack(prev, new Set([id]), plan, after, NOW, undefined, index);
    expect(incremental).toEqual(full);
    // The others are the very objects of the previous state (nothing was evaluated for them).
    for (const s of incremental.systems)
      if (s.id !== id) expect(s).toBe(prev.systems.find((p) => p.id === s.id));
  });

  it('falls back to a full run when the plan changed', () => {
    const prev = track(plan, base, NOW, undefined, index);
    const other = testPlan(`
  - id: extra
    name: { zh: 新系统, en: New }
    mlps: { level: 2, filing: "1-2" }
    wave: w1
    start: 2026-03-01
    cutover: 2026-09-01
    resources: { cpu: 1, memoryGiB: 1, storageGiB: 1 }
    currentSite: { kind: machine-room, name: 机房 }
    network: internal
    strategy: rehost
`);
    const r = retrack(prev, new Set(), other, base, NOW);
    expect(r.systems.map((s) => s.id)).toContain('extra');
    expect(r).toEqual(track(other, base, NOW));
  });
});
