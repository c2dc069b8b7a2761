// The sandbox's Kubernetes objects, in their real API shapes, for a given moment. They are fed
// into the same ClusterCache the informers fill, so the sandbox exercises trimming, tenant
// resolution and the cluster model exactly as production does.
import type { Plan, PlannedSystem, TenantSpec } from '@yunqian/plan';
import type {
  V1Deployment,
  V1LimitRange,
  V1Namespace,
  V1NetworkPolicy,
  V1ResourceQuota,
  V1Node,
  V1RoleBinding,
} from '@kubernetes/client-node';
import type { Kind } from '../kubernetes/cluster-cache.ts';
import { milestones } from './timeline.ts';
import { handEdits, placement, sandboxTenant, SANDBOX_CLUSTERS } from './clusters.ts';
import { NODE_ALLOCATABLE, NODE_CAPACITY, SANDBOX_NODES, tenantLoad } from './load.ts';
import { veleroObjects, type VeleroObject } from './velero.ts';

export type SandboxObject =
  | {
      kind: Kind;
      obj:
        | V1Namespace
        | V1Deployment
        | V1NetworkPolicy
        | V1ResourceQuota
        | V1Node
        | V1LimitRange
        | V1RoleBinding;
    }
  | VeleroObject;

export function sandboxObjects(plan: Plan, now: number, labelPrefix: string): Map<string, SandboxObject[]> {
  const byCluster = new Map<string, SandboxObject[]>(SANDBOX_CLUSTERS.map((c) => [c.id, nodes(c.id)]));
  const orgName = new Map(plan.organisations.map((o) => [o.id, o.name.zh]));
  for (const s of plan.systems) {
    if (s.strategy === 'retire' || s.strategy === 'retain') continue;
    const m = milestones(s);
    if (now < m.provisioned) continue;
    const spec = sandboxTenant(s, labelPrefix, (id) => orgName.get(id) ?? '');
    const edits = handEdits(s);
    const ns = spec.namespace.metadata.name;
    const out = byCluster.get(placement(s).id)!;
    out.push({
      kind: 'Namespace',
      obj: {
        ...spec.namespace,
        metadata: {
          ...spec.namespace.metadata,
          labels: { ...spec.namespace.metadata.labels, 'kubernetes.io/metadata.name': ns },
          creationTimestamp: new Date(m.provisioned),
          managedFields: [{ manager: 'pulumi-resource-kubernetes', operation: 'Apply' }],
        },
        status: { phase: 'Active' },
      } as V1Namespace,
    });
    out.push(quota(s, spec.quota, now, edits.raisedQuota));
    for (const p of spec.networkPolicies)
      if (!(edits.droppedEgressPolicy && p.metadata.name === 'default-deny-egress'))
        out.push({ kind: 'NetworkPolicy', obj: p as V1NetworkPolicy });
    if (!edits.droppedRoleBinding) out.push({ kind: 'RoleBinding', obj: spec.roleBinding as V1RoleBinding });
    out.push({ kind: 'LimitRange', obj: spec.limitRange as V1LimitRange });
    if (now >= m.deployed) out.push(...deployments(s, ns, m, now));
    out.push(...veleroObjects(s, ns, m, now));
  }
  // Namespaces no plan explains, for the operators' unassigned list.
  byCluster.get('ww-services')!.push(unassigned('legacy-portal-test'), unassigned('vendor-demo'));
  return byCluster;
}

function nodes(cluster: string): SandboxObject[] {
  const gi = (bytes: number) => `${bytes / 2 ** 30}Gi`;
  return Array.from({ length: SANDBOX_NODES[cluster] ?? 6 }, (_, i) => ({
    kind: 'Node' as const,
    obj: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `${cluster}-node-${i + 1}` },
      status: {
        capacity: { cpu: String(NODE_CAPACITY.cpu), memory: gi(NODE_CAPACITY.memory), pods: '110' },
        allocatable: { cpu: String(NODE_ALLOCATABLE.cpu), memory: gi(NODE_ALLOCATABLE.memory), pods: '110' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    } as V1Node,
  }));
}

function unassigned(name: string): SandboxObject {
  return {
    kind: 'Namespace',
    obj: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, creationTimestamp: new Date('2025-03-01T00:00:00Z') },
      status: { phase: 'Active' },
    },
  };
}

function quota(s: PlannedSystem, declared: TenantSpec['quota'], now: number, raised: boolean): SandboxObject {
  // Someone raised the CPU quota by hand on a few tenants: live differs from the code.
  const hard = raised
    ? { ...declared.spec!.hard, 'requests.cpu': String(Number(declared.spec!.hard['requests.cpu']) + 4) }
    : declared.spec!.hard;
  // Quota use is what the tenant's pods request (the same load the sandbox's Prometheus reports).
  const load = tenantLoad(s, now);
  return {
    kind: 'ResourceQuota',
    obj: {
      ...declared,
      spec: { hard },
      status: {
        hard,
        used: {
          'requests.cpu': String(load?.requests.cpu ?? 0),
          'requests.memory': String(load?.requests.memory ?? 0),
          'requests.storage': '0',
        },
      },
    } as V1ResourceQuota,
  };
}

function deployments(
  s: PlannedSystem,
  ns: string,
  m: ReturnType<typeof milestones>,
  now: number,
): SandboxObject[] {
  const running = now >= m.running;
  const ready = running ? (m.limping ? m.replicas - 1 : m.replicas) : 0;
  const names = ['web', 'api'];
  return names.map((name) => ({
    kind: 'Deployment' as const,
    obj: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name,
        namespace: ns,
        labels: { 'app.kubernetes.io/part-of': s.id, 'app.kubernetes.io/name': name },
      },
      spec: {
        replicas: m.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: { metadata: { labels: { 'app.kubernetes.io/name': name } } },
      },
      status: {
        replicas: m.replicas,
        readyReplicas: ready,
        conditions:
          ready >= m.replicas
            ? [
                {
                  type: 'Available',
                  status: 'True',
                  lastTransitionTime: new Date(m.running),
                  reason: 'MinimumReplicasAvailable',
                },
              ]
            : [{ type: 'Available', status: 'False', lastTransitionTime: new Date(m.deployed) }],
      },
    } as V1Deployment,
  }));
}
