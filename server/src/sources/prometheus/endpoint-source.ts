// Reads the cut-over and retirement evidence from Prometheus: blackbox-exporter's probe_success
// and probe_http_status_code per probe target, and the legacy site's request counter per host
// (nginx-module-vts's nginx_vts_server_requests_total{host, code="total"} by default) — its
// requests over the quiet window, its rate now and the window's first sample. Several servers
// are read as one (any failure fails the reading); DNS answers come from the resolver when set.
import type { EndpointReadings, LegacyReading } from '../../model/index.ts';
import type { PrometheusClient, Sample } from './client.ts';
import { readAll } from '../read-all.ts';
import type { DnsNameResolver } from '../dns/name-resolver.ts';

export interface EndpointQueries {
  probeSuccessQuery: string;
  probeStatusQuery: string;
  legacyRequests: string;
  legacyHostLabel: string;
  legacyQuietDays: number;
}

export interface EndpointSource {
  readonly id: string;
  read(): Promise<EndpointReadings>;
}

/**
 * blackbox-exporter's `instance` is the probe target after the usual relabelling
 * (`__param_target` → `instance`): a URL (`https://name/path`) or `host:port`. The name is its host.
 */
export function probeName(instance: string): string {
  try {
    if (instance.includes('://')) return new URL(instance).hostname.toLowerCase();
  } catch {
    // not a URL after all: read as host[:port]
  }
  return instance.replace(/:\d+$/, '').toLowerCase();
}

/** The defaults: blackbox-exporter's series, nginx-module-vts's counter, a week of quiet. */
export const DEFAULT_ENDPOINT_QUERIES: EndpointQueries = {
  probeSuccessQuery: 'min by (instance) (probe_success)',
  probeStatusQuery: 'max by (instance) (probe_http_status_code)',
  legacyRequests: 'nginx_vts_server_requests_total{code="total"}',
  legacyHostLabel: 'host',
  legacyQuietDays: 7,
};

/** The five queries one reading asks (the sandbox's Prometheus knows them by their text). */
export function endpointQueries(q: EndpointQueries) {
  const { legacyRequests: sel, legacyHostLabel: by, legacyQuietDays: days } = q;
  return {
    probeSuccess: q.probeSuccessQuery,
    probeStatus: q.probeStatusQuery,
    legacyRequests: `sum by (${by}) (increase(${sel}[${days}d]))`,
    legacyRate: `sum by (${by}) (rate(${sel}[15m]))`,
    legacySince: `min by (${by}) (min_over_time(timestamp(${sel})[${days}d:1h]))`,
  };
}

interface Legacy {
  requests: Sample[];
  rate: Sample[];
  since: Sample[];
}

export class PromEndpointSource implements EndpointSource {
  constructor(
    readonly id: string,
    private readonly servers: { id: string; client: PrometheusClient }[],
    private readonly q: EndpointQueries,
    private readonly clock: () => Date,
    private readonly dns: { resolver: DnsNameResolver; names: () => string[] } | null = null,
  ) {}

  async read(): Promise<EndpointReadings> {
    const q = endpointQueries(this.q);
    // Evaluated at the server's one clock (the sandbox's in the sandbox), not at Prometheus's.
    const now = this.clock();
    const [answers, dns] = await Promise.all([
      readAll(this.servers, async ({ client }) => {
        const [success, status, requests, rate, since] = await Promise.all(
          [q.probeSuccess, q.probeStatus, q.legacyRequests, q.legacyRate, q.legacySince].map((x) =>
            client.query(x, now),
          ),
        );
        return {
          success: success!,
          status: status!,
          legacy: { requests: requests!, rate: rate!, since: since! },
        };
      }),
      this.dns ? this.dns.resolver.resolve(this.dns.names()) : Promise.resolve([]),
    ]);
    return {
      observedAt: now.toISOString(),
      probes: probes(answers),
      dns,
      legacy: legacy(
        answers.map((a) => a.legacy),
        this.q.legacyHostLabel,
      ),
      legacyDays: this.q.legacyQuietDays,
    };
  }
}

/** Every probe of a name must succeed; its status is the failing probe's, else the highest. */
function probes(answers: { success: Sample[]; status: Sample[] }[]): EndpointReadings['probes'] {
  const byName = new Map<string, { success: number; status: number | null; failedStatus: number | null }>();
  for (const a of answers) {
    const statusOf = new Map(a.status.map((s) => [s.metric.instance ?? '', s.value]));
    for (const s of a.success) {
      const instance = s.metric.instance;
      if (!instance) continue;
      const name = probeName(instance);
      const status = statusOf.get(instance) ?? null;
      const prev = byName.get(name);
      const success = Math.min(prev?.success ?? Infinity, s.value);
      byName.set(name, {
        success,
        status: status === null ? (prev?.status ?? null) : Math.max(prev?.status ?? 0, status),
        failedStatus: s.value < 1 ? status : (prev?.failedStatus ?? null),
      });
    }
  }
  return [...byName].map(([name, p]) => ({
    name,
    success: p.success,
    status: p.success < 1 && p.failedStatus !== null ? p.failedStatus : p.status,
  }));
}

/** Per host: requests summed over the servers, the highest rate, the earliest sample. */
function legacy(readings: Legacy[], by: string): LegacyReading[] {
  const hosts = new Map<string, LegacyReading>();
  const at = (host: string) => {
    let h = hosts.get(host);
    if (!h) hosts.set(host, (h = { host, requests: null, ratePerSecond: null, since: null }));
    return h;
  };
  const num = (v: number) => (Number.isFinite(v) ? v : 0);
  for (const r of readings) {
    for (const s of r.requests) {
      const h = at((s.metric[by] ?? '').toLowerCase());
      h.requests = (h.requests ?? 0) + num(s.value);
    }
    for (const s of r.rate) {
      const h = at((s.metric[by] ?? '').toLowerCase());
      h.ratePerSecond = Math.max(h.ratePerSecond ?? 0, num(s.value));
    }
    for (const s of r.since) {
      const h = at((s.metric[by] ?? '').toLowerCase());
      const iso = new Date(s.value * 1000).toISOString();
      if (!h.since || iso < h.since) h.since = iso;
    }
  }
  return [...hosts.values()].filter((h) => h.host);
}
