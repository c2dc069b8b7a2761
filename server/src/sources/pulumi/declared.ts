// Maps a stack's resources to the tenants it declares: each Kubernetes Namespace with Yunqian's
// tenant labels, and the ResourceQuota, NetworkPolicies and RoleBindings declared in it.
import type { DeclaredTenant, Network, TenantRoleBinding } from '../../model/index.ts';
import { amounts, policyDigest } from '../kubernetes/trim.ts';
import { tenantLabels } from '../kubernetes/tenancy.ts';
import { groupBy } from '../../lib/group-by.ts';
import type { StateResource } from './checkpoint.ts';
import type { StackState } from './diy.ts';

interface K8sObject {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { hard?: Record<string, string> } & Record<string, unknown>;
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string }[];
}

const TYPES = {
  namespace: 'kubernetes:core/v1:Namespace',
  quota: 'kubernetes:core/v1:ResourceQuota',
  policy: 'kubernetes:networking.k8s.io/v1:NetworkPolicy',
  binding: 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding',
};

/** A resource's object as declared: its inputs (what the program asked for), else its outputs. */
const objectOf = (r: StateResource) => (r.inputs ?? r.outputs ?? {}) as K8sObject;

export function declaredTenants(state: StackState, backend: string, labelPrefix: string): DeclaredTenant[] {
  const keys = tenantLabels(labelPrefix);
  const resources = (state.deployment.resources ?? []).filter((r) => !r.delete);
  const inNamespace = (type: string) =>
    groupBy(resources.filter((r) => r.type === type).map(objectOf), (o) => o.metadata?.namespace ?? '');
  const quotas = inNamespace(TYPES.quota);
  const policies = inNamespace(TYPES.policy);
  const bindings = inNamespace(TYPES.binding);
  // A stack that declares no policies or bindings at all says nothing about them (null), which
  // is not the same as declaring none for one tenant.
  const declaresPolicies = resources.some((r) => r.type === TYPES.policy);
  const declaresBindings = resources.some((r) => r.type === TYPES.binding);
  const out: DeclaredTenant[] = [];
  for (const r of resources) {
    if (r.type !== TYPES.namespace) continue;
    const o = objectOf(r);
    const name = o.metadata?.name;
    const labels = o.metadata?.labels ?? {};
    if (!name) continue;
    const net = labels[keys.network];
    const hard = quotas.get(name)?.[0]?.spec?.hard;
    out.push({
      backend,
      stack: `${state.project}/${state.stack}`,
      network: net === 'internal' || net === 'external' ? (net as Network) : null,
      namespace: name,
      department: labels[keys.department] ?? null,
      system: labels[keys.system] ?? null,
      quota: hard ? amounts(hard) : null,
      networkPolicies: declaresPolicies
        ? (policies.get(name) ?? []).map((p) => ({
            name: p.metadata?.name ?? '',
            digest: policyDigest(p.spec),
          }))
        : null,
      roleBindings: declaresBindings ? (bindings.get(name) ?? []).map(bindingOf) : null,
      updatedAt: r.modified ?? state.modifiedAt,
    });
  }
  return out;
}

function bindingOf(o: K8sObject): TenantRoleBinding {
  return {
    name: o.metadata?.name ?? '',
    roleRef: `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`,
    subjects: (o.subjects ?? []).map((x) => `${x.kind}/${x.name}`).sort(),
  };
}
