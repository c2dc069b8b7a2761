import type { Traffic } from '../../model/index.ts';
import type { TrafficSource } from '../types.ts';
import type { PrometheusClient } from './client.ts';
import { readAll } from '../read-all.ts';

/** Default serving signal: ingress-nginx request rate per namespace over the last 15 minutes. */
export const DEFAULT_TRAFFIC_QUERY =
  'sum by (cluster, namespace) (rate(nginx_ingress_controller_requests[15m]))';

/**
 * One query for all tenants (grouped by cluster and namespace), joined to tenants in memory,
 * plus one query per system that has its own serving signal configured (its result, summed,
 * stands for the whole system). The query count grows only with those configured exceptions.
 */
export class PromTrafficSource implements TrafficSource {
  constructor(
    readonly id: string,
    private readonly client: PrometheusClient,
    private readonly query: string = DEFAULT_TRAFFIC_QUERY,
    private readonly defaultCluster?: string,
    private readonly systemQueries: Record<string, string> = {},
  ) {}

  async traffic(): Promise<Traffic[]> {
    const [samples, ...own] = await Promise.all([
      this.client.query(this.query),
      ...Object.values(this.systemQueries).map((q) => this.client.query(q)),
    ]);
    const perTenant = samples!
      .filter((s) => s.metric.namespace)
      .map((s) => ({
        cluster: this.defaultCluster ?? s.metric.cluster ?? '',
        namespace: s.metric.namespace!,
        system: null,
        value: s.value,
        observedAt: new Date(s.time * 1000).toISOString(),
      }));
    const perSystem = Object.keys(this.systemQueries).map((system, i) => ({
      cluster: this.defaultCluster ?? '',
      namespace: '',
      system,
      value: own[i]!.reduce((a, s) => a + (Number.isFinite(s.value) ? s.value : 0), 0),
      observedAt: new Date((own[i]![0]?.time ?? Date.now() / 1000) * 1000).toISOString(),
    }));
    return [...perTenant, ...perSystem];
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
    return (await readAll(this.sources, (s) => s.traffic())).flat();
  }
}
