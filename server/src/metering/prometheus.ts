// A month's allocation from Prometheus, one value per namespace and hour, through the same
// kube-state-metrics/cAdvisor expressions showback sums (capacity-queries.ts: Pending/Running pods'
// requests, cAdvisor's containers with an image, each series counted once, max(request, usage) per
// container). Three range queries per server at a one-hour step; the point at t is the hour
// (t − 1h, t]: requests and working set as scraped at t, CPU use averaged over the whole hour
// (rate over 1h — a five-minute glimpse per hour would bill what happened to be running then).
//
// Values are taken to whole nano-cores and whole bytes on arrival, so float noise in Prometheus's
// arithmetic can never move a fen nor change a closed month's digest.
//
// Never a statement from a stale or failing source: a query that fails, or an hour of the month
// with no kube-state-metrics or cAdvisor series at all (the Prometheus or its scrapes were down),
// refuses the month with the reason and the first hours missing.
import type { PrometheusClient, Series } from '../sources/prometheus/client.ts';
import { namespaceAllocationQueries } from '../sources/prometheus/capacity-queries.ts';
import type { HourlyAllocation } from './statement.ts';
import { HOUR_MS, type MonthSpan } from './month.ts';
import { MeteringRefusal } from './refusal.ts';

export interface MeteringSource {
  id: string;
  client: PrometheusClient;
  /** Set for a cluster's own Prometheus: its series need no `cluster` label. */
  cluster?: string | undefined;
}

/** Hours in which the source saw both exporters: anything else is an outage, not idle time. */
export const COVERAGE_QUERY =
  'count(kube_pod_status_phase) and on () count(container_memory_working_set_bytes{container!="",image!=""})';

const toNano = (v: number) => BigInt(Math.round(v * 1e9));
const toWhole = (v: number) => BigInt(Math.round(v));

export async function readMonthAllocation(
  sources: readonly MeteringSource[],
  span: MonthSpan,
  now: number,
): Promise<HourlyAllocation[]> {
  if (span.end > now) throw new MeteringRefusal('month', 'metering.monthNotOver', { month: span.month });
  if (sources.length === 0) throw new MeteringRefusal('month', 'metering.noSource');
  const q = namespaceAllocationQueries('1h');
  const start = new Date(span.start + HOUR_MS);
  const end = new Date(span.end);
  const out = new Map<string, HourlyAllocation>();
  for (const s of sources) {
    let answers: Series[][];
    try {
      answers = await Promise.all(
        [q.cpu, q.memory, q.storage, COVERAGE_QUERY].map((e) => s.client.queryRange(e, start, end, 3600)),
      );
    } catch (e) {
      throw new MeteringRefusal('month', 'metering.sourceFailed', {
        source: s.id,
        error: (e as Error).message,
      });
    }
    const [cpu = [], memory = [], storage = [], coverage = []] = answers;
    const hourOf = (t: number) => Math.round((t * 1000 - span.start) / HOUR_MS) - 1;
    const seen = new Set((coverage[0]?.values ?? []).filter(([, v]) => v > 0).map(([t]) => hourOf(t)));
    const missing: number[] = [];
    for (let h = 0; h < span.hours && missing.length < 3; h++) if (!seen.has(h)) missing.push(h);
    if (missing.length)
      throw new MeteringRefusal('month', 'metering.sourceGap', {
        source: s.id,
        hours: missing.map((h) => new Date(span.start + h * HOUR_MS).toISOString()).join(', '),
      });
    const put = (series: Series[], field: 'cpu' | 'memory' | 'storage', conv: (v: number) => bigint) => {
      for (const x of series) {
        if (!x.metric.namespace) continue;
        const cluster = s.cluster ?? x.metric.cluster ?? '';
        const k = `${cluster}/${x.metric.namespace}`;
        let a = out.get(k);
        if (!a) {
          const zeros = () => Array.from({ length: span.hours }, () => 0n);
          out.set(
            k,
            (a = { cluster, namespace: x.metric.namespace, cpu: zeros(), memory: zeros(), storage: zeros() }),
          );
        }
        for (const [t, v] of x.values) {
          const h = hourOf(t);
          if (h >= 0 && h < span.hours && Number.isFinite(v) && v > 0) a[field][h]! += conv(v);
        }
      }
    };
    put(cpu, 'cpu', toNano);
    put(memory, 'memory', toWhole);
    put(storage, 'storage', toWhole);
  }
  return [...out.values()].sort((a, b) =>
    a.cluster === b.cluster ? (a.namespace < b.namespace ? -1 : 1) : a.cluster < b.cluster ? -1 : 1,
  );
}
