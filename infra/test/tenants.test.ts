// The tenant program under Pulumi's mocks, on the sample plan: every policy the issue names,
// asserted on what would be applied.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlanDir, systemsForNetwork, type Plan } from '@yunqian/plan';
import { mockPulumi, settled, valueOf, type Registered } from './mocks.ts';
import { provisionTenants, PlacementError } from '../tenants/tenants.ts';
import { readSettings, type StackSettings } from '../tenants/settings.ts';

const PLAN_DIR = new URL('../../migrations-plan/', import.meta.url).pathname;
let plan: Plan;
/** An internal system that gets an approved resource request on top of its estimate. */
let grown: string;
beforeAll(async () => {
  const loaded = await loadPlanDir(PLAN_DIR);
  plan = loaded.plan!;
  grown = systemsForNetwork(plan.systems, 'internal')[0]!.id;
});

const settingsFor = (
  network: 'internal' | 'external',
  extra: Partial<StackSettings> = {},
): StackSettings => ({
  network,
  kubeContext: `${network}-admin`,
  planDir: PLAN_DIR,
  labelPrefix: 'yunqian.gov.cn',
  quotaHeadroom: 1.5,
  ingressNamespace: 'ingress-nginx',
  departmentGroupPrefix: 'yunqian:department:',
  approvedRequests: [],
  exits: [],
  ...extra,
});

const byKind = (r: Registered[], type: string) => r.filter((x) => x.type === type);
const inNs = (r: Registered[], type: string, ns: string) =>
  byKind(r, type).filter((x) => x.inputs.metadata?.namespace === ns);
type Spec = Record<string, unknown> & {
  policyTypes?: string[];
  podSelector?: object;
  ingress?: unknown[];
  egress?: unknown[];
};
const spec = (x: Registered) => x.inputs.spec as Spec;

describe('internal network stack', () => {
  let r: Registered[];
  let out: ReturnType<typeof provisionTenants>;
  beforeAll(async () => {
    r = await mockPulumi('yunqian-tenants', 'internal');
    out = provisionTenants(
      plan,
      settingsFor('internal', {
        approvedRequests: [{ system: grown, cpu: 8, memoryGiB: 16, storageGiB: 100 }],
      }),
    );
    await settled(r);
  });

  it('creates one namespace per internal system with exactly the tenant labels', () => {
    const systems = systemsForNetwork(plan.systems, 'internal');
    const namespaces = byKind(r, 'kubernetes:core/v1:Namespace');
    expect(namespaces.map((n) => n.inputs.metadata!.name).sort()).toEqual(systems.map((s) => s.id).sort());
    for (const s of systems) {
      const ns = namespaces.find((n) => n.inputs.metadata!.name === s.id)!;
      expect(ns.inputs.metadata!.labels).toEqual({
        'yunqian.gov.cn/department': s.department,
        'yunqian.gov.cn/system': s.id,
        'yunqian.gov.cn/network': 'internal',
      });
    }
  });

  it('sets quotas to the plan estimate × the headroom factor, plus approved requests', () => {
    for (const s of systemsForNetwork(plan.systems, 'internal')) {
      const [q] = inNs(r, 'kubernetes:core/v1:ResourceQuota', s.id);
      const extra = s.id === grown ? { cpu: 8, mem: 16, disk: 100 } : { cpu: 0, mem: 0, disk: 0 };
      expect(spec(q!).hard, s.id).toEqual({
        'requests.cpu': String(Math.ceil(s.resources.cpu * 1.5 + extra.cpu)),
        'requests.memory': `${Math.ceil(s.resources.memoryGiB * 1.5 + extra.mem)}Gi`,
        'requests.storage': `${Math.ceil(s.resources.storageGiB + extra.disk)}Gi`,
      });
      expect(inNs(r, 'kubernetes:core/v1:LimitRange', s.id)).toHaveLength(1);
    }
  });

  it('denies ingress and egress by default, allowing only DNS and the same department', () => {
    for (const s of systemsForNetwork(plan.systems, 'internal')) {
      const policies = inNs(r, 'kubernetes:networking.k8s.io/v1:NetworkPolicy', s.id);
      const named = (n: string) => spec(policies.find((p) => p.inputs.metadata!.name === n)!);
      expect(named('default-deny-ingress')).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
      expect(named('default-deny-egress')).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
      const egress = named('allow-dns-and-department-egress').egress as {
        to: Record<string, { matchLabels: Record<string, string> }>[];
      }[];
      expect(egress).toHaveLength(2);
      expect(egress[0]!.to[0]!.podSelector!.matchLabels).toEqual({ 'k8s-app': 'kube-dns' });
      expect(egress[1]!.to[0]!.namespaceSelector!.matchLabels).toEqual({
        'yunqian.gov.cn/department': s.department,
      });
      expect(policies.map((p) => p.inputs.metadata!.name)).not.toContain('allow-ingress-controller');
    }
  });

  it("gives the department's group edit rights in its own namespaces only", () => {
    const bindings = byKind(r, 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding');
    expect(bindings).toHaveLength(systemsForNetwork(plan.systems, 'internal').length);
    for (const b of bindings) {
      const s = plan.systems.find((x) => x.id === b.inputs.metadata!.namespace)!;
      expect(b.inputs.subjects).toEqual([
        { kind: 'Group', name: `yunqian:department:${s.department}`, apiGroup: 'rbac.authorization.k8s.io' },
      ]);
      expect(b.inputs.roleRef).toEqual({
        kind: 'ClusterRole',
        name: 'edit',
        apiGroup: 'rbac.authorization.k8s.io',
      });
    }
    expect(byKind(r, 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding')).toHaveLength(0);
  });

  it("goes through the network's cluster provider and outputs a tenant summary", async () => {
    const [provider] = byKind(r, 'pulumi:providers:kubernetes');
    expect(provider!.inputs.context).toBe('internal-admin');
    for (const x of r.filter((x) => x.type.startsWith('kubernetes:')))
      expect(x.provider).toContain('internal-cluster');
    const tenants = await valueOf(out.tenants);
    expect(tenants.length).toBe(out.tenantCount);
    expect(tenants[0]).toMatchObject({ network: 'internal', quota: expect.any(Object) });
  });
});

describe('external network stack', () => {
  let r: Registered[];
  beforeAll(async () => {
    r = await mockPulumi('yunqian-tenants', 'external');
    provisionTenants(plan, settingsFor('external'));
    await settled(r);
  });

  it('lets ingress in only from the ingress controller and does not restrict egress', () => {
    const systems = systemsForNetwork(plan.systems, 'external');
    expect(systems.length).toBeGreaterThan(100);
    for (const s of systems) {
      const policies = inNs(r, 'kubernetes:networking.k8s.io/v1:NetworkPolicy', s.id);
      expect(policies.map((p) => p.inputs.metadata!.name).sort()).toEqual([
        'allow-ingress-controller',
        'default-deny-ingress',
      ]);
      const allow = spec(policies.find((p) => p.inputs.metadata!.name === 'allow-ingress-controller')!);
      expect(allow.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        },
      ]);
    }
    expect(
      byKind(r, 'kubernetes:core/v1:Namespace').every(
        (n) => n.inputs.metadata!.labels!['yunqian.gov.cn/network'] === 'external',
      ),
    ).toBe(true);
  });

  it('refuses a classified system on the external network, naming it, before creating anything', () => {
    const bad: Plan = {
      ...plan,
      systems: plan.systems.map((s, i) => (i === 0 ? { ...s, network: 'external', classified: true } : s)),
    };
    const before = r.length;
    expect(() => provisionTenants(bad, settingsFor('external'))).toThrow(PlacementError);
    expect(() => provisionTenants(bad, settingsFor('external'))).toThrow(
      new RegExp(`classified.*${plan.systems[0]!.id}`),
    );
    expect(r.length).toBe(before);
  });
});

describe('stack settings', () => {
  it('reads per-stack config and rejects a bad network or headroom by key', async () => {
    await mockPulumi('yunqian-tenants', 'internal', {
      'yunqian-tenants:network': 'internal',
      'yunqian-tenants:quotaHeadroom': '1.3',
    });
    expect(readSettings()).toMatchObject({
      network: 'internal',
      quotaHeadroom: 1.3,
      labelPrefix: 'yunqian.gov.cn',
    });
    await mockPulumi('yunqian-tenants', 'x', { 'yunqian-tenants:network': 'mars' });
    expect(() => readSettings()).toThrow(/yunqian-tenants:network/);
    await mockPulumi('yunqian-tenants', 'x', {
      'yunqian-tenants:network': 'external',
      'yunqian-tenants:quotaHeadroom': '0.5',
    });
    expect(() => readSettings()).toThrow(/quotaHeadroom/);
  });

  it('reads approved requests from the reviewed file `yunqian requests export` writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yq-approved-'));
    const file = join(dir, 'approved.yaml');
    writeFileSync(
      file,
      '# from yunqian requests export\n- system: a\n  cpu: 2\n  memoryGiB: 4\n  storageGiB: 0\n  request: 7\n',
    );
    await mockPulumi('yunqian-tenants', 'internal', {
      'yunqian-tenants:network': 'internal',
      'yunqian-tenants:approvedRequestsFile': file,
    });
    expect(readSettings().approvedRequests).toEqual([
      { system: 'a', cpu: 2, memoryGiB: 4, storageGiB: 0, request: 7 },
    ]);
    writeFileSync(file, '- system: a\n  cpu: -1\n');
    expect(() => readSettings()).toThrow(/approvedRequests\[0\]/);
    rmSync(dir, { recursive: true, force: true });
  });
});
