// The in-memory cache of one cluster: trimmed objects per kind, filled by informers (or by the
// sandbox, which emits the same objects), and the cluster model built from it.
import type { Cluster, Tenant, Workload } from '../../model/index.ts';
import { resolveTenant, type TenancyConfig } from './tenancy.ts';
import * as trim from './trim.ts';
import { groupBy } from '../../lib/group-by.ts';

export const KINDS = {
  Namespace: trim.trimNamespace,
  Deployment: trim.trimDeployment,
  StatefulSet: trim.trimStatefulSet,
  DaemonSet: trim.trimDaemonSet,
  ResourceQuota: trim.trimQuota,
  LimitRange: trim.trimLimitRange,
  NetworkPolicy: trim.trimNetworkPolicy,
  RoleBinding: trim.trimRoleBinding,
  Pod: trim.trimPod,
  Node: trim.trimNode,
} as const;
export type Kind = keyof typeof KINDS;
/**
 * Kinds a system's stage, blockers or drift are read from. Pods and Nodes only feed counts and
 * capacity, which are read on demand: their events (the busiest by far) recompute nothing.
 */
export const STAGE_KINDS: ReadonlySet<Kind> = new Set<Kind>([
  'Namespace',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ResourceQuota',
  'LimitRange',
  'NetworkPolicy',
  'RoleBinding',
]);
type Rec<K extends Kind> = ReturnType<(typeof KINDS)[K]>;
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Meta {
  metadata?: { name?: string; namespace?: string };
}

const keyOf = (o: Meta) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class ClusterCache {
  private readonly stores = new Map<Kind, Map<string, unknown>>();
  /** When each workload was first seen with all replicas ready (for kinds without conditions). */
  private readonly readySeen = new Map<string, string>();
  version = 0;
  /**
   * Namespaces whose stage-relevant objects changed since the tracker last asked ('all' after a
   * relist and at start): the tracker re-evaluates only the systems living there.
   */
  private dirty: Set<string> | 'all' = 'all';
  /** Called after every change with its kind, so the owner can schedule a recompute when it matters. */
  onChange: ((kind: Kind) => void) | null = null;

  constructor(
    readonly cluster: Cluster,
    private readonly clock: () => Date = () => new Date(),
  ) {
    for (const k of Object.keys(KINDS) as Kind[]) this.stores.set(k, new Map());
  }

  apply<K extends Kind>(kind: K, type: EventType, obj: Parameters<(typeof KINDS)[K]>[0] & Meta): void {
    const store = this.stores.get(kind)!;
    const key = keyOf(obj);
    if (type === 'DELETED') store.delete(key);
    else store.set(key, (KINDS[kind] as (o: unknown) => unknown)(obj));
    if (this.dirty !== 'all' && STAGE_KINDS.has(kind))
      this.dirty.add((kind === 'Namespace' ? obj.metadata?.name : obj.metadata?.namespace) ?? '');
    this.version++;
    this.onChange?.(kind);
  }

  /** Replace a kind's contents after a (re)list, so objects deleted while disconnected disappear. */
  replace<K extends Kind>(kind: K, objs: (Parameters<(typeof KINDS)[K]>[0] & Meta)[]): void {
    const store = this.stores.get(kind)!;
    store.clear();
    for (const o of objs) store.set(keyOf(o), (KINDS[kind] as (o: unknown) => unknown)(o));
    if (STAGE_KINDS.has(kind)) this.dirty = 'all';
    this.version++;
    this.onChange?.(kind);
  }

  /** The namespaces changed since the last call (or 'all'), and starts collecting afresh. */
  takeChangedNamespaces(): ReadonlySet<string> | 'all' {
    const d = this.dirty;
    this.dirty = new Set();
    return d;
  }

  list<K extends Kind>(kind: K): Rec<K>[] {
    return [...this.stores.get(kind)!.values()] as Rec<K>[];
  }

  count(kind: Kind): number {
    return this.stores.get(kind)!.size;
  }

  /** Cluster-wide figures for the clusters page. */
  summary(): {
    nodes: number;
    readyNodes: number;
    capacity: { cpu: number; memory: number; pods: number };
    allocatable: { cpu: number; memory: number; pods: number };
    pods: number;
    namespaces: number;
  } {
    const nodes = this.list('Node');
    const sum = (pick: (n: trim.NodeRec) => trim.NodeRec['allocatable']) => ({
      cpu: nodes.reduce((a, n) => a + (pick(n).cpu ?? 0), 0),
      memory: nodes.reduce((a, n) => a + (pick(n).memory ?? 0), 0),
      pods: nodes.reduce((a, n) => a + (pick(n).pods ?? 0), 0),
    });
    return {
      nodes: nodes.length,
      readyNodes: nodes.filter((n) => n.ready).length,
      capacity: sum((n) => n.capacity),
      allocatable: sum((n) => n.allocatable),
      pods: this.count('Pod'),
      namespaces: this.count('Namespace'),
    };
  }

  tenants(cfg: TenancyConfig): { tenants: Tenant[]; unassigned: trim.NamespaceRec[] } {
    const byNs = <T extends { namespace: string }>(items: T[]) => groupBy(items, (i) => i.namespace);
    const workloads = byNs([
      ...this.list('Deployment'),
      ...this.list('StatefulSet'),
      ...this.list('DaemonSet'),
    ]);
    const quotas = byNs(this.list('ResourceQuota'));
    const policies = byNs(this.list('NetworkPolicy'));
    const limitRanges = byNs(this.list('LimitRange'));
    const bindings = byNs(this.list('RoleBinding'));
    const now = this.clock().toISOString();
    const tenants: Tenant[] = [];
    const unassigned: trim.NamespaceRec[] = [];
    for (const ns of this.list('Namespace')) {
      if (ns.phase === 'Terminating') continue;
      const r = resolveTenant(ns, cfg);
      if (!r) {
        if (!isSystemNamespace(ns.name)) unassigned.push(ns);
        continue;
      }
      const q = quotas.get(ns.name) ?? [];
      tenants.push({
        cluster: this.cluster.id,
        network: this.cluster.network,
        namespace: ns.name,
        department: r.department,
        system: r.system,
        createdAt: ns.createdAt,
        workloads: (workloads.get(ns.name) ?? []).map((w) => this.workload(w, now)),
        defaultDeny: trim.defaultDeny(policies.get(ns.name) ?? []),
        quota: q.length
          ? { hard: sumAmounts(q.map((x) => x.hard)), used: sumAmounts(q.map((x) => x.used)) }
          : null,
        limitRanges: limitRanges.get(ns.name)?.length ?? 0,
        networkPolicies: (policies.get(ns.name) ?? []).map((p) => ({ name: p.name, digest: p.digest })),
        roleBindings: (bindings.get(ns.name) ?? []).map((b) => ({
          name: b.name,
          roleRef: b.roleRef,
          subjects: b.subjects,
        })),
      });
    }
    return { tenants, unassigned };
  }

  private workload(w: trim.WorkloadRec, now: string): Workload {
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    const allReady = w.desired > 0 && w.ready >= w.desired;
    if (!allReady) this.readySeen.delete(key);
    else if (!this.readySeen.has(key)) this.readySeen.set(key, w.availableSince ?? now);
    return {
      kind: w.kind,
      name: w.name,
      desired: w.desired,
      ready: w.ready,
      readySince: allReady ? (w.availableSince ?? this.readySeen.get(key)) : undefined,
    };
  }
}

const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
export const isSystemNamespace = (name: string) => SYSTEM_NAMESPACES.has(name);

function sumAmounts(list: trim.QuotaRec['hard'][]): trim.QuotaRec['hard'] {
  const out: trim.QuotaRec['hard'] = {};
  for (const a of list)
    for (const [k, v] of Object.entries(a) as [keyof typeof out, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}
