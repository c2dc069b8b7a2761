// A version as the difference from the one before, so the API side receives what changed and not
// the whole province every time. The engine keeps unchanged parts as the same objects (stable.ts,
// the clusters' per-namespace tenants), so "changed" is object identity on the engine's side; the
// API side applies each delta, in order, once, to its own copies (mirror.ts).
import type { Plan } from '@yunqian/plan';
import type {
  DeclaredTenant,
  SourceStatus,
  StageChange,
  Tenant,
  TrackedSystem,
  TrackerState,
} from '../../model/index.ts';
import type { PlanStatus } from '../../sources/plan/plan-source.ts';
import type { StackSummary } from '../../sources/types.ts';
import type { NamespaceRec } from '../../sources/kubernetes/trim.ts';
import type { ClusterView, EngineVersion } from '../../read-model/read-model.ts';

/** Items of a keyed list that changed; `order` only when the keys themselves changed. */
export interface ListDelta<T> {
  changed: T[];
  order?: string[];
}

export interface MapDelta<V> {
  changed: [string, V][];
  removed: string[];
}

export interface ClusterDelta {
  cluster: ClusterView['cluster'];
  status: SourceStatus | null;
  summary: ClusterView['summary'];
  tenants: ListDelta<Tenant>;
  unassigned: NamespaceRec[];
  namespaces: MapDelta<Record<string, string>>;
}

/** The plan's systems and organisations as lists of changes; the small parts whole. */
export type PlanDelta =
  | { full: Plan | null }
  | (Omit<Plan, 'systems' | 'organisations'> & {
      systems: ListDelta<Plan['systems'][number]>;
      organisations: ListDelta<Plan['organisations'][number]>;
    });

export type StateDelta =
  { full: TrackerState | null } | (Omit<TrackerState, 'systems'> & { systems: ListDelta<TrackedSystem> });

/** One version; a part that is absent did not change. */
export interface VersionDelta {
  version: number;
  /** The version this delta applies to; null for a whole version (applies to nothing). */
  base: number | null;
  state?: StateDelta;
  plan?: PlanDelta;
  planStatus?: PlanStatus;
  stacks?: readonly StackSummary[];
  declared?: readonly DeclaredTenant[] | null;
  clusters?: ClusterDelta[];
  sources: SourceStatus[];
  /** Stage changes recorded since the previous version (already in the database). */
  changes: StageChange[];
}

export function diffList<T>(
  prev: readonly T[] | undefined,
  next: readonly T[],
  key: (t: T) => string,
): ListDelta<T> {
  if (!prev) return { changed: [...next], order: next.map(key) };
  const before = new Map(prev.map((t) => [key(t), t]));
  const changed = next.filter((t) => before.get(key(t)) !== t);
  const sameKeys = prev.length === next.length && next.every((t, i) => key(t) === key(prev[i]!));
  return sameKeys ? { changed } : { changed, order: next.map(key) };
}

export function applyList<T>(prev: readonly T[], d: ListDelta<T>, key: (t: T) => string): T[] {
  if (!d.changed.length && !d.order) return prev as T[];
  const byKey = new Map(prev.map((t) => [key(t), t]));
  for (const t of d.changed) byKey.set(key(t), t);
  return (d.order ?? prev.map(key)).map((k) => byKey.get(k)!);
}

export function diffMap<V>(
  prev: ReadonlyMap<string, V> | undefined,
  next: ReadonlyMap<string, V>,
): MapDelta<V> {
  const changed: [string, V][] = [];
  for (const [k, v] of next) if (prev?.get(k) !== v) changed.push([k, v]);
  const removed = prev ? [...prev.keys()].filter((k) => !next.has(k)) : [];
  return { changed, removed };
}

export function applyMap<V>(prev: ReadonlyMap<string, V>, d: MapDelta<V>): ReadonlyMap<string, V> {
  if (!d.changed.length && !d.removed.length) return prev;
  const m = new Map(prev);
  for (const k of d.removed) m.delete(k);
  for (const [k, v] of d.changed) m.set(k, v);
  return m;
}

const systemId = (s: TrackedSystem) => s.id;
const tenantKey = (t: Tenant) => t.namespace;

const byId = (x: { id: string }) => x.id;

function diffPlan(prev: Plan | null | undefined, next: Plan | null): PlanDelta {
  if (!prev || !next) return { full: next };
  const { systems, organisations, ...rest } = next;
  return {
    ...rest,
    systems: diffList(prev.systems, systems, byId),
    organisations: diffList(prev.organisations, organisations, byId),
  };
}

function applyPlan(prev: Plan | null, d: PlanDelta): Plan | null {
  if ('full' in d) return d.full;
  const { systems, organisations, ...rest } = d;
  return {
    ...rest,
    systems: applyList(prev?.systems ?? [], systems, byId),
    organisations: applyList(prev?.organisations ?? [], organisations, byId),
  };
}

// A new plan keeps the systems that did not change (stable.ts): they are not sent again.
function diffState(prev: TrackerState | null | undefined, next: TrackerState | null): StateDelta {
  if (!prev || !next) return { full: next };
  const { systems, ...rest } = next;
  return { ...rest, systems: diffList(prev.systems, systems, systemId) };
}

function applyState(prev: TrackerState | null, d: StateDelta): TrackerState | null {
  if ('full' in d) return d.full;
  const { systems, ...rest } = d;
  return { ...rest, systems: applyList(prev?.systems ?? [], systems, systemId) };
}

function diffClusters(
  prev: readonly ClusterView[] | undefined,
  next: readonly ClusterView[],
): ClusterDelta[] {
  const before = new Map(prev?.map((c) => [c.cluster.id, c]));
  return next.map((c) => {
    const p = before.get(c.cluster.id);
    return {
      cluster: c.cluster,
      status: c.status,
      summary: c.summary,
      tenants: diffList(p?.tenants, c.tenants, tenantKey),
      unassigned: c.unassigned,
      namespaces: diffMap(p?.namespaces, c.namespaces),
    };
  });
}

function applyClusters(prev: readonly ClusterView[], d: ClusterDelta[]): ClusterView[] {
  const before = new Map(prev.map((c) => [c.cluster.id, c]));
  return d.map((c) => {
    const p = before.get(c.cluster.id);
    return {
      cluster: c.cluster,
      status: c.status,
      summary: c.summary,
      tenants: applyList(p?.tenants ?? [], c.tenants, tenantKey),
      unassigned: c.unassigned,
      namespaces: applyMap(p?.namespaces ?? new Map(), c.namespaces),
    };
  });
}

/** What the receiving side holds of the last version it applied. */
export interface VersionParts {
  version: number;
  state: TrackerState | null;
  plan: Plan | null;
  planStatus: PlanStatus;
  stacks: readonly StackSummary[];
  declared: readonly DeclaredTenant[] | null;
  clusters: readonly ClusterView[];
  sources: SourceStatus[];
}

/** The engine's side: `next` as a delta from `prev` (null: the first version, sent whole). */
export function encodeVersion(
  prev: VersionParts | null,
  next: EngineVersion,
  changes: StageChange[],
): { delta: VersionDelta; parts: VersionParts } {
  const parts: VersionParts = {
    version: next.version,
    state: next.state,
    plan: next.plan,
    planStatus: next.planStatus,
    stacks: next.stacks,
    declared: next.declared,
    clusters: next.clusters(),
    sources: next.sources(),
  };
  const delta: VersionDelta = {
    version: next.version,
    base: prev?.version ?? null,
    sources: parts.sources,
    changes,
  };
  if (!prev || prev.state !== parts.state) delta.state = diffState(prev?.state, parts.state);
  if (!prev || prev.plan !== parts.plan) delta.plan = diffPlan(prev?.plan, parts.plan);
  if (!prev || prev.planStatus !== parts.planStatus) delta.planStatus = parts.planStatus;
  if (!prev || prev.stacks !== parts.stacks) delta.stacks = parts.stacks;
  if (!prev || prev.declared !== parts.declared) delta.declared = parts.declared;
  if (!prev || prev.clusters !== parts.clusters)
    delta.clusters = diffClusters(prev?.clusters, parts.clusters);
  return { delta, parts };
}

/** A delta that does not follow the version held: the holder must start again from a whole one. */
export class VersionGap extends Error {
  override name = 'VersionGap';
}

/** The API side: the parts after applying `d` to `prev` (null before the first version). */
export function applyVersion(prev: VersionParts | null, d: VersionDelta): VersionParts {
  // A whole version replaces whatever was there; a delta applies only to the version it was made from.
  if (d.base === null) prev = null;
  else if (!prev) throw new Error(`version ${d.version} is a delta, but no version was applied before it`);
  else if (prev.version !== d.base)
    throw new VersionGap(`version ${d.version} applies to ${d.base}, but ${prev.version} is held`);
  return {
    version: d.version,
    state: d.state ? applyState(prev?.state ?? null, d.state) : prev!.state,
    plan: d.plan ? applyPlan(prev?.plan ?? null, d.plan) : prev!.plan,
    planStatus: d.planStatus ?? prev!.planStatus,
    stacks: d.stacks ?? prev!.stacks,
    declared: d.declared !== undefined ? d.declared : prev!.declared,
    clusters: d.clusters ? applyClusters(prev?.clusters ?? [], d.clusters) : prev!.clusters,
    sources: d.sources,
  };
}
