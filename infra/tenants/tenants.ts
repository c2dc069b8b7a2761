// Provisions every tenant of one network from the plan: namespace, quota, limit range, network
// policies and the department's RoleBinding, all from the shared tenant spec.
import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { systemsForNetwork, tenantSpec, type Plan } from '@yunqian/plan';
import type { StackSettings } from './settings.ts';

export interface TenantSummary {
  system: string;
  department: string;
  namespace: string;
  network: string;
  quota: Record<string, string>;
}

export class PlacementError extends Error {}

/** Refuses what must never be provisioned, before anything is created. */
export function checkPlacement(plan: Plan, settings: StackSettings): void {
  const wrong = plan.systems.filter(
    (s) => s.network === settings.network && s.classified && s.network !== 'internal',
  );
  if (wrong.length)
    throw new PlacementError(
      `refusing to provision classified (涉密) systems on the ${settings.network} network: ${wrong.map((s) => s.id).join(', ')} — classified systems may only run on the internal network`,
    );
}

export function provisionTenants(plan: Plan, settings: StackSettings) {
  checkPlacement(plan, settings);
  const provider = new k8s.Provider(`${settings.network}-cluster`, {
    context: settings.kubeContext,
    // Server-side apply, so live fields other managers own are left alone.
    enableServerSideApply: true,
  });
  const org = new Map(plan.organisations.map((o) => [o.id, o]));
  const tenants: TenantSummary[] = [];
  // An approved exit removes the system's tenant: Pulumi deletes what the program no longer declares.
  const exits = new Set(settings.exits);
  for (const s of systemsForNetwork(plan.systems, settings.network).filter((x) => !exits.has(x.id))) {
    const spec = tenantSpec(
      s,
      settings,
      { department: org.get(s.department)?.name.zh ?? s.department, system: s.name.zh },
      settings.approvedRequests,
      settings.reductions,
    );
    const opts = { provider };
    const ns = new k8s.core.v1.Namespace(s.id, spec.namespace as k8s.core.v1.NamespaceArgs, opts);
    const inNs = { ...opts, parent: ns, dependsOn: [ns] };
    new k8s.core.v1.ResourceQuota(`${s.id}-quota`, spec.quota as k8s.core.v1.ResourceQuotaArgs, inNs);
    new k8s.core.v1.LimitRange(`${s.id}-limits`, spec.limitRange as k8s.core.v1.LimitRangeArgs, inNs);
    for (const p of spec.networkPolicies)
      new k8s.networking.v1.NetworkPolicy(
        `${s.id}-${p.metadata.name}`,
        p as k8s.networking.v1.NetworkPolicyArgs,
        inNs,
      );
    new k8s.rbac.v1.RoleBinding(`${s.id}-edit`, spec.roleBinding as k8s.rbac.v1.RoleBindingArgs, inNs);
    tenants.push({
      system: s.id,
      department: s.department,
      namespace: spec.namespace.metadata.name,
      network: s.network,
      quota: spec.quota.spec!.hard,
    });
  }
  return {
    network: settings.network,
    tenantCount: tenants.length,
    // The Kubernetes operator's Stack status carries outputs only: this summary is what lets
    // Yunqian map such a stack to its tenants.
    tenants: pulumi.output(tenants),
  };
}
