// The in-memory cache of one cluster: trimmed objects per kind, filled by informers (or by the
// sandbox, which emits the same objects), and the cluster model built from it.
import type { Cluster, Tenant, TenantBackups, VeleroState, Workload } from '../../model/index.ts';
import { resolveTenant, type TenancyConfig } from './tenancy.ts';
import * as trim from './trim.ts';
import * as velero from './velero.ts';

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
  Schedule: velero.trimSchedule,
  Backup: velero.trimBackup,
  Restore: velero.trimRestore,
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
/**
 * Velero's kinds (velero.ts): the backup gate reads them. They live in Velero's namespace, not the
 * tenant's, so a change concerns every tenant of the cluster; a cluster may not serve them at all.
 */
export const BACKUP_KINDS: ReadonlySet<Kind> = new Set<Kind>(['Schedule', 'Backup', 'Restore']);
type Rec<K extends Kind> = ReturnType<(typeof KINDS)[K]>;
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Meta {
  metadata?: { name?: string; namespace?: string };
}

const keyOf = (o: Meta) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export interface ClusterSummary {
  nodes: number;
  readyNodes: number;
  capacity: { cpu: number; memory: number; pods: number };
  allocatable: { cpu: number; memory: number; pods: number };
  pods: number;
  namespaces: number;
}

export class ClusterCache {
  private readonly stores = new Map<Kind, Map<string, unknown>>();
  /** Stage kinds' objects by namespace, so one namespace's tenant is derived without a scan. */
  private readonly byNamespace = new Map<Kind, Map<string, Map<string, unknown>>>();
  /** Each namespace's tenant (or its being unassigned), derived again only when it changed. */
  private readonly derived = new Map<string, { tenant: Tenant | null; unassigned: boolean }>();
  private derivedStale: Set<string> | 'all' = 'all';
  private derivedFor: TenancyConfig | null = null;
  private lastTenants: { tenants: Tenant[]; unassigned: trim.NamespaceRec[] } | null = null;
  /** When each workload was first seen with all replicas ready (for kinds without conditions). */
  private readonly readySeen = new Map<string, string>();
  version = 0;
  /**
   * Namespaces whose stage-relevant objects changed since the tracker last asked ('all' after a
   * relist and at start): the tracker re-evaluates only the systems living there.
   */
  private dirty: Set<string> | 'all' = 'all';
  /** Velero's kinds not served by the cluster (404), or failing with their error. */
  private readonly backupKindState = new Map<Kind, 'absent' | { error: string }>();
  private lastBackups: { key: string; byNs: Map<string, TenantBackups> } | null = null;
  /** Namespaces Velero runs in (`backups.veleroNamespaces`): its objects elsewhere are not evidence. */
  veleroNamespaces: ReadonlySet<string> = new Set(['velero']);
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
    const rec = type === 'DELETED' ? null : (KINDS[kind] as (o: unknown) => unknown)(obj);
    if (BACKUP_KINDS.has(kind)) {
      const prev = store.get(key) as velero.NamespaceSelection | undefined;
      // A running backup updates its progress often; the trimmed record ignores it: no recompute.
      if (rec !== null && JSON.stringify(prev) === JSON.stringify(rec)) return;
      // Only the tenants the object names (before and after) are concerned, unless it selects by
      // pattern or selects them all: a daily backup per tenant must not re-evaluate the cluster.
      this.backupsChanged([
        ...velero.namedNamespaces(prev),
        ...velero.namedNamespaces(rec as velero.NamespaceSelection | null),
      ]);
    }
    if (rec === null) store.delete(key);
    else store.set(key, rec);
    if (STAGE_KINDS.has(kind)) {
      const ns = (kind === 'Namespace' ? obj.metadata?.name : obj.metadata?.namespace) ?? '';
      if (kind !== 'Namespace') this.index(kind, ns, key, rec);
      if (this.dirty !== 'all') this.dirty.add(ns);
      if (this.derivedStale !== 'all') this.derivedStale.add(ns);
      this.lastTenants = null;
    }
    this.version++;
    this.onChange?.(kind);
  }

  /** Replace a kind's contents after a (re)list, so objects deleted while disconnected disappear. */
  replace<K extends Kind>(kind: K, objs: (Parameters<(typeof KINDS)[K]>[0] & Meta)[]): void {
    const store = this.stores.get(kind)!;
    store.clear();
    for (const o of objs) store.set(keyOf(o), (KINDS[kind] as (o: unknown) => unknown)(o));
    if (BACKUP_KINDS.has(kind)) {
      this.backupKindState.delete(kind);
      this.backupsChanged();
    }
    if (STAGE_KINDS.has(kind)) {
      if (kind !== 'Namespace') {
        this.byNamespace.delete(kind);
        for (const o of objs) this.index(kind, o.metadata?.namespace ?? '', keyOf(o), store.get(keyOf(o)));
      }
      this.dirty = 'all';
      this.derivedStale = 'all';
      this.lastTenants = null;
    }
    this.version++;
    this.onChange?.(kind);
  }

  /** A Velero kind is not served by the cluster (its list answered 404): none of its objects exist. */
  markAbsent(kind: Kind): void {
    if (this.backupKindState.get(kind) === 'absent' && !this.stores.get(kind)!.size) return;
    this.stores.get(kind)!.clear();
    this.backupKindState.set(kind, 'absent');
    this.backupsChanged();
    this.version++;
    this.onChange?.(kind);
  }

  /** A Velero kind cannot be read now (its error), or can again (null). */
  markFailing(kind: Kind, error: string | null): void {
    const prev = this.backupKindState.get(kind);
    if (error === null ? typeof prev !== 'object' : typeof prev === 'object' && prev.error === error) return;
    if (error === null) this.backupKindState.delete(kind);
    else this.backupKindState.set(kind, { error });
    this.backupsChanged();
    this.onChange?.(kind);
  }

  /** `concerned`: the tenant namespaces a change speaks of (ALL among them: every tenant). */
  private backupsChanged(concerned: readonly (string | typeof velero.ALL)[] = [velero.ALL]): void {
    this.lastBackups = null;
    // Velero's objects live in its own namespace and speak of others.
    if (concerned.includes(velero.ALL)) this.dirty = 'all';
    else if (this.dirty !== 'all') for (const ns of concerned) if (typeof ns === 'string') this.dirty.add(ns);
  }

  /** Whether Velero can be read on this cluster: any kind failing, else any kind not served. */
  veleroState(): { velero: VeleroState; error?: string | undefined } {
    const states = [...BACKUP_KINDS].map((k) => this.backupKindState.get(k));
    const failing = states.find((x) => typeof x === 'object');
    if (failing) return { velero: 'unreadable', error: failing.error };
    return { velero: states.includes('absent') ? 'absent' : 'installed' };
  }

  /**
   * Each tenant namespace's backup evidence, derived again only after a Velero object, a
   * namespace or the set of Velero namespaces changed.
   */
  backups(namespaces: readonly string[]): Map<string, TenantBackups> {
    const key = `${[...this.veleroNamespaces].join(',')}|${namespaces.join(',')}`;
    if (this.lastBackups?.key === key) return this.lastBackups.byNs;
    const byNs = velero.tenantBackups(
      this.cluster.id,
      namespaces,
      this.veleroState(),
      { schedules: this.list('Schedule'), backups: this.list('Backup'), restores: this.list('Restore') },
      this.veleroNamespaces,
    );
    this.lastBackups = { key, byNs };
    return byNs;
  }

  private index(kind: Kind, ns: string, key: string, rec: unknown): void {
    let byNs = this.byNamespace.get(kind);
    if (!byNs) this.byNamespace.set(kind, (byNs = new Map()));
    let inNs = byNs.get(ns);
    if (!inNs) byNs.set(ns, (inNs = new Map()));
    if (rec === null) inNs.delete(key);
    else inNs.set(key, rec);
  }

  private inNamespace<K extends Kind>(kind: K, ns: string): Rec<K>[] {
    const m = this.byNamespace.get(kind)?.get(ns);
    return m ? ([...m.values()] as Rec<K>[]) : [];
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
  summary(): ClusterSummary {
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

  /**
   * Tenants and unassigned namespaces. Each namespace's tenant is derived again only after one of
   * its objects changed: a change in one tenant costs that tenant, not the cluster.
   */
  tenants(cfg: TenancyConfig): { tenants: Tenant[]; unassigned: trim.NamespaceRec[] } {
    if (cfg !== this.derivedFor) {
      this.derivedFor = cfg;
      this.derivedStale = 'all';
      this.lastTenants = null;
    }
    if (this.lastTenants) return this.lastTenants;
    const namespaces = this.stores.get('Namespace') as Map<string, trim.NamespaceRec>;
    const stale = this.derivedStale;
    if (stale === 'all') this.derived.clear();
    const now = this.clock().toISOString();
    const tenants: Tenant[] = [];
    const unassigned: trim.NamespaceRec[] = [];
    for (const ns of namespaces.values()) {
      let d = stale === 'all' || stale.has(ns.name) ? undefined : this.derived.get(ns.name);
      if (!d) this.derived.set(ns.name, (d = this.derive(ns, cfg, now)));
      if (d.tenant) tenants.push(d.tenant);
      else if (d.unassigned) unassigned.push(ns);
    }
    if (stale !== 'all')
      for (const name of stale) if (!namespaces.has(keyOf({ metadata: { name } }))) this.derived.delete(name);
    this.derivedStale = new Set();
    this.lastTenants = { tenants, unassigned };
    return this.lastTenants;
  }

  private derive(ns: trim.NamespaceRec, cfg: TenancyConfig, now: string) {
    if (ns.phase === 'Terminating') return { tenant: null, unassigned: false };
    const r = resolveTenant(ns, cfg);
    if (!r) return { tenant: null, unassigned: !isSystemNamespace(ns.name) };
    const q = this.inNamespace('ResourceQuota', ns.name);
    const policies = this.inNamespace('NetworkPolicy', ns.name);
    const workloads = [
      ...this.inNamespace('Deployment', ns.name),
      ...this.inNamespace('StatefulSet', ns.name),
      ...this.inNamespace('DaemonSet', ns.name),
    ];
    const tenant: Tenant = {
      cluster: this.cluster.id,
      network: this.cluster.network,
      namespace: ns.name,
      department: r.department,
      system: r.system,
      createdAt: ns.createdAt,
      workloads: workloads.map((w) => this.workload(w, now)),
      defaultDeny: trim.defaultDeny(policies),
      quota: q.length
        ? { hard: sumAmounts(q.map((x) => x.hard)), used: sumAmounts(q.map((x) => x.used)) }
        : null,
      limitRanges: this.inNamespace('LimitRange', ns.name).length,
      networkPolicies: policies.map((p) => ({ name: p.name, digest: p.digest })),
      roleBindings: this.inNamespace('RoleBinding', ns.name).map((b) => ({
        name: b.name,
        roleRef: b.roleRef,
        subjects: b.subjects,
      })),
    };
    return { tenant, unassigned: false };
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
