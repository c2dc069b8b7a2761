// Drift between declared and live tenants, one kind at a time, and the digest that lets a
// policy written by the program compare equal to the same policy read back from a cluster.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS, tenantSpec } from '@yunqian/plan';
import { findDrift, tenantDrift } from '../../src/tracker/drift.ts';
import { policyDigest, trimNetworkPolicy, trimRoleBinding } from '../../src/sources/kubernetes/trim.ts';
import type { DeclaredTenant, Tenant } from '../../src/model/index.ts';
import { tenant, testPlan } from './fixtures.ts';

const system = testPlan().systems.find((s) => s.network === 'internal')!;
const spec = tenantSpec(system, DEFAULT_TENANT_SETTINGS, { department: 'd', system: 's' });
const policies = spec.networkPolicies.map((p) => ({ name: p.metadata.name, digest: policyDigest(p.spec) }));
const binding = trimRoleBinding(spec.roleBinding as never);

const declared: DeclaredTenant = {
  backend: 'file:///b',
  stack: 'yunqian-tenants/internal',
  network: 'internal',
  namespace: system.id,
  department: system.department,
  system: system.id,
  quota: { cpu: 4, memory: 8 * 2 ** 30 },
  networkPolicies: policies,
  roleBindings: [{ name: binding.name, roleRef: binding.roleRef, subjects: binding.subjects }],
  updatedAt: '2026-03-01T00:00:00Z',
};
const live = (o: Partial<Tenant> = {}): Tenant =>
  tenant(system.id, {
    namespace: system.id,
    quota: { hard: { cpu: 4, memory: 8 * 2 ** 30 }, used: {} },
    networkPolicies: policies,
    roleBindings: declared.roleBindings!,
    ...o,
  });
const kinds = (t: Tenant | null) => tenantDrift(declared, t).map((d) => [d.kind, d.params]);

describe('drift', () => {
  it('finds none when live matches the code', () => {
    expect(kinds(live())).toEqual([]);
  });

  it('names each kind of difference with both values', () => {
    expect(kinds(null)).toEqual([['declared-not-live', { namespace: system.id, stack: declared.stack }]]);
    expect(kinds(live({ quota: { hard: { cpu: 8, memory: 8 * 2 ** 30 }, used: {} } }))).toEqual([
      ['quota-differs', { namespace: `in-1/${system.id}`, resource: 'cpu', declared: 4, live: 8 }],
    ]);
    expect(kinds(live({ quota: null }))[0]).toEqual([
      'quota-differs',
      { namespace: `in-1/${system.id}`, resource: 'cpu', declared: 4, live: 'none' },
    ]);
    expect(kinds(live({ networkPolicies: policies.slice(1) }))).toEqual([
      ['policy-missing', { namespace: `in-1/${system.id}`, policy: policies[0]!.name }],
    ]);
    expect(
      kinds(live({ networkPolicies: policies.map((p, i) => (i === 1 ? { ...p, digest: '{}' } : p)) })),
    ).toEqual([['policy-changed', { namespace: `in-1/${system.id}`, policy: policies[1]!.name }]]);
    expect(kinds(live({ roleBindings: [] }))[0]![0]).toBe('rolebinding-missing');
    const widened = { ...declared.roleBindings![0]!, roleRef: 'ClusterRole/admin' };
    expect(kinds(live({ roleBindings: [widened] }))).toEqual([
      [
        'rolebinding-changed',
        {
          namespace: `in-1/${system.id}`,
          binding: 'department-edit',
          declared: `ClusterRole/edit → Group/yunqian:department:${system.department}`,
          live: `ClusterRole/admin → Group/yunqian:department:${system.department}`,
        },
      ],
    ]);
  });

  it('says nothing about policies or bindings a stack does not declare', () => {
    expect(
      tenantDrift(
        { ...declared, networkPolicies: null, roleBindings: null },
        live({ networkPolicies: [], roleBindings: [] }),
      ),
    ).toEqual([]);
  });

  it('reports live tenant namespaces no stack declares as unmanaged', () => {
    const other = tenant('web', { namespace: 'web' });
    const d = findDrift([declared], [live(), other]);
    expect(d.map((x) => [x.kind, x.namespace])).toEqual([['live-not-declared', 'web']]);
  });

  it("digests a policy the same whether it comes from the program or the API server's answer", () => {
    for (const p of spec.networkPolicies) {
      // What the API server returns: defaults filled in, extra empty fields, keys in another order.
      const served = JSON.parse(JSON.stringify(p)) as {
        spec: { egress?: { ports?: { protocol?: string }[] }[] };
      };
      for (const rule of served.spec.egress ?? [])
        for (const port of rule.ports ?? []) if (port.protocol === 'TCP') delete port.protocol;
      const reordered = {
        metadata: p.metadata,
        spec: Object.fromEntries(Object.entries(served.spec).reverse()),
      };
      const rec = trimNetworkPolicy(reordered as never);
      expect(rec.digest).toBe(policyDigest(p.spec));
    }
    const changed = {
      ...spec.networkPolicies[0]!,
      spec: { podSelector: { matchLabels: { a: 'b' } }, policyTypes: ['Ingress'] },
    };
    expect(trimNetworkPolicy(changed as never).digest).not.toBe(policyDigest(spec.networkPolicies[0]!.spec));
  });
});
