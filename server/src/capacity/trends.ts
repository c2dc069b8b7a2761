// 30-day trends: per-cluster series from Prometheus, summed per network in memory.
import type { Amounts, CapacityTrend, Cluster, TrendPoint } from '../model/index.ts';
import { NETWORKS } from '../model/index.ts';

/** One cluster's series, as read from Prometheus (points sorted by time). */
export interface ClusterSeries {
  cluster: string;
  points: TrendPoint[];
}

const add = (a: Amounts, b: Amounts) => {
  a.cpu += b.cpu;
  a.memory += b.memory;
};

export function sumTrends(series: ClusterSeries[], clusters: Cluster[]): CapacityTrend[] {
  const networkOf = new Map(clusters.map((c) => [c.id, c.network]));
  const known = series.filter((s) => networkOf.has(s.cluster));
  const perCluster: CapacityTrend[] = known.map((s) => ({
    network: networkOf.get(s.cluster)!,
    cluster: s.cluster,
    points: s.points,
  }));
  const perNetwork: CapacityTrend[] = NETWORKS.map((network) => {
    const byT = new Map<number, TrendPoint>();
    for (const s of known) {
      if (networkOf.get(s.cluster) !== network) continue;
      for (const p of s.points) {
        let q = byT.get(p.t);
        if (!q)
          byT.set(
            p.t,
            (q = {
              t: p.t,
              allocatable: { cpu: 0, memory: 0 },
              requested: { cpu: 0, memory: 0 },
              usage: { cpu: 0, memory: 0 },
            }),
          );
        add(q.allocatable, p.allocatable);
        add(q.requested, p.requested);
        add(q.usage, p.usage);
      }
    }
    return { network, cluster: null, points: [...byT.values()].sort((a, b) => a.t - b.t) };
  });
  return [...perNetwork, ...perCluster];
}
