import type { Traffic } from '../../model/index.ts';
import type { TrafficSource } from '../types.ts';
import type { PrometheusClient } from './client.ts';

/** Default serving signal: ingress-nginx request rate per namespace over the last 15 minutes. */
export const DEFAULT_TRAFFIC_QUERY =
  'sum by (cluster, namespace) (rate(nginx_ingress_controller_requests[15m]))';

/** One query for all tenants (grouped by cluster and namespace), joined to tenants in memory. */
export class PromTrafficSource implements TrafficSource {
  constructor(
    readonly id: string,
    private readonly client: PrometheusClient,
    private readonly query: string = DEFAULT_TRAFFIC_QUERY,
    private readonly defaultCluster?: string,
  ) {}

  async traffic(): Promise<Traffic[]> {
    const samples = await this.client.query(this.query);
    return samples
      .filter((s) => s.metric.namespace)
      .map((s) => ({
        cluster: this.defaultCluster ?? s.metric.cluster ?? '',
        namespace: s.metric.namespace!,
        value: s.value,
        observedAt: new Date(s.time * 1000).toISOString(),
      }));
  }
}

/**
 * Several Prometheus servers (one per cluster, or one shared) read as one source. All are asked
 * at once; if any fails, the whole reading fails and the last good one stays (marked stale).
 */
export class CombinedTrafficSource implements TrafficSource {
  readonly id: string;

  constructor(private readonly sources: TrafficSource[]) {
    this.id = sources.length === 1 ? sources[0]!.id : 'prometheus';
  }

  async traffic(): Promise<Traffic[]> {
    const results = await Promise.allSettled(this.sources.map((s) => s.traffic()));
    const failed = results.flatMap((r, i) =>
      r.status === 'rejected' ? [`${this.sources[i]!.id}: ${(r.reason as Error).message}`] : [],
    );
    if (failed.length) throw new Error(failed.join('; '));
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }
}
