// Observations indexed once per recompute, so evaluating each system is a few map look-ups.
import { indexPlan, type Plan, type PlanIndex } from '@yunqian/plan';
import type {
  Cluster,
  DeclaredTenant,
  Network,
  Observations,
  RetainException,
  Signoff,
  SourceStatus,
  Tenant,
  Traffic,
} from '../model/index.ts';
import type { TrackerConfig } from './config.ts';
import { groupBy } from '../lib/group-by.ts';
import { indexEndpoints, type EndpointIndex } from './proof.ts';

export interface TrackContext {
  plan: Plan;
  index: PlanIndex;
  obs: Observations;
  now: number;
  nowIso: string;
  config: TrackerConfig;
  clusters: Map<string, Cluster>;
  tenantsBySystem: Map<string, Tenant[]>;
  declaredBySystem: Map<string, DeclaredTenant[]> | null;
  /** Traffic by cluster, then namespace. */
  trafficByTenant: Map<string, Map<string, Traffic>> | null;
  /** Readings of systems with their own serving query. */
  trafficBySystem: Map<string, Traffic> | null;
  /** Confirmed sign-offs by system, then kind. */
  signoffs: Map<string, Partial<Record<Signoff['kind'], Signoff>>>;
  /** Sign-offs signed and not yet confirmed (the second person's turn), by system, then kind. */
  signed: Map<string, Partial<Record<Signoff['kind'], Signoff>>>;
  blockersBySystem: Map<string, Observations['blockers']>;
  /** Approved exceptions (不上云例外) by system: the one that holds longest. */
  exceptionsBySystem: Map<string, RetainException>;
  /** Probes, DNS answers and legacy traffic, indexed; null when no endpoint source is configured. */
  endpoints: EndpointIndex | null;
  /** Sources a system on each network depends on that are not fresh: cloud-wide ones and its network's clusters. */
  staleByNetwork: Record<Network, SourceStatus[]>;
  /** The same, as the references each tracked system carries (shared, built once). */
  staleRefsByNetwork: Record<Network, { id: string; lastSyncedAt?: string | undefined }[]>;
}

// Look-ups are keyed by the ids the sources already hold (no composite string keys to build and
// hash per system).
/** The source id under which the endpoint readings report their health. */
export const ENDPOINTS_SOURCE = 'prometheus/endpoints';

export const trafficOf = (ctx: TrackContext, t: Pick<Tenant, 'cluster' | 'namespace'>) =>
  ctx.trafficByTenant?.get(t.cluster)?.get(t.namespace);
/** A system's own serving signal, summed over every Prometheus that answered it. */
export const systemTrafficOf = (ctx: TrackContext, system: string) => ctx.trafficBySystem?.get(system);
export const signoffOf = (ctx: TrackContext, system: string, kind: Signoff['kind']) =>
  ctx.signoffs.get(system)?.[kind];
export const signedOf = (ctx: TrackContext, system: string, kind: Signoff['kind']) =>
  ctx.signed.get(system)?.[kind];

function indexSystemTraffic(traffic: Traffic[]): Map<string, Traffic> {
  const m = new Map<string, Traffic>();
  for (const t of traffic) {
    if (t.system === null) continue;
    const prev = m.get(t.system);
    m.set(t.system, prev ? { ...prev, value: prev.value + t.value } : t);
  }
  return m;
}

function indexTraffic(traffic: Traffic[]): Map<string, Map<string, Traffic>> {
  const m = new Map<string, Map<string, Traffic>>();
  for (const t of traffic) {
    if (t.system !== null) continue;
    let byNs = m.get(t.cluster);
    if (!byNs) m.set(t.cluster, (byNs = new Map()));
    byNs.set(t.namespace, t);
  }
  return m;
}

function indexExceptions(exceptions: readonly RetainException[]): Map<string, RetainException> {
  const m = new Map<string, RetainException>();
  for (const e of exceptions) {
    const prev = m.get(e.system);
    if (!prev || e.until > prev.until) m.set(e.system, e);
  }
  return m;
}

function indexSignoffs(signoffs: Signoff[], confirmed: boolean): TrackContext['signoffs'] {
  const m: TrackContext['signoffs'] = new Map();
  for (const so of signoffs) {
    if (!!so.confirmedAt !== confirmed) continue;
    let bySystem = m.get(so.system);
    if (!bySystem) m.set(so.system, (bySystem = {}));
    bySystem[so.kind] = so;
  }
  return m;
}

export function buildContext(
  plan: Plan,
  obs: Observations,
  now: Date,
  config: TrackerConfig,
  index = indexPlan(plan),
): TrackContext {
  // The endpoint readings' freshness is judged in each system's proof, not in all of its figures.
  const staleByCluster = groupBy(
    obs.sources.filter((s) => s.state !== 'synced' && s.id !== ENDPOINTS_SOURCE),
    (s) => s.cluster ?? '',
  );
  const staleOn = (network: Network) => [
    ...(staleByCluster.get('') ?? []),
    ...obs.clusters.filter((c) => c.network === network).flatMap((c) => staleByCluster.get(c.id) ?? []),
  ];
  const staleByNetwork = { internal: staleOn('internal'), external: staleOn('external') };
  return {
    plan,
    index,
    obs,
    now: now.getTime(),
    nowIso: now.toISOString(),
    config,
    clusters: new Map(obs.clusters.map((c) => [c.id, c])),
    tenantsBySystem: groupBy(obs.tenants, (t) => t.system),
    declaredBySystem: obs.declared && groupBy(obs.declared, (d) => d.system),
    trafficByTenant: obs.traffic && indexTraffic(obs.traffic),
    trafficBySystem: obs.traffic && indexSystemTraffic(obs.traffic),
    signoffs: indexSignoffs(obs.signoffs, true),
    signed: indexSignoffs(obs.signoffs, false),
    blockersBySystem: groupBy(obs.blockers, (b) => b.system),
    exceptionsBySystem: indexExceptions(obs.exceptions ?? []),
    endpoints: obs.endpoints
      ? indexEndpoints(
          obs.endpoints,
          obs.sources.some(
            (x) => x.kind === 'prometheus' && x.id === ENDPOINTS_SOURCE && x.state !== 'synced',
          ),
        )
      : null,
    staleByNetwork,
    staleRefsByNetwork: {
      internal: staleByNetwork.internal.map((x) => ({ id: x.id, lastSyncedAt: x.lastSyncedAt })),
      external: staleByNetwork.external.map((x) => ({ id: x.id, lastSyncedAt: x.lastSyncedAt })),
    },
  };
}
