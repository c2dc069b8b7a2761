// The viewer's catalog on a small hand-made read model: what a department sees (and does not)
// of systems, dependencies, tenants, drift and pickers; what the province sees.
import { describe, expect, it } from 'vitest';
import { indexPlan } from '@yunqian/plan';
import { track } from '../../src/tracker/index.ts';
import { scopeOf, type Viewer } from '../../src/auth/policy.ts';
import { ViewerCatalog } from '../../src/read-model/catalog.ts';
import type { ReadModel } from '../../src/read-model/read-model.ts';
import { MemoryHistory } from '../../src/service/history-store.ts';
import type { DeclaredTenant, Tenant } from '../../src/model/index.ts';
import { clusterViews, NOW, obs, readyWorkload, tenant, testPlan } from '../tracker/fixtures.ts';

const plan = testPlan();
const index = indexPlan(plan);
const tenants: Tenant[] = [
  tenant('app', { workloads: [readyWorkload()] }),
  // Another department's tenant, with no default-deny policy.
  tenant('other', { department: 'd2', defaultDeny: { ingress: false, egress: false } }),
];
const state = track(plan, obs({ tenants }), NOW, undefined, index);
const declared: DeclaredTenant[] = ['app', 'other'].map((system) => ({
  backend: 'diy',
  stack: `org/${system}/prod`,
  network: system === 'other' ? 'external' : 'internal',
  namespace: system,
  department: system === 'other' ? 'd2' : 'd1',
  system,
  // Both declare a quota the live tenants lack: drift in each department.
  quota: { cpu: 4, memoryGiB: 8, storageGiB: 10 },
  networkPolicies: null,
  roleBindings: null,
  updatedAt: '2026-06-01T00:00:00Z',
}));
const views = clusterViews(tenants, (id) =>
  id === 'in-1'
    ? {
        unassigned: [
          { name: 'stray', labels: {}, annotations: {}, createdAt: '2026-05-01T00:00:00Z', phase: 'Active' },
        ],
        namespaces: new Map([['stray', {}]]),
      }
    : { namespaces: new Map([['stray', {}]]) },
);
const model: ReadModel = {
  version: 1,
  state,
  plan,
  index,
  planStatus: { dir: '.', loadedAt: null, checkedAt: null, keptLastGood: false, problems: [] },
  stacks: [],
  declared,
  history: new MemoryHistory(),
  capacity: null,
  sources: () => [],
  clusters: () => views,
};

const as = (viewer: Viewer) => new ViewerCatalog(model, scopeOf(viewer, index));
const d1 = as({ id: 'u1', name: 'U1', role: 'department', department: 'd1' });
const province = as({ id: 'op', name: 'Op', role: 'operator' });

describe('the viewer catalog', () => {
  it('lists only the systems of the viewer’s departments, sub-units included', () => {
    const ids = d1.systemsPage({ offset: 0, limit: 100 }).rows.map((r) => r.id);
    expect(ids.sort()).toEqual(['app', 'keep', 'old', 'secret', 'web']);
    expect(province.systemsPage({ offset: 0, limit: 100 }).total).toBe(6);
  });

  it('reads another department’s system exactly like an absent one', () => {
    expect(d1.systemDetail('other')).toBeUndefined();
    expect(d1.systemDetail('nope')).toBeUndefined();
    expect(d1.planned('other')).toBeUndefined();
    expect(d1.tracked('other')).toBeUndefined();
    expect(province.systemDetail('other')?.dependsOn.map((d) => d.id)).toEqual(['app']);
  });

  it('names a dependent system of another department but hides its stage', () => {
    const { nodes, edges } = d1.dependencies();
    expect(edges).toEqual([{ from: 'other', to: 'app', channel: null, crossNetwork: true }]);
    const other = nodes.find((n) => n.id === 'other')!;
    expect(other).toMatchObject({ own: false, stage: null, department: null });
    expect(other.name?.en).toBe('System other');
    expect(nodes.find((n) => n.id === 'app')).toMatchObject({ own: true, stage: 'serving' });
  });

  it('serves tenants in scope with the server’s isolation baseline, and unassigned namespaces to the province only', () => {
    expect(d1.tenants({}).map((t) => t.namespace)).toEqual(['app']);
    const all = province.tenants({});
    expect(all.find((t) => t.namespace === 'other')?.baselineProblems).toContain('no-deny-ingress');
    expect(d1.unassigned()).toEqual([]);
    expect(province.unassigned().map((n) => n.name)).toEqual(['stray']);
    expect(d1.namespace('in-1', 'stray')).toEqual({ cluster: undefined, labels: undefined });
    expect(province.namespace('in-1', 'stray').cluster?.network).toBe('internal');
  });

  it('counts drift in scope only', () => {
    expect(new Set(d1.drift().items.map((d) => d.department))).toEqual(new Set(['d1']));
    expect(new Set(province.drift().items.map((d) => d.department))).toEqual(new Set(['d1', 'd2']));
    expect(d1.tenantDetail('other')).toBeUndefined();
    expect(province.tenantDetail('other')?.declared?.stack).toBe('org/other/prod');
  });

  it('fills a picker by searching on the server, within the scope', () => {
    const found = d1.systemOptions({ search: 'system o', limit: 10 });
    expect(found.options.map((o) => o.id)).toEqual(['old']);
    expect(d1.systemOptions({ limit: 2 })).toMatchObject({ total: 5 });
    expect(d1.systemOptions({ limit: 2 }).options).toHaveLength(2);
    expect(province.systemOptions({ search: 'other', limit: 10 }).options[0]).toMatchObject({
      id: 'other',
      department: 'd2',
      network: 'external',
    });
  });

  it('shows the province’s targets to the province only', () => {
    expect(province.overview().targets.map((t) => t.id)).toEqual(['t1']);
    expect(d1.overview().targets).toEqual([]);
    expect(d1.overview().total.total).toBe(5);
  });
});
