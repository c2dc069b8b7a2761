// What one viewer may read, and nothing else (Backstage's AuthorizedEntitiesCatalog is the
// pattern): made per request from the current read model version and the viewer's scope, it is
// the only door from the API to the data, so no router can forget to filter.
import { TRPCError } from '@trpc/server';
import { inScope, networkInScope, provinceWide, scopeOf, type Scope, type Viewer } from '../auth/policy.ts';
import { reviewChain, reviewLevelOf } from '../auth/review-levels.ts';
import type { Network, TrackedSystem, TrackerState } from '../model/index.ts';
import { NETWORKS } from '../model/index.ts';
import { burnUp, targetProgress } from '../tracker/index.ts';
import { findDrift, liveFor, tenantDrift } from '../tracker/drift.ts';
import { isolationBaseline } from '../tracker/baseline.ts';
import { Tally } from '../capacity/figures.ts';
import type { ReadModel } from './read-model.ts';
import { perPart, scopeKey } from './memo.ts';
import { scopedRollups, trackedById, visibleSystems } from './scoped.ts';
import { matchingSystems, nameMatches, type ListQuery } from './system-list.ts';
import { monthInputs, type ProposalDeadline } from '../scorecard/inputs.ts';
import { PlanningView } from './planning.ts';

const overviewMemo = perPart<ReturnType<ViewerCatalog['computeOverview']>, TrackerState>();
const pageMemo = perPart<ReturnType<ViewerCatalog['buildPage']>, TrackerState>();

/** One system as the systems list (and a live event) carries it. */
export type SystemRow = ReturnType<ViewerCatalog['systemRows']>[number];

export class ViewerCatalog {
  constructor(
    private readonly model: ReadModel,
    readonly scope: Scope,
  ) {}

  get version(): number {
    return this.model.version;
  }

  /** The tracker state; the API answers "no plan in force" before the first one. */
  private ready(): TrackerState {
    const state = this.model.state;
    if (!state) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'no plan is in force yet' });
    return state;
  }

  private get index() {
    this.ready();
    return this.model.index!;
  }

  /** When the figures were computed (null before the first state). */
  computedAt(): string | null {
    return this.model.state?.computedAt ?? null;
  }

  planLoaded(): boolean {
    return this.model.plan !== null;
  }

  /** The plan's state and problems, each named by its system and department where it has them. */
  planStatus() {
    const index = this.model.index;
    return {
      ...this.model.planStatus,
      // A city's or a network's team sees its own units' problems (and the plan's own, which
      // belong to no department).
      problems: this.model.planStatus.problems
        .filter((p) => !p.department || inScope(this.scope, p.department))
        .map((p) => ({
          ...p,
          systemName: (p.system && index?.system.get(p.system)?.name) || null,
          departmentName: (p.department && index?.org.get(p.department)?.name) || null,
        })),
      systems: this.model.plan?.systems.length ?? 0,
    };
  }

  sources() {
    return this.model.sources();
  }

  /** An organisation unit's name (the plan's organisation tree is public to every signed-in role). */
  orgName(id: string) {
    return this.model.index?.org.get(id)?.name ?? null;
  }

  /** The top-level unit (a department or a city) a unit rolls up to: what statements are kept by. */
  topLevelOf(id: string): string | null {
    return this.model.index?.topLevel.get(id)?.id ?? null;
  }

  orgExists(id: string): boolean {
    return !!this.model.index?.org.has(id);
  }

  /** The units that review a request of `department`, nearest first (county, city, province). */
  reviewChain(department: string): string[] {
    return this.model.index ? reviewChain(this.model.index, department) : [];
  }

  /** A unit and its ancestors, nearest first: the pools a request of the unit draws on. */
  unitChain(department: string): string[] {
    const o = this.model.index?.org.get(department);
    return o ? [o.id, ...[...o.ancestors].reverse()] : [];
  }

  /** The level at which a viewer reviews requests (null: at none). */
  reviewLevelOf(viewer: Viewer): string | null {
    return this.model.index ? reviewLevelOf(viewer, this.model.index) : null;
  }

  /** Whether `department` is `ancestor` or one of its sub-units. */
  within(ancestor: string, department: string): boolean {
    return !!this.model.index?.subtree.get(ancestor)?.has(department);
  }

  organisations() {
    return (this.model.plan?.organisations ?? []).map((o) => ({
      id: o.id,
      kind: o.kind,
      name: o.name,
      parentId: o.parentId,
    }));
  }

  /**
   * Whether another account's scope covers a system this viewer sees: whom a notice about it may
   * reach (a blocker's owner). Says nothing of systems outside the viewer's own scope.
   */
  seenBy(account: Viewer, system: string): boolean {
    const p = this.planned(system);
    return !!p && inScope(scopeOf(account, this.model.index), p.department, p.network);
  }

  /** A system's plan entry, only when its department is in scope (absent and hidden read alike). */
  planned(id: string) {
    const p = this.model.index?.system.get(id);
    return p && inScope(this.scope, p.department, p.network) ? p : undefined;
  }

  /** A planned system's name and network, whoever owns it (dependency maps name other systems). */
  plannedAnyName(id: string) {
    const p = this.model.index?.system.get(id);
    return p ? { name: p.name, network: p.network, department: p.department } : undefined;
  }

  /** A tracked system in scope. */
  tracked(id: string): TrackedSystem | undefined {
    const s = trackedById(this.ready()).get(id);
    return s && inScope(this.scope, s.department, s.network) ? s : undefined;
  }

  // ---- Overview and waves ----

  private computeOverview(state: TrackerState) {
    const plan = this.model.plan!;
    const index = this.index;
    const rollups = scopedRollups(state, this.scope, index);
    const visible = new Set(visibleSystems(state, this.scope).map((s) => s.topDepartment));
    const departments = plan.organisations
      .filter((o) => o.parentId && index.org.get(o.parentId)?.kind === 'province' && visible.has(o.id))
      .map((o) => ({ id: o.id, kind: o.kind, name: o.name, rollup: rollups.departments[o.id]! }))
      .filter((d) => d.rollup && d.rollup.total > 0);
    // Province targets are the province's: only a province-wide viewer sees them.
    const targets = provinceWide(this.scope)
      ? targetProgress(plan, state, this.model.history.all(), new Date(state.computedAt))
      : [];
    return {
      computedAt: state.computedAt,
      /** The plan's rule for what the migration rate counts (纳入统计), for the console to state. */
      scopeRule: { countApart: plan.scope.countApart, excludeClassified: plan.scope.excludeClassified },
      total: rollups.total,
      networks: rollups.networks,
      departments,
      targets: targets.map((t) => ({ ...t, name: plan.targets.find((x) => x.id === t.id)!.name })),
      legacyStillServing: this.legacyStillServing(state),
    };
  }

  /**
   * Systems whose legacy site still answers requests after its retirement was signed: the old
   * system everyone believes gone is still exposed (the tracker's legacy-still-serving finding).
   */
  private legacyStillServing(state: TrackerState) {
    const index = this.index;
    return visibleSystems(state, this.scope).flatMap((s) => {
      const b = s.blockers.find((x) => x.code === 'legacy-still-serving');
      if (!b) return [];
      return [
        {
          id: s.id,
          name: index.system.get(s.id)!.name,
          department: s.department,
          departmentName: index.org.get(s.department)?.name ?? null,
          hosts: String(b.params.hosts),
          ratePerSecond: Number(b.params.rate),
        },
      ];
    });
  }

  /**
   * A month's scorecard inputs for every organisation unit: province-wide figures, so only a
   * province-wide viewer asks (the closing operator).
   */
  async monthInputs(month: string, proposals: readonly ProposalDeadline[] = []) {
    const state = this.ready();
    if (!provinceWide(this.scope))
      throw new TRPCError({ code: 'FORBIDDEN', message: 'a month is closed for the whole province' });
    const report = this.model.capacity ? await this.model.capacity.report().catch(() => null) : null;
    return monthInputs(
      month,
      this.model.plan!,
      this.index,
      state,
      this.model.history.all(),
      report,
      proposals,
    );
  }

  /** The overview's figures (once per state and scope). */
  overview() {
    const state = this.ready();
    return overviewMemo(state, scopeKey(this.scope), () => this.computeOverview(state));
  }

  /**
   * The migration rate week by week over the last `days` (and today), for the counted systems in
   * scope: migrated on each day (from the stage history) ÷ those counted now. The targets and their
   * forecasts are the overview's.
   */
  rateTrend(days = 182) {
    const state = this.ready();
    const counted = visibleSystems(state, this.scope).filter((s) => s.inScope);
    const today = state.computedAt.slice(0, 10);
    const from = new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10);
    const points = burnUp(this.model.history.all(), new Set(counted.map((s) => s.id)), from, today)
      .filter((_, i, a) => i % 7 === 0 || i === a.length - 1)
      .map((p) => ({ date: p.date, rate: counted.length ? p.migrated / counted.length : null }));
    return { today, inScope: counted.length, points };
  }

  waves() {
    const state = this.ready();
    const plan = this.model.plan!;
    const rollups = scopedRollups(state, this.scope, this.index);
    const visible = visibleSystems(state, this.scope);
    const today = state.computedAt.slice(0, 10);
    return plan.waves.map((w) => {
      const ids = new Set(visible.filter((s) => s.wave === w.id).map((s) => s.id));
      // From the wave's start to today, past its end: systems of a wave that finish late count
      // too, so the line ends at the migrated figure shown beside it. Weekly points and today.
      return {
        ...w,
        rollup: rollups.waves[w.id] ?? null,
        burnUp:
          w.start <= today
            ? burnUp(this.model.history.all(), ids, w.start, today).filter(
                (_, i, a) => i % 7 === 0 || i === a.length - 1,
              )
            : [],
      };
    });
  }

  // ---- Systems ----

  /** One page of the systems in scope that match the query, and how many match in all. */
  systemsPage(q: ListQuery & { offset: number; limit: number }) {
    const state = this.ready();
    // The console asks for the same pages again and again between two versions.
    const key = JSON.stringify([scopeKey(this.scope), q]);
    return pageMemo(state, key, () => this.buildPage(state, q));
  }

  private buildPage(state: TrackerState, q: ListQuery & { offset: number; limit: number }) {
    const index = this.index;
    const matching = matchingSystems(state, this.scope, index, q);
    return {
      total: matching.length,
      rows: matching.slice(q.offset, q.offset + q.limit).map((s) => this.row(s)),
    };
  }

  /** A system as the list shows it: tracked state, the plan's facts, the last evidence only. */
  private row(s: TrackedSystem) {
    const index = this.index;
    const p = index.system.get(s.id)!;
    return {
      ...s,
      name: p.name,
      departmentName: index.org.get(s.department)?.name ?? null,
      strategy: p.strategy,
      mlps: p.mlps.level,
      classified: p.classified,
      start: p.start,
      cutover: p.cutover,
      evidence: undefined,
      lastEvidence: s.evidence.at(-1) ?? null,
    };
  }

  /**
   * What waits on a person, in scope: sign-offs signed and awaiting an operator's confirmation,
   * and systems whose evidence is complete up to a sign-off nobody has given yet.
   */
  todo() {
    const index = this.index;
    const rows = visibleSystems(this.ready(), this.scope)
      .filter((s) => s.waitingFor?.code.startsWith('awaiting-'))
      .map((s) => ({
        id: s.id,
        name: index.system.get(s.id)!.name,
        department: s.department,
        departmentName: index.org.get(s.department)?.name ?? null,
        kind: s.waitingFor!.code.includes('legacy-retired')
          ? ('legacy-retired' as const)
          : ('cut-over' as const),
        since: s.waitingFor!.params?.signedAt ?? null,
        signedBy: s.waitingFor!.params?.signedBy ?? null,
        overdue: s.overdue,
        // Signed and awaiting a second person, or awaiting the signature itself.
        confirming: s.waitingFor!.code.endsWith('-confirmation'),
      }));
    const strip = ({ confirming: _, ...r }: (typeof rows)[number]) => r;
    return {
      toConfirm: rows.filter((r) => r.confirming).map(strip),
      toSign: rows.filter((r) => !r.confirming).map(strip),
    };
  }

  /**
   * The header's search, within the scope: systems (by id, name or department name), departments
   * (by name), tenant namespaces (when the viewer may read tenants). A few of each.
   */
  find(q: string, withTenants: boolean, limit = 8) {
    const needle = q.trim().toLowerCase();
    const index = this.index;
    const systems = this.systemsPage({ search: needle, offset: 0, limit }).rows.map((r) => ({
      id: r.id,
      name: r.name,
      department: r.departmentName,
    }));
    const departments = [...index.org.values()]
      .filter((o) => o.kind !== 'province' && nameMatches(o.name, needle) && inScope(this.scope, o.id))
      .slice(0, limit)
      .map((o) => ({ id: o.id, name: o.name }));
    const namespaces = withTenants
      ? this.tenants({})
          .filter((t) => t.namespace.includes(needle))
          .slice(0, limit)
          .map((t) => ({ cluster: t.cluster, namespace: t.namespace, system: t.system }))
      : [];
    return { systems, departments, namespaces };
  }

  /** The list rows of these systems (those in scope), for a live event to patch lists with. */
  systemRows(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const s = this.tracked(id);
      return s ? [this.row(s)] : [];
    });
  }

  /** A system in scope with its plan, history and neighbours; undefined outside the scope. */
  systemDetail(id: string) {
    const state = this.ready();
    const index = this.index;
    const s = this.tracked(id);
    if (!s) return undefined;
    const p = index.system.get(s.id)!;
    const dep = (other: string) => {
      const d = index.system.get(other);
      return {
        id: other,
        name: d?.name ?? null,
        network: d?.network ?? null,
        stage: this.tracked(other)?.stage ?? null,
      };
    };
    return {
      ...s,
      plan: { ...p },
      departmentName: index.org.get(s.department)?.name ?? null,
      history: this.model.history.forSystem(s.id),
      dependsOn: p.dependsOn.map((d) => ({ ...dep(d.system), channel: d.channel ?? null })),
      dependents: state.systems
        .filter((x) => index.system.get(x.id)!.dependsOn.some((d) => d.system === s.id))
        .map((x) => dep(x.id)),
    };
  }

  /**
   * A department's dependency map: its systems, the systems they depend on or that depend on them
   * (named, but with a stage only where the viewer may see it), and which edges cross networks.
   */
  dependencies(department?: string) {
    const state = this.ready();
    const index = this.index;
    const within = department ? index.subtree.get(department) : null;
    const own = visibleSystems(state, this.scope).filter((s) => !within || within.has(s.department));
    const ownIds = new Set(own.map((s) => s.id));
    const edges: { from: string; to: string; channel: string | null; crossNetwork: boolean }[] = [];
    for (const p of index.system.values()) {
      for (const d of p.dependsOn) {
        if (!ownIds.has(p.id) && !ownIds.has(d.system)) continue;
        const to = index.system.get(d.system);
        edges.push({
          from: p.id,
          to: d.system,
          channel: d.channel ?? null,
          crossNetwork: !!to && to.network !== p.network,
        });
      }
    }
    const ids = new Set([...ownIds, ...edges.flatMap((e) => [e.from, e.to])]);
    const nodes = [...ids].map((id) => {
      const p = index.system.get(id);
      const t = this.tracked(id);
      return {
        id,
        name: p?.name ?? null,
        network: p?.network ?? null,
        own: ownIds.has(id),
        stage: t?.stage ?? null,
        department: t?.department ?? null,
      };
    });
    return { nodes, edges };
  }

  /** Systems in scope as options for a picker: id, name and department, optionally searched. */
  systemOptions(q: { department?: string | undefined; search?: string | undefined; limit: number }) {
    const page = this.systemsPage({ department: q.department, search: q.search, offset: 0, limit: q.limit });
    return {
      total: page.total,
      options: page.rows.map((r) => ({
        id: r.id,
        name: r.name,
        department: r.department,
        network: r.network,
      })),
    };
  }

  // ---- Clusters, tenants and drift ----

  /** Clusters of both networks with their health and figures (no tenant detail). */
  clusterList() {
    return this.clustersInScope().map((c) => ({
      ...c.cluster,
      status: c.status,
      ...c.summary,
      tenants: c.tenants.length,
      unassigned: c.unassigned.length,
    }));
  }

  /** The clusters of the viewer's network(s): a network's team sees nothing of the other's. */
  private clustersInScope() {
    return this.model.clusters().filter((c) => networkInScope(this.scope, c.cluster.network));
  }

  private liveTenants() {
    return this.clustersInScope().flatMap((c) => c.tenants);
  }

  /**
   * What the live quotas of `department`'s subtree use on `network` (their status.used: requests of
   * running pods, claimed storage), and whether a cluster of that network is not answering (the
   * figure is then as last seen).
   */
  quotaUsedUnder(department: string, network: Network) {
    const within = this.model.index?.subtree.get(department) ?? new Set([department]);
    const clusters = this.clustersInScope().filter((c) => c.cluster.network === network);
    const used = clusters
      .flatMap((c) => c.tenants)
      .filter(
        (t) =>
          t.department !== null && within.has(t.department) && inScope(this.scope, t.department, network),
      )
      .reduce(
        (a, t) => ({
          cpu: a.cpu + (t.quota?.used.cpu ?? 0),
          memoryGiB: a.memoryGiB + (t.quota?.used.memory ?? 0) / 2 ** 30,
          storageGiB: a.storageGiB + (t.quota?.used.storage ?? 0) / 2 ** 30,
        }),
        { cpu: 0, memoryGiB: 0, storageGiB: 0 },
      );
    const stale = clusters.find((c) => c.status?.state !== 'synced')?.status ?? null;
    return { used, stale };
  }

  /** Tenant namespaces in scope, with what they lack of the isolation baseline. */
  tenants(q: { department?: string | undefined; system?: string | undefined }) {
    const index = this.model.index;
    const within = q.department ? index?.subtree.get(q.department) : null;
    const status = new Map(this.model.clusters().map((c) => [c.cluster.id, c.status]));
    return this.liveTenants()
      .filter(
        (t) =>
          t.department !== null &&
          inScope(this.scope, t.department, t.network) &&
          (!within || within.has(t.department)) &&
          (!q.system || t.system === q.system),
      )
      .map((t) => {
        const s = status.get(t.cluster) ?? null;
        return {
          ...t,
          departmentName: t.department ? (index?.org.get(t.department)?.name ?? null) : null,
          systemName: t.system ? (index?.system.get(t.system)?.name ?? null) : null,
          stale: s?.state !== 'synced' ? s : null,
          /** What the tenant lacks of the isolation baseline (the console shows it, never recomputes it). */
          baselineProblems: isolationBaseline(t),
        };
      });
  }

  /** Namespaces that resolve to no department (only a viewer of a whole network sees them). */
  unassigned() {
    if (this.scope.kind !== 'all') return [];
    return this.clustersInScope().flatMap((c) =>
      c.unassigned.map((n) => ({
        cluster: c.cluster.id,
        network: c.cluster.network,
        name: n.name,
        labels: n.labels,
        createdAt: n.createdAt,
      })),
    );
  }

  /** A cluster's network and a namespace's labels, to check a label change (province-wide only). */
  namespace(cluster: string, namespace: string) {
    if (this.scope.kind !== 'all') return { cluster: undefined, labels: undefined };
    const c = this.clustersInScope().find((x) => x.cluster.id === cluster);
    return { cluster: c?.cluster, labels: c?.namespaces.get(namespace) };
  }

  stacks() {
    return {
      configured: this.model.declared !== null,
      stacks: this.model.stacks,
      sources: this.model.sources().filter((s) => s.kind === 'pulumi'),
    };
  }

  /** Drift in scope, with counts per kind and the number of systems concerned. */
  drift() {
    const declared = this.model.declared;
    if (declared === null)
      return {
        configured: false as const,
        items: [],
        counts: {},
        systems: 0,
        unassigned: this.unassigned().length,
      };
    // A network's team compares its own network's declarations with its own network's namespaces.
    const own = declared.filter((d) => !d.network || networkInScope(this.scope, d.network));
    const items = findDrift(own, this.liveTenants()).filter(
      (d) => d.department !== null && inScope(this.scope, d.department),
    );
    const counts: Record<string, number> = {};
    for (const d of items) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    return {
      configured: true as const,
      items,
      counts,
      systems: new Set(items.flatMap((d) => (d.system ? [d.system] : []))).size,
      // Namespaces with no department are not tenants, so not drift: counted here beside it, as
      // the clusters page counts them, so the two pages' figures can be read together.
      unassigned: this.unassigned().length,
    };
  }

  /** One tenant, declared next to live, with the exact differences; undefined outside the scope. */
  tenantDetail(namespace: string) {
    const declared = (this.model.declared ?? []).filter(
      (x) => !x.network || networkInScope(this.scope, x.network),
    );
    const live = this.liveTenants();
    const d = declared.find((x) => x.namespace === namespace) ?? null;
    const l = d ? liveFor(d, live) : (live.find((t) => t.namespace === namespace) ?? null);
    const department = d?.department ?? l?.department ?? null;
    const network = d?.network ?? l?.network ?? null;
    if ((!d && !l) || department === null || !inScope(this.scope, department, network)) return undefined;
    return {
      namespace,
      declared: d,
      live: l && {
        cluster: l.cluster,
        network: l.network,
        department: l.department,
        system: l.system,
        quota: l.quota?.hard ?? null,
        networkPolicies: l.networkPolicies,
        roleBindings: l.roleBindings,
      },
      drift: d ? tenantDrift(d, l) : findDrift([], l ? [l] : []),
    };
  }

  /** The wave planner (#24) over the viewer's systems. */
  planning(): PlanningView {
    return new PlanningView(this.model, this.scope);
  }

  // ---- Capacity ----

  private async capacityReport() {
    const capacity = this.model.capacity;
    if (!capacity) return null;
    const r = await capacity.report();
    if (!r) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Prometheus has not answered yet' });
    return r;
  }

  /** Networks → clusters, the department ranking, planned demand and showback. */
  async capacityOverview() {
    const r = await this.capacityReport();
    if (!r) return { configured: false as const };
    const index = this.model.index;
    const clusterName = new Map(this.model.clusters().map((c) => [c.cluster.id, c.cluster.name]));
    const scope = this.scope;
    // A network's team: its network's figures only, the department rows cut to that network, and
    // neither the province's total nor its showback (which sum both networks).
    const only = scope.kind === 'none' ? undefined : scope.network;
    const departments = r.departments
      .filter((d) => inScope(scope, d.department) && (!only || d.byNetwork[only]))
      .map((d) =>
        only ? { ...d, figures: d.byNetwork[only]!, byNetwork: { [only]: d.byNetwork[only]! } } : d,
      );
    const networks = r.networks.filter((n) => networkInScope(scope, n.network));
    return {
      configured: true as const,
      ...r,
      ...(only ? { total: networks[0]!.figures, showback: null } : {}),
      systems: undefined,
      networks: networks.map((n) => ({
        ...n,
        clusters: n.clusters.map((c) => ({ ...c, name: clusterName.get(c.cluster) ?? null })),
      })),
      departments: departments.map((d) => ({ ...d, name: index?.org.get(d.department)?.name ?? null })),
    };
  }

  async capacityTrends() {
    if (!this.model.capacity) return { configured: false as const, trends: [], stale: false };
    return { configured: true as const, ...(await this.model.capacity.trends()) };
  }

  /** Quota bars per system and network, within the scope. */
  async quotas() {
    const r = await this.capacityReport();
    if (!r) return { configured: false as const };
    const index = this.model.index;
    const systems = r.systems
      .filter((s) => inScope(this.scope, s.department, s.network))
      .map((s) => ({ ...s, name: index?.system.get(s.system)?.name ?? null }));
    const byNetwork = NETWORKS.flatMap((network) => {
      const rows = systems.filter((s) => s.network === network);
      if (!rows.length) return [];
      const t = new Tally();
      for (const s of rows) t.addFigures(s.figures);
      return [{ network, figures: t.againstQuota() }];
    });
    return { configured: true as const, at: r.at, stale: r.stale, sources: r.sources, byNetwork, systems };
  }
}
