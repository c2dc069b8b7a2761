// A tiny plan and observation builders for table-driven tracker tests.
import { loadPlan, type Plan } from '@yunqian/plan';
import type { Observations, Tenant, Workload } from '../../src/model/index.ts';
import type { ClusterView } from '../../src/read-model/read-model.ts';

export const NOW = new Date('2026-06-15T12:00:00Z');

export const system = (id: string, extra: string) => `
  - id: ${id}
    name: { zh: 系统${id}, en: System ${id} }
    mlps: { level: 3, filing: "1-1" }
    wave: w1
    start: 2026-03-01
    cutover: 2026-09-01
    resources: { cpu: 4, memoryGiB: 16, storageGiB: 100 }
    currentSite: { kind: machine-room, name: 机房 }
${extra}`;

export function testPlan(extraSystems = ''): Plan {
  const { plan, problems } = loadPlan([
    {
      name: 'organisation.yaml',
      text: `organisations:\n  - id: province\n    kind: province\n    name: { zh: 省, en: Province }\n    children:\n      - id: d1\n        kind: department\n        name: { zh: 一厅, en: Dept 1 }\n        children:\n          - id: d1-unit\n            kind: unit\n            name: { zh: 一厅中心, en: Dept 1 centre }\n      - id: d2\n        kind: department\n        name: { zh: 二厅, en: Dept 2 }\n`,
    },
    {
      name: 'waves.yaml',
      text: 'waves:\n  - id: w1\n    name: { zh: 一批, en: W1 }\n    start: 2026-01-01\n    end: 2026-12-31\n',
    },
    {
      name: 'targets.yaml',
      text: 'targets:\n  - id: t1\n    name: { zh: 目标, en: Target }\n    rate: 0.5\n    by: 2026-12-31\n',
    },
    {
      name: 'systems/d1.yaml',
      text:
        'department: d1\nsystems:' +
        system('app', '    network: internal\n    strategy: rehost\n') +
        system('web', '    network: external\n    strategy: rehost\n    department: d1-unit\n') +
        system('secret', '    network: internal\n    classified: true\n    strategy: rehost\n') +
        system('old', '    network: external\n    strategy: retire\n') +
        system('keep', '    network: internal\n    strategy: retain\n') +
        extraSystems,
    },
    {
      name: 'systems/d2.yaml',
      text:
        'department: d2\nsystems:' +
        system('other', '    network: external\n    strategy: refactor\n    dependsOn: [app]\n'),
    },
  ]);
  if (!plan) throw new Error(JSON.stringify(problems));
  return plan;
}

export const CLUSTERS = [
  { id: 'in-1', network: 'internal' as const, name: { zh: '内', en: 'in' }, maxMlps: 3 },
  { id: 'ex-1', network: 'external' as const, name: { zh: '外', en: 'ex' }, maxMlps: 3 },
];

/** The fixture clusters as the read model shows them: synced, small, holding these tenants. */
export function clusterViews(
  tenants: Tenant[],
  more: (id: string) => Partial<ClusterView> = () => ({}),
): ClusterView[] {
  return CLUSTERS.map((c) => ({
    cluster: c,
    status: { id: `kubernetes/${c.id}`, kind: 'kubernetes', cluster: c.id, state: 'synced' },
    summary: {
      nodes: 1,
      readyNodes: 1,
      capacity: { cpu: 8, memory: 1, pods: 110 },
      allocatable: { cpu: 8, memory: 1, pods: 110 },
      pods: 3,
      namespaces: 2,
    },
    tenants: tenants.filter((t) => t.cluster === c.id),
    unassigned: [],
    namespaces: new Map(),
    ...more(c.id),
  }));
}

export function tenant(system: string, opts: Partial<Tenant> & { workloads?: Workload[] } = {}): Tenant {
  const network = opts.network ?? (system === 'web' || system === 'other' ? 'external' : 'internal');
  return {
    cluster: network === 'internal' ? 'in-1' : 'ex-1',
    network,
    namespace: system,
    department: 'd1',
    system,
    createdAt: '2026-03-02T00:00:00Z',
    workloads: [],
    defaultDeny: { ingress: true, egress: true },
    quota: null,
    networkPolicies: [],
    roleBindings: [],
    limitRanges: 0,
    ...opts,
  };
}

export const readyWorkload = (since = '2026-06-01T00:00:00Z'): Workload => ({
  kind: 'Deployment',
  name: 'web',
  desired: 2,
  ready: 2,
  readySince: since,
});

export function obs(o: Partial<Observations> = {}): Observations {
  return {
    clusters: CLUSTERS,
    sources: [],
    tenants: [],
    declared: null,
    traffic: null,
    signoffs: [],
    blockers: [],
    ...o,
  };
}
