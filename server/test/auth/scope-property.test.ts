// A property over randomly generated organisation trees (province → cities → counties → departments
// → units, systems on either network): whatever a scoped viewer receives — the systems list and its
// count, the overview's total, pickers, search, tenants, drift, the to-do, the dependency map's own
// systems, a live event — lies in the viewer's scope, and the lists hold all of it. The oracle
// walks the generated tree itself, not the plan index the code uses.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexPlan, loadPlan, type Plan } from '@yunqian/plan';
import { track } from '../../src/tracker/index.ts';
import { scopeOf, type Role, type Viewer } from '../../src/auth/policy.ts';
import { ViewerCatalog } from '../../src/read-model/catalog.ts';
import type { ReadModel } from '../../src/read-model/read-model.ts';
import { MemoryHistory } from '../../src/service/history-store.ts';
import { scopedEvent } from '../../src/api/routers/live.ts';
import type { DeclaredTenant, Network } from '../../src/model/index.ts';
import { clusterViews, NOW, obs, system as systemYaml, tenant } from '../tracker/fixtures.ts';

interface Unit {
  id: string;
  kind: 'province' | 'city' | 'county' | 'department' | 'unit';
  children: Unit[];
}

/** A tree shape: per city its counties, per level its departments, per department its units. */
const shape: fc.Arbitrary<Shape> = fc.record({
  departments: fc.integer({ min: 1, max: 3 }),
  cities: fc.array(
    fc.record({
      departments: fc.integer({ min: 0, max: 2 }),
      counties: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    }),
    { maxLength: 3 },
  ),
  units: fc.integer({ min: 0, max: 2 }),
});

interface Shape {
  departments: number;
  cities: { departments: number; counties: number[] }[];
  units: number;
}

function treeOf(s: Shape): Unit {
  const depts = (prefix: string, n: number): Unit[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}d${i}`,
      kind: 'department' as const,
      children: Array.from({ length: s.units }, (_, j) => ({
        id: `${prefix}d${i}u${j}`,
        kind: 'unit' as const,
        children: [],
      })),
    }));
  return {
    id: 'prov',
    kind: 'province',
    children: [
      ...depts('p', s.departments),
      ...s.cities.map((c, i) => ({
        id: `c${i}`,
        kind: 'city' as const,
        children: [
          ...depts(`c${i}`, c.departments),
          ...c.counties.map((n, j) => ({
            id: `c${i}k${j}`,
            kind: 'county' as const,
            children: depts(`c${i}k${j}`, n),
          })),
        ],
      })),
    ],
  };
}

const all = (u: Unit): Unit[] => [u, ...u.children.flatMap(all)];
const yamlOf = (u: Unit, pad: string): string =>
  `${pad}- id: ${u.id}\n${pad}  kind: ${u.kind}\n${pad}  name: { zh: 单位${u.id}, en: Unit ${u.id} }\n` +
  (u.children.length ? `${pad}  children:\n${u.children.map((c) => yamlOf(c, pad + '    ')).join('')}` : '');

function world(tree: Unit, placed: { unit: number; network: Network }[]) {
  const units = all(tree).filter((u) => u.kind !== 'province');
  const systems = placed.map((p, i) => ({
    id: `s${i}`,
    department: units[p.unit % units.length]!.id,
    network: p.network,
  }));
  const { plan, problems } = loadPlan([
    { name: 'organisation.yaml', text: `organisations:\n${yamlOf(tree, '  ')}` },
    {
      name: 'waves.yaml',
      text: 'waves:\n  - id: w1\n    name: { zh: 一批, en: W1 }\n    start: 2026-01-01\n    end: 2026-12-31\n',
    },
    { name: 'targets.yaml', text: 'targets: []\n' },
    {
      name: 'systems/all.yaml',
      text:
        `department: prov\nsystems:` +
        systems
          .map((s) =>
            systemYaml(
              s.id,
              `    network: ${s.network}\n    strategy: rehost\n    department: ${s.department}\n`,
            ),
          )
          .join(''),
    },
  ]);
  if (!plan) throw new Error(JSON.stringify(problems));
  return { plan: plan as Plan, systems, units };
}

function modelOf(plan: Plan, systems: { id: string; department: string; network: Network }[]): ReadModel {
  const index = indexPlan(plan);
  const tenants = systems.map((s) => tenant(s.id, { network: s.network, department: s.department }));
  const state = track(plan, obs({ tenants }), NOW, undefined, index);
  const declared: DeclaredTenant[] = systems.map((s) => ({
    backend: 'diy',
    stack: `org/${s.id}/prod`,
    network: s.network,
    namespace: s.id,
    department: s.department,
    system: s.id,
    quota: { cpu: 4, memoryGiB: 8, storageGiB: 10 },
    networkPolicies: null,
    roleBindings: null,
    updatedAt: '2026-06-01T00:00:00Z',
  }));
  const views = clusterViews(tenants);
  return {
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
}

const ROLES_WITH_SYSTEMS: Role[] = ['operator', 'department', 'leader', 'evaluator'];

describe('scope over random organisation trees', () => {
  it('gives every scoped viewer exactly what lies in its subtree and on its network', () => {
    fc.assert(
      fc.property(
        shape,
        fc.array(fc.record({ unit: fc.nat(), network: fc.constantFrom<Network>('internal', 'external') }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.record({
          role: fc.constantFrom(...ROLES_WITH_SYSTEMS),
          unit: fc.option(fc.nat()),
          network: fc.option(fc.constantFrom<Network>('internal', 'external')),
        }),
        (s, placed, who) => {
          const tree = treeOf(s);
          const { plan, systems, units } = world(tree, placed);
          const model = modelOf(plan, systems);
          const unit = who.unit === null ? undefined : units[who.unit % units.length]!.id;
          const viewer: Viewer = {
            id: 'v',
            name: 'V',
            role: who.role,
            department: unit,
            network: who.network ?? undefined,
          };
          const catalog = new ViewerCatalog(model, scopeOf(viewer, model.index));

          // The oracle: the viewer's unit's subtree, walked on the generated tree.
          const find = (u: Unit): Unit | undefined =>
            u.id === unit ? u : u.children.map(find).find(Boolean);
          const root = unit ? find(tree) : tree;
          const within = new Set(who.role === 'department' && !unit ? [] : all(root!).map((u) => u.id));
          const keepsNetwork = who.role === 'operator' || who.role === 'evaluator';
          const expected = systems
            .filter(
              (x) => within.has(x.department) && (!keepsNetwork || !who.network || x.network === who.network),
            )
            .map((x) => x.id)
            .sort();
          const inScope = (id: string) => expected.includes(id);

          const page = catalog.systemsPage({ offset: 0, limit: 1000 });
          expect(page.rows.map((r) => r.id).sort()).toEqual(expected);
          expect(page.total).toBe(expected.length);
          expect(catalog.overview().total.total).toBe(expected.length);
          expect(catalog.systemOptions({ limit: 1000 }).total).toBe(expected.length);
          expect(
            catalog
              .tenants({})
              .map((t) => t.system)
              .sort(),
          ).toEqual(expected);
          expect(catalog.drift().items.every((d) => inScope(d.system!))).toBe(true);
          expect(
            catalog
              .dependencies()
              .nodes.filter((n) => n.own)
              .map((n) => n.id)
              .sort(),
          ).toEqual(expected);
          const todo = catalog.todo();
          expect([...todo.toConfirm, ...todo.toSign].every((t) => inScope(t.id))).toBe(true);
          expect(catalog.find('系统', false, 1000).systems.every((x) => inScope(x.id))).toBe(true);
          for (const id of systems.map((x) => x.id)) expect(!!catalog.systemDetail(id)).toBe(inScope(id));

          // A live event naming every system reaches the viewer with its own systems only.
          const event = scopedEvent(
            {
              kind: 'stages',
              computedAt: NOW.toISOString(),
              changes: systems.map((x) => ({
                system: x.id,
                from: 'planned',
                to: 'provisioned',
                at: NOW.toISOString(),
                department: x.department,
                network: x.network,
              })),
              systems: catalog.systemRows([]),
            },
            catalog.scope,
          );
          const heard = event && event.kind === 'stages' ? event.changes.map((c) => c.system).sort() : [];
          expect(heard).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
