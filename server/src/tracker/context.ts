// Observations indexed once per recompute, so evaluating each system is a few map look-ups.
import { indexPlan, type Plan, type PlanIndex } from '@yunqian/plan';
import type { Cluster, DeclaredTenant, Observations, Signoff, SourceStatus, Tenant, Traffic } from '../model/index.ts';
import type { TrackerConfig } from './config.ts';

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
  /** Sources that are not fresh, by cluster id ('' for cloud-wide sources). */
  staleByCluster: Map<string, SourceStatus[]>;
}

export const tenantKey = (cluster: string, namespace: string) => `${cluster}/${namespace}`;
export const signoffKey = (system: string, kind: Signoff['kind']) => `${system}#${kind}`;

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

export function buildContext(plan: Plan, obs: Observations, now: Date, config: TrackerConfig, index = indexPlan(plan)): TrackContext {
  const stale = obs.sources.filter((s) => s.state !== 'synced');
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
    staleByCluster: groupBy(stale, (s) => s.cluster ?? ''),
  };
}
