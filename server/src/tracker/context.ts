// Observations indexed once per recompute, so evaluating each system is a few map look-ups.
import { indexPlan, type Plan, type PlanIndex } from '@yunqian/plan';
import type { Cluster, DeclaredTenant, Network, Observations, Signoff, SourceStatus, Tenant, Traffic } from '../model/index.ts';
import type { TrackerConfig } from './config.ts';
import { groupBy } from '../lib/group-by.ts';

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
  trafficByTenant: Map<string, Traffic> | null;
  signoffs: Map<string, Signoff>;
  blockersBySystem: Map<string, Observations['blockers']>;
  /** Sources a system on each network depends on that are not fresh: cloud-wide ones and its network's clusters. */
  staleByNetwork: Record<Network, SourceStatus[]>;
}

export const tenantKey = (cluster: string, namespace: string) => `${cluster}/${namespace}`;
export const signoffKey = (system: string, kind: Signoff['kind']) => `${system}#${kind}`;

export function buildContext(plan: Plan, obs: Observations, now: Date, config: TrackerConfig, index = indexPlan(plan)): TrackContext {
  const staleByCluster = groupBy(obs.sources.filter((s) => s.state !== 'synced'), (s) => s.cluster ?? '');
  const staleOn = (network: Network) => [
    ...(staleByCluster.get('') ?? []),
    ...obs.clusters.filter((c) => c.network === network).flatMap((c) => staleByCluster.get(c.id) ?? []),
  ];
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
    trafficByTenant: obs.traffic && new Map(obs.traffic.map((t) => [tenantKey(t.cluster, t.namespace), t])),
    signoffs: new Map(obs.signoffs.filter((s) => s.confirmedAt).map((s) => [signoffKey(s.system, s.kind), s])),
    blockersBySystem: groupBy(obs.blockers, (b) => b.system),
    staleByNetwork: { internal: staleOn('internal'), external: staleOn('external') },
  };
}
