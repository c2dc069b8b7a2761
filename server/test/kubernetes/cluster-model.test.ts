import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/sources/kubernetes/quantity.ts';
import {
  amounts,
  defaultDeny,
  trimNetworkPolicy,
  trimPod,
  trimNamespace,
} from '../../src/sources/kubernetes/trim.ts';
import { resolveTenant, DEFAULT_TENANCY } from '../../src/sources/kubernetes/tenancy.ts';
import { ClusterCache } from '../../src/sources/kubernetes/cluster-cache.ts';

const ns = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) =>
  trimNamespace({
    metadata: {
      name,
      labels,
      annotations,
      creationTimestamp: new Date('2026-01-01T00:00:00Z'),
      managedFields: [{ manager: 'x' }],
    },
    status: { phase: 'Active' },
  });

describe('quantities and quota keys', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['1e3', 1000],
    ['2k', 2000],
    ['10G', 1e10],
  ])('%s', (q, v) => expect(parseQuantity(q)).toBeCloseTo(v));
  it('rejects nonsense', () => expect(parseQuantity('12 parsecs')).toBeNaN());
  it('normalises requests.cpu and cpu to one key', () => {
    expect(amounts({ 'requests.cpu': '4', 'requests.memory': '8Gi', pods: '10', 'limits.cpu': '8' })).toEqual(
      { cpu: 4, memory: 8 * 2 ** 30, pods: 10 },
    );
    expect(amounts({ cpu: '2', memory: '1Gi' })).toEqual({ cpu: 2, memory: 2 ** 30 });
  });
});

describe('trimming', () => {
  it('keeps what the model needs and drops managedFields', () => {
    const n = ns(
      'a',
      { x: 'y' },
      { 'kubectl.kubernetes.io/last-applied-configuration': '{…}', note: 'kept' },
    );
    expect(n).toEqual({
      name: 'a',
      labels: { x: 'y' },
      annotations: { note: 'kept' },
      createdAt: '2026-01-01T00:00:00.000Z',
      phase: 'Active',
    });
    const p = trimPod({
      metadata: {
        name: 'p',
        namespace: 'a',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u' }],
        managedFields: [{}],
      },
      spec: {
        nodeName: 'n1',
        containers: [
          { name: 'c', resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1' } } },
          { name: 'd', resources: { requests: { cpu: '250m' } } },
        ],
      },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(p).toEqual({
      namespace: 'a',
      name: 'p',
      owner: 'ReplicaSet/rs',
      phase: 'Running',
      ready: true,
      node: 'n1',
      cpuRequest: 0.5,
      memoryRequest: 2 ** 30,
      cpuLimit: 1,
      memoryLimit: 0,
    });
  });

  it('recognises default-deny network policies per direction', () => {
    const pol = (spec: object) =>
      trimNetworkPolicy({ metadata: { name: 'p', namespace: 'a' }, spec: spec as never });
    expect(defaultDeny([pol({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] })])).toEqual({
      ingress: true,
      egress: true,
    });
    expect(defaultDeny([pol({ podSelector: {} })])).toEqual({ ingress: true, egress: false });
    // Allowing DNS egress alongside a deny-all egress policy keeps the namespace default-deny.
    expect(
      defaultDeny([
        pol({ podSelector: {}, policyTypes: ['Egress'] }),
        pol({
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
        }),
      ]),
    ).toEqual({ ingress: false, egress: true });
    expect(
      defaultDeny([pol({ podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'] })]),
    ).toEqual({ ingress: false, egress: false });
    expect(defaultDeny([pol({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] })])).toEqual({
      ingress: false,
      egress: false,
    });
  });
});

describe('tenant resolution', () => {
  const cfg = {
    ...DEFAULT_TENANCY,
    capsule: { 'police-prod': { department: 'gat', system: 'gat-hukou' } },
    rancher: { 'p-abc12': { department: 'wjw' } },
  };
  it("uses Yunqian's labels first", () => {
    expect(
      resolveTenant(
        ns('a', {
          'yunqian.gov.cn/department': 'gat',
          'yunqian.gov.cn/system': 's1',
          'yunqian.gov.cn/network': 'internal',
          'capsule.clastix.io/tenant': 'police-prod',
        }),
        cfg,
      ),
    ).toEqual({ department: 'gat', system: 's1', network: 'internal', via: 'labels' });
  });
  it('follows the configured label prefix', () => {
    expect(
      resolveTenant(ns('a', { 'gov.example/department': 'gat' }), { ...cfg, labelPrefix: 'gov.example' })
        ?.department,
    ).toBe('gat');
    expect(resolveTenant(ns('a', { 'gov.example/department': 'gat' }), cfg)).toBeNull();
  });
  it('maps Capsule tenants and Rancher projects (annotation or label, with or without the cluster part)', () => {
    expect(resolveTenant(ns('a', { 'capsule.clastix.io/tenant': 'police-prod' }), cfg)).toEqual({
      department: 'gat',
      system: 'gat-hukou',
      network: null,
      via: 'capsule',
    });
    expect(resolveTenant(ns('b', {}, { 'field.cattle.io/projectId': 'c-m-xyz:p-abc12' }), cfg)).toMatchObject(
      { department: 'wjw', via: 'rancher' },
    );
    expect(resolveTenant(ns('c', { 'field.cattle.io/projectId': 'p-abc12' }), cfg)).toMatchObject({
      department: 'wjw',
      via: 'rancher',
    });
    expect(resolveTenant(ns('d', { 'capsule.clastix.io/tenant': 'unknown' }), cfg)).toBeNull();
  });
  it('lists unresolved namespaces as unassigned, but not the system ones', () => {
    const cache = new ClusterCache({ id: 'c', network: 'external', name: { zh: 'c', en: 'c' }, maxMlps: 3 });
    for (const name of ['kube-system', 'default', 'orphan'])
      cache.apply('Namespace', 'ADDED', { metadata: { name } });
    cache.apply('Namespace', 'ADDED', {
      metadata: { name: 'mapped', labels: { 'capsule.clastix.io/tenant': 'police-prod' } },
    });
    const { tenants, unassigned } = cache.tenants(cfg);
    expect(unassigned.map((n) => n.name)).toEqual(['orphan']);
    expect(tenants).toMatchObject([
      { namespace: 'mapped', department: 'gat', system: 'gat-hukou', network: 'external' },
    ]);
  });
});

describe('tenants derived per namespace', () => {
  const CLUSTER = { id: 'c', network: 'internal' as const, name: { zh: 'c', en: 'c' }, maxMlps: 3 };
  const clock = () => new Date('2026-06-01T00:00:00Z');
  const labels = (system: string) => ({
    'yunqian.gov.cn/department': 'gat',
    'yunqian.gov.cn/system': system,
  });
  const deployment = (namespace: string, ready: number) => ({
    metadata: { name: 'web', namespace, uid: `${namespace}-web` },
    spec: { replicas: 2 },
    status: { replicas: 2, readyReplicas: ready, availableReplicas: ready },
  });

  it('derives again only the namespace that changed, and follows relabels and deletions', () => {
    const cache = new ClusterCache(CLUSTER, clock);
    for (const n of ['a', 'b', 'c']) {
      cache.apply('Namespace', 'ADDED', { metadata: { name: n, labels: labels(`sys-${n}`) } });
      cache.apply('Deployment', 'ADDED', deployment(n, 0) as never);
    }
    const first = cache.tenants(DEFAULT_TENANCY).tenants;
    expect(first.map((t) => t.system)).toEqual(['sys-a', 'sys-b', 'sys-c']);
    // Nothing changed: the same answer. Pods change no tenant.
    cache.apply('Pod', 'ADDED', { metadata: { name: 'p', namespace: 'a' } } as never);
    expect(cache.tenants(DEFAULT_TENANCY).tenants).toBe(first);

    cache.apply('Deployment', 'MODIFIED', deployment('b', 2) as never);
    const second = cache.tenants(DEFAULT_TENANCY).tenants;
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.workloads[0]).toMatchObject({ ready: 2, desired: 2 });

    // Relabelled to no department: unassigned. Deleted: gone.
    cache.apply('Namespace', 'MODIFIED', { metadata: { name: 'c', labels: {} } });
    cache.apply('Namespace', 'DELETED', { metadata: { name: 'a' } });
    const third = cache.tenants(DEFAULT_TENANCY);
    expect(third.tenants.map((t) => t.system)).toEqual(['sys-b']);
    expect(third.unassigned.map((n) => n.name)).toEqual(['c']);
    // The same as a cache filled from scratch with the same objects.
    const fresh = new ClusterCache(CLUSTER, clock);
    fresh.apply('Namespace', 'ADDED', { metadata: { name: 'b', labels: labels('sys-b') } });
    fresh.apply('Namespace', 'ADDED', { metadata: { name: 'c', labels: {} } });
    for (const n of ['a', 'b', 'c'])
      fresh.apply('Deployment', 'ADDED', deployment(n, n === 'b' ? 2 : 0) as never);
    expect(fresh.tenants(DEFAULT_TENANCY)).toEqual(third);
  });
});
