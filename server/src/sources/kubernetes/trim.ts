// Objects are trimmed at ingest to what the cluster model needs: no managedFields, no specs we
// never read. This is what keeps the cache small (a cached pod is a handful of strings and numbers).
import type {
  V1DaemonSet,
  V1Deployment,
  V1Namespace,
  V1NetworkPolicy,
  V1Pod,
  V1ResourceQuota,
  V1StatefulSet,
  V1LimitRange,
  V1Node,
  V1RoleBinding,
} from '@kubernetes/client-node';
import { parseQuantity } from './quantity.ts';
import type { ResourceAmounts } from '../../model/index.ts';

export interface NamespaceRec {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: string;
  phase: string;
}

export interface WorkloadRec {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  /** The Available condition's transition time when it is True (Deployments only). */
  availableSince?: string | undefined;
}

export interface QuotaRec {
  namespace: string;
  name: string;
  hard: ResourceAmounts;
  used: ResourceAmounts;
}

export interface NetworkPolicyRec {
  namespace: string;
  name: string;
  /** The spec in canonical form, to compare with what a stack declares. */
  digest: string;
  /** Selects every pod of the namespace. */
  selectsAll: boolean;
  policyTypes: string[];
  hasIngressRules: boolean;
  hasEgressRules: boolean;
}

export interface PodRec {
  namespace: string;
  name: string;
  owner: string;
  phase: string;
  ready: boolean;
  node: string;
  cpuRequest: number;
  memoryRequest: number;
  cpuLimit: number;
  memoryLimit: number;
}

export interface NodeRec {
  name: string;
  capacity: ResourceAmounts;
  allocatable: ResourceAmounts;
  ready: boolean;
}

export interface LimitRangeRec {
  namespace: string;
  name: string;
}

const str = (s: string | undefined) => s ?? '';
const iso = (d: Date | string | undefined) =>
  d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : '';

/** Quota keys come as `cpu` or `requests.cpu`, `memory` or `requests.memory`: normalise them. */
export function amounts(map: Record<string, string> | undefined): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    const key = k.replace(/^requests\./, '');
    if (key === 'cpu' || key === 'memory' || key === 'storage' || key === 'pods') out[key] = parseQuantity(v);
  }
  return out;
}

export function trimNamespace(o: V1Namespace): NamespaceRec {
  return {
    name: str(o.metadata?.name),
    labels: { ...o.metadata?.labels },
    annotations: Object.fromEntries(
      Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => !k.startsWith('kubectl.kubernetes.io/')),
    ),
    createdAt: iso(o.metadata?.creationTimestamp),
    phase: str(o.status?.phase),
  };
}

export function trimDeployment(o: V1Deployment): WorkloadRec {
  const available = o.status?.conditions?.find((c) => c.type === 'Available' && c.status === 'True');
  return {
    kind: 'Deployment',
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    desired: o.spec?.replicas ?? 1,
    ready: o.status?.readyReplicas ?? 0,
    availableSince: available ? iso(available.lastTransitionTime) : undefined,
  };
}

export function trimStatefulSet(o: V1StatefulSet): WorkloadRec {
  return {
    kind: 'StatefulSet',
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    desired: o.spec?.replicas ?? 1,
    ready: o.status?.readyReplicas ?? 0,
  };
}

export function trimDaemonSet(o: V1DaemonSet): WorkloadRec {
  return {
    kind: 'DaemonSet',
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    desired: o.status?.desiredNumberScheduled ?? 0,
    ready: o.status?.numberReady ?? 0,
  };
}

export function trimQuota(o: V1ResourceQuota): QuotaRec {
  return {
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    hard: amounts(o.status?.hard ?? o.spec?.hard),
    used: amounts(o.status?.used),
  };
}

export function trimNetworkPolicy(o: V1NetworkPolicy): NetworkPolicyRec {
  const sel = o.spec?.podSelector;
  const types = o.spec?.policyTypes ?? (o.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  return {
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    selectsAll: !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length),
    policyTypes: types,
    hasIngressRules: (o.spec?.ingress ?? []).length > 0,
    hasEgressRules: (o.spec?.egress ?? []).length > 0,
    digest: policyDigest(o.spec),
  };
}

/**
 * Keys sorted, undefined and null dropped, and client-node's renamed reserved words (`_from`,
 * `_default`) back to their API names: equal specs give equal strings whoever wrote them.
 */
export function canonical(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .filter((k) => o[k] !== undefined && o[k] !== null)
          .map((k) => [k.startsWith('_') ? k.slice(1) : k, norm(o[k])] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return x;
  };
  return JSON.stringify(norm(v));
}

/** A NetworkPolicy spec's digest, with the API server's defaults applied (policy types, TCP). */
export function policyDigest(spec: unknown): string {
  const s = (spec ?? {}) as {
    podSelector?: unknown;
    policyTypes?: string[];
    ingress?: unknown[];
    egress?: unknown[];
  };
  const withTcp = (rules: unknown[] | undefined) =>
    (rules ?? []).map((r) => {
      const rule = r as { ports?: { protocol?: string }[] };
      return rule.ports
        ? { ...rule, ports: rule.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) }
        : rule;
    });
  return canonical({
    podSelector: s.podSelector ?? {},
    policyTypes: s.policyTypes ?? (s.egress ? ['Ingress', 'Egress'] : ['Ingress']),
    ingress: withTcp(s.ingress),
    egress: withTcp(s.egress),
  });
}

export interface RoleBindingRec {
  namespace: string;
  name: string;
  /** `Kind/name` of the role bound. */
  roleRef: string;
  /** `Kind/name` of each subject, sorted. */
  subjects: string[];
}

export function trimRoleBinding(o: V1RoleBinding): RoleBindingRec {
  return {
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    roleRef: `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`,
    subjects: (o.subjects ?? []).map((x) => `${x.kind}/${x.name}`).sort(),
  };
}

export function trimLimitRange(o: V1LimitRange): LimitRangeRec {
  return { namespace: str(o.metadata?.namespace), name: str(o.metadata?.name) };
}

export function trimPod(o: V1Pod): PodRec {
  let cpuRequest = 0,
    memoryRequest = 0,
    cpuLimit = 0,
    memoryLimit = 0;
  for (const c of o.spec?.containers ?? []) {
    cpuRequest += parseQuantity(c.resources?.requests?.cpu);
    memoryRequest += parseQuantity(c.resources?.requests?.memory);
    cpuLimit += parseQuantity(c.resources?.limits?.cpu);
    memoryLimit += parseQuantity(c.resources?.limits?.memory);
  }
  const owner = o.metadata?.ownerReferences?.[0];
  return {
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    owner: owner ? `${owner.kind}/${owner.name}` : '',
    phase: str(o.status?.phase),
    ready: o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    node: str(o.spec?.nodeName),
    cpuRequest,
    memoryRequest,
    cpuLimit,
    memoryLimit,
  };
}

export function trimNode(o: V1Node): NodeRec {
  return {
    name: str(o.metadata?.name),
    capacity: amounts(o.status?.capacity),
    allocatable: amounts(o.status?.allocatable),
    ready: o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
  };
}

/** A namespace is default-deny for a direction when an all-pods policy of that type has no rules. */
export function defaultDeny(policies: readonly NetworkPolicyRec[]): { ingress: boolean; egress: boolean } {
  const deny = (type: 'Ingress' | 'Egress', rules: (p: NetworkPolicyRec) => boolean) =>
    policies.some((p) => p.selectsAll && p.policyTypes.includes(type) && !rules(p));
  return {
    ingress: deny('Ingress', (p) => p.hasIngressRules),
    egress: deny('Egress', (p) => p.hasEgressRules),
  };
}
