// The evidence of idleness, from Prometheus: per tenant namespace, the chosen quantile over the
// window of use ÷ request (CPU and memory) at one point per hour, through the same kube-state-metrics
// and cAdvisor series the capacity pages and metering read (namespaceUseQueries: Pending/Running
// pods' requests, containers with an image, each series once; CPU use averaged over each hour), the
// quantile of the use itself (what the proposal keeps), the quota's hard limits now, and one point a
// day for the chart (that day's quantile of the hourly shares).
//
// Never evidence from a stale source: a query that fails, a source that sees no kube-state-metrics
// or cAdvisor series now, or an hour of the window in which it saw none (an outage looks exactly
// like idleness) refuses the whole scan with the reason. A namespace is judged only when it had
// requests at every hour of the window (a tenant created last week has no 14 idle days).
import type { PrometheusClient, Sample, Series } from '../sources/prometheus/client.ts';
import {
  namespaceUseQueries,
  quotaResource,
  SNAPSHOT_QUERIES,
} from '../sources/prometheus/capacity-queries.ts';
import { COVERAGE_QUERY } from '../metering/prometheus.ts';
import { GiB, type ReclamationRules, type TenantReading } from './rule.ts';

export interface ReclamationSource {
  id: string;
  client: PrometheusClient;
  /** Set for a cluster's own Prometheus: its series need no `cluster` label. */
  cluster?: string | undefined;
}

export type ReclamationReason =
  'reclamation.sourceFailed' | 'reclamation.sourceStale' | 'reclamation.noSource';

/** The scan refused: nothing is proposed (the field is the scan as a whole). */
export class ReclamationRefusal extends Error {
  constructor(
    readonly reason: ReclamationReason,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${reason}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
  }
}

/** One point of the chart: a day's quantile of the hourly shares (end of the day, epoch ms). */
export interface DailyPoint {
  at: number;
  cpu: number | null;
  memory: number | null;
}

export interface NamespaceEvidence {
  cluster: string;
  namespace: string;
  reading: TenantReading;
  daily: DailyPoint[];
  /** The window judged: its end (epoch ms), days and the quantile. */
  window: { end: number; days: number; quantile: number; idleShare: number };
}

const DAY_MS = 86_400_000;

/** The PromQL of one scan (exported for the tests and the README's "what is read"). */
export function evidenceQueries(rules: Pick<ReclamationRules, 'quantile' | 'windowDays'>) {
  const u = namespaceUseQueries('1h');
  const W = `${rules.windowDays}d`;
  const q = rules.quantile;
  const cpuShare = `(${u.cpuUse}) / (${u.cpuRequests})`;
  const memoryShare = `(${u.memoryUse}) / (${u.memoryRequests})`;
  const quantile = (e: string, range = W) => `quantile_over_time(${q}, (${e})[${range}:1h])`;
  const count = (e: string) => `count_over_time((${e})[${W}:1h])`;
  return {
    cpuShare: quantile(cpuShare),
    memoryShare: quantile(memoryShare),
    cpuUse: quantile(u.cpuUse),
    memoryUse: quantile(u.memoryUse),
    /** Hours of the window in which the namespace had requests, per resource. */
    cpuHours: count(cpuShare),
    memoryHours: count(memoryShare),
    coverage: count(COVERAGE_QUERY),
    fresh: COVERAGE_QUERY,
    quota: SNAPSHOT_QUERIES.quotaHard,
    dailyCpu: quantile(cpuShare, '1d'),
    dailyMemory: quantile(memoryShare, '1d'),
  };
}

export async function readEvidence(
  sources: readonly ReclamationSource[],
  rules: ReclamationRules,
  now: Date,
): Promise<NamespaceEvidence[]> {
  if (sources.length === 0) throw new ReclamationRefusal('reclamation.noSource');
  const q = evidenceQueries(rules);
  const hoursNeeded = rules.windowDays * 24;
  const out: NamespaceEvidence[] = [];
  // Whole seconds, so the chart's points are found by the times Prometheus answers with.
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  for (const s of sources) {
    let instant: Sample[][];
    let daily: Series[][];
    try {
      instant = await Promise.all(
        [
          q.cpuShare,
          q.memoryShare,
          q.cpuUse,
          q.memoryUse,
          q.cpuHours,
          q.memoryHours,
          q.coverage,
          q.fresh,
          q.quota,
        ].map((e) => s.client.query(e, at)),
      );
      const from = new Date(at.getTime() - (rules.windowDays - 1) * DAY_MS);
      daily = await Promise.all(
        [q.dailyCpu, q.dailyMemory].map((e) => s.client.queryRange(e, from, at, DAY_MS / 1000)),
      );
    } catch (e) {
      throw new ReclamationRefusal('reclamation.sourceFailed', { source: s.id, error: (e as Error).message });
    }
    const [cpuShare, memoryShare, cpuUse, memoryUse, cpuHours, memoryHours, coverage, fresh, quota] =
      instant as Sample[][] as [
        Sample[],
        Sample[],
        Sample[],
        Sample[],
        Sample[],
        Sample[],
        Sample[],
        Sample[],
        Sample[],
      ];
    // An outage reads as idleness: the source must see both exporters now and at every hour.
    const covered = coverage[0]?.value ?? 0;
    if (!fresh.length || covered < hoursNeeded)
      throw new ReclamationRefusal('reclamation.sourceStale', {
        source: s.id,
        hours: Math.round(covered),
        needed: hoursNeeded,
      });
    const key = (m: Record<string, string>) => `${s.cluster ?? m.cluster ?? ''}/${m.namespace ?? ''}`;
    const byKey = (xs: Sample[]) =>
      new Map(xs.filter((x) => x.metric.namespace).map((x) => [key(x.metric), x.value]));
    const cs = byKey(cpuShare);
    const ms = byKey(memoryShare);
    const cu = byKey(cpuUse);
    const mu = byKey(memoryUse);
    const mh = byKey(memoryHours);
    const quotas = new Map<string, { cpu?: number; memoryGiB?: number }>();
    for (const x of quota) {
      const r = quotaResource(x.metric.resource ?? '');
      if (!r || !x.metric.namespace) continue;
      const k = key(x.metric);
      const v = quotas.get(k) ?? {};
      // Several quotas: the tightest binds (the query's min already; `cpu` and `requests.cpu` too).
      if (r === 'cpu') v.cpu = Math.min(v.cpu ?? Infinity, x.value);
      else v.memoryGiB = Math.min(v.memoryGiB ?? Infinity, x.value / GiB);
      quotas.set(k, v);
    }
    const points = (series: Series[]) =>
      new Map(series.filter((x) => x.metric.namespace).map((x) => [key(x.metric), new Map(x.values)]));
    const dc = points(daily[0] ?? []);
    const dm = points(daily[1] ?? []);
    for (const h of cpuHours) {
      const k = key(h.metric);
      const qv = quotas.get(k);
      // Judged only with requests at every hour, a quota to reduce, and all four figures finite.
      if (
        h.value < hoursNeeded ||
        (mh.get(k) ?? 0) < hoursNeeded ||
        qv?.cpu === undefined ||
        qv.memoryGiB === undefined
      )
        continue;
      const reading = {
        cpuShare: cs.get(k),
        memoryShare: ms.get(k),
        cpuUse: cu.get(k),
        memoryUse: mu.get(k),
      };
      if (!Object.values(reading).every((v) => v !== undefined && Number.isFinite(v))) continue;
      const days: DailyPoint[] = [];
      for (let d = rules.windowDays - 1; d >= 0; d--) {
        const t = (at.getTime() - d * DAY_MS) / 1000;
        const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
        days.push({ at: t * 1000, cpu: finite(dc.get(k)?.get(t)), memory: finite(dm.get(k)?.get(t)) });
      }
      out.push({
        cluster: s.cluster ?? h.metric.cluster ?? '',
        namespace: h.metric.namespace!,
        reading: {
          ...(reading as Omit<TenantReading, 'quota'>),
          quota: { cpu: qv.cpu, memoryGiB: qv.memoryGiB },
        },
        daily: days,
        window: {
          end: at.getTime(),
          days: rules.windowDays,
          quantile: rules.quantile,
          idleShare: rules.idleShare,
        },
      });
    }
  }
  return out.sort((a, b) => (a.cluster + '/' + a.namespace < b.cluster + '/' + b.namespace ? -1 : 1));
}
