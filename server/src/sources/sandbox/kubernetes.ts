// The sandbox's Kubernetes objects, in their real API shapes, for a given moment. They are fed
// into the same ClusterCache the informers fill, so the sandbox exercises trimming, tenant
// resolution and the cluster model exactly as production does.
import type { Plan, PlannedSystem } from '@yunqian/plan';
import type {
  V1Deployment,
  V1LimitRange,
  V1Namespace,
  V1NetworkPolicy,
  V1ResourceQuota,
  V1Node,
} from '@kubernetes/client-node';
import { tenantLabels } from '../kubernetes/tenancy.ts';
import type { Kind } from '../kubernetes/cluster-cache.ts';
import { milestones } from './timeline.ts';
import { namespaceFor, placement, quotaHard, SANDBOX_CLUSTERS } from './clusters.ts';
import { NODE_ALLOCATABLE, NODE_CAPACITY, SANDBOX_NODES, tenantLoad } from './load.ts';

export type SandboxObject = {
  kind: Kind;
  obj: V1Namespace | V1Deployment | V1NetworkPolicy | V1ResourceQuota | V1Node | V1LimitRange;
};

export function sandboxObjects(plan: Plan, now: number, labelPrefix: string): Map<string, SandboxObject[]> {
  const keys = tenantLabels(labelPrefix);
  const byCluster = new Map<string, SandboxObject[]>(SANDBOX_CLUSTERS.map((c) => [c.id, nodes(c.id)]));
  const orgName = new Map(plan.organisations.map((o) => [o.id, o.name.zh]));
  for (const s of plan.systems) {
    if (s.strategy === 'retire' || s.strategy === 'retain') continue;
    const m = milestones(s);
    if (now < m.provisioned) continue;
    const cluster = placement(s);
    const ns = namespaceFor(s);
    const out = byCluster.get(cluster.id)!;
    out.push({
      kind: 'Namespace',
      obj: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: ns,
          creationTimestamp: new Date(m.provisioned),
          labels: {
            [keys.department]: s.department,
            [keys.system]: s.id,
            [keys.network]: s.network,
            'kubernetes.io/metadata.name': ns,
          },
          annotations: {
            [keys.departmentName]: orgName.get(s.department) ?? '',
            [keys.systemName]: s.name.zh,
          },
          managedFields: [{ manager: 'pulumi-resource-kubernetes', operation: 'Apply' }],
        },
        status: { phase: 'Active' },
      },
    });
    out.push(quota(s, ns, now));
    out.push(...policies(s, ns));
    out.push({
      kind: 'LimitRange',
      obj: {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'defaults', namespace: ns },
        spec: {
          limits: [
            {
              type: 'Container',
              _default: { cpu: '500m', memory: '512Mi' },
              defaultRequest: { cpu: '100m', memory: '128Mi' },
            },
          ],
        },
      },
    });
    if (now >= m.deployed) out.push(...deployments(s, ns, m, now));
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

function quota(s: PlannedSystem, ns: string, now: number): SandboxObject {
  const hard = quotaHard(s);
  // Quota use is what the tenant's pods request (the same load the sandbox's Prometheus reports).
  const load = tenantLoad(s, now);
  return {
    kind: 'ResourceQuota',
    obj: {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'tenant-quota', namespace: ns },
      spec: { hard },
      status: {
        hard,
        used: {
          'requests.cpu': String(load?.requests.cpu ?? 0),
          'requests.memory': String(load?.requests.memory ?? 0),
          'requests.storage': '0',
        },
      },
    },
  };
}

function policies(s: PlannedSystem, ns: string): SandboxObject[] {
  const deny = (name: string, types: string[]): SandboxObject => ({
    kind: 'NetworkPolicy',
    obj: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: ns },
      spec: { podSelector: {}, policyTypes: types },
    },
  });
  // A handful of internal tenants were created by hand without the egress policy.
  if (s.network === 'internal')
    return s.id.length % 23 === 0
      ? [deny('default-deny-ingress', ['Ingress'])]
      : [deny('default-deny', ['Ingress', 'Egress'])];
  return [deny('default-deny-ingress', ['Ingress'])];
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
