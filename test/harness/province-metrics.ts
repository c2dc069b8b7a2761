// Thirty days of kube-state-metrics-, cAdvisor- and ingress-nginx-shaped series for the sandbox
// province, as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`. The rows are
// kept, so tests can compute the figures they expect straight from what was written.
import type { Plan } from '@yunqian/plan';
import { provinceLoad, NODE_ALLOCATABLE, SANDBOX_NODES } from '../../server/src/sources/sandbox/load.ts';
import { milestones, hash } from '../../server/src/sources/sandbox/timeline.ts';
import { namespaceFor, placement } from '../../server/src/sources/sandbox/clusters.ts';

export interface GeneratedSeries {
  name: string;
  labels: Record<string, string>;
  /** [unix seconds, value] in time order. */
  samples: [number, number][];
}

const HOUR = 3600;

/** Sample times: every 3 hours (aligned to midnight UTC) for 30 days, then every minute for the last hour. */
export function sampleTimes(now: number): number[] {
  const coarse: number[] = [];
  for (let t = Math.ceil((now - 30 * 86_400) / (3 * HOUR)) * 3 * HOUR; t < now - HOUR; t += 3 * HOUR)
    coarse.push(t);
  const fine = Array.from({ length: 61 }, (_, i) => now - HOUR + i * 60);
  return [...coarse, ...fine];
}

export function provinceSeries(plan: Plan, now: number): GeneratedSeries[] {
  const series = new Map<string, GeneratedSeries>();
  const put = (name: string, labels: Record<string, string>, t: number, v: number) => {
    const k = name + JSON.stringify(labels);
    let s = series.get(k);
    if (!s) series.set(k, (s = { name, labels, samples: [] }));
    s.samples.push([t, v]);
  };
  // Counters count from the series' first sample.
  const firstSeen = new Map<string, number>();
  const counter = (key: string, t: number, rate: number) => {
    if (!firstSeen.has(key)) firstSeen.set(key, t);
    return rate * (t - firstSeen.get(key)!);
  };
  const serving = plan.systems.flatMap((s) =>
    s.strategy === 'retire' || s.strategy === 'retain'
      ? []
      : [
          {
            cluster: placement(s).id,
            namespace: namespaceFor(s),
            m: milestones(s),
            rps: 0.5 + (hash(s.id) % 2000) / 10,
          },
        ],
  );

  for (const t of sampleTimes(now)) {
    for (const [cluster, n] of Object.entries(SANDBOX_NODES))
      for (let i = 1; i <= n; i++)
        for (const resource of ['cpu', 'memory'] as const)
          put(
            'kube_node_status_allocatable',
            { cluster, node: `${cluster}-node-${i}`, resource, unit: resource === 'cpu' ? 'core' : 'byte' },
            t,
            NODE_ALLOCATABLE[resource],
          );
    for (const l of provinceLoad(plan, t * 1000)) {
      const base = { cluster: l.cluster, namespace: l.namespace };
      const pod = { ...base, pod: `${l.namespace}-0`, node: `${l.cluster}-node-1` };
      // kube-state-metrics writes one series per phase, 1 for the pod's current one.
      for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'])
        put('kube_pod_status_phase', { ...base, pod: pod.pod, phase }, t, phase === 'Running' ? 1 : 0);
      // Two containers share the requests: Yunqian must add them up.
      for (const [container, share] of [
        ['app', 0.75],
        ['sidecar', 0.25],
      ] as const)
        for (const resource of ['cpu', 'memory'] as const)
          put(
            'kube_pod_container_resource_requests',
            { ...pod, container, resource, unit: resource === 'cpu' ? 'core' : 'byte' },
            t,
            l.requests[resource] * share,
          );
      const cpuKey = `${l.cluster}/${l.namespace}`;
      const used = counter(cpuKey, t, l.usage.cpu);
      put('container_cpu_usage_seconds_total', { ...pod, container: 'app', image: 'app:1' }, t, used);
      // cAdvisor's pod-level cgroup (no container, no image): counted by nobody, or CPU doubles.
      put('container_cpu_usage_seconds_total', { ...pod, container: '', image: '' }, t, used);
      put(
        'container_memory_working_set_bytes',
        { ...pod, container: 'app', image: 'app:1' },
        t,
        l.usage.memory,
      );
      if (l.quotaHard.cpu > 0) {
        // Half the tenants' quotas say `cpu`, the other half `requests.cpu`: the same limit.
        const short = hash(l.namespace) % 2 === 0;
        for (const r of ['cpu', 'memory'] as const) {
          const resource = short ? r : `requests.${r}`;
          const q = { ...base, resourcequota: 'tenant-quota', resource };
          put('kube_resourcequota', { ...q, type: 'hard' }, t, l.quotaHard[r]);
          put('kube_resourcequota', { ...q, type: 'used' }, t, l.requests[r]);
        }
      }
      if (l.storage > 0)
        put(
          'kube_persistentvolumeclaim_resource_requests_storage_bytes',
          { ...base, persistentvolumeclaim: 'data' },
          t,
          l.storage,
        );
    }
    for (const s of serving) {
      if (t * 1000 < s.m.running) continue;
      const rps = t * 1000 >= s.m.serving ? s.rps : 0;
      const key = `ingress/${s.cluster}/${s.namespace}`;
      put(
        'nginx_ingress_controller_requests',
        { cluster: s.cluster, namespace: s.namespace, status: '200' },
        t,
        counter(key, t, rps),
      );
    }
  }
  return [...series.values()];
}

/** The series as OpenMetrics text (one family per metric name, as promtool requires). */
export function toOpenMetrics(series: GeneratedSeries[]): string {
  const byName = new Map<string, GeneratedSeries[]>();
  for (const s of series) {
    if (!byName.has(s.name)) byName.set(s.name, []);
    byName.get(s.name)!.push(s);
  }
  const out: string[] = [];
  for (const [name, ss] of byName) {
    out.push(`# TYPE ${name} ${name.endsWith('_total') ? 'unknown' : 'gauge'}`);
    for (const s of ss) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (const [t, v] of s.samples) out.push(`${name}{${labels}} ${v} ${t}`);
    }
  }
  out.push('# EOF');
  return out.join('\n') + '\n';
}

/** Prometheus 2.x `rate()` over [end − range, end] (both ends included), with its extrapolation. */
export function promRate(samples: [number, number][], end: number, range: number): number | null {
  const start = end - range;
  const w = samples.filter(([t]) => t >= start && t <= end);
  if (w.length < 2) return null;
  let delta = w[w.length - 1]![1] - w[0]![1];
  for (let i = 1; i < w.length; i++) if (w[i]![1] < w[i - 1]![1]) delta += w[i - 1]![1];
  const first = w[0]!;
  const last = w[w.length - 1]!;
  const sampled = last[0] - first[0];
  const avg = sampled / (w.length - 1);
  let toStart = first[0] - start;
  const toEnd = end - last[0];
  if (delta > 0 && first[1] >= 0) {
    const toZero = sampled * (first[1] / delta);
    if (toZero < toStart) toStart = toZero;
  }
  const threshold = avg * 1.1;
  let interval = sampled;
  interval += toStart < threshold ? toStart : avg / 2;
  interval += toEnd < threshold ? toEnd : avg / 2;
  return (delta * (interval / sampled)) / range;
}

/** The latest sample at or before `t` within the 5-minute lookback, as an instant query sees it. */
export function instantValue(samples: [number, number][], t: number): number | null {
  for (let i = samples.length - 1; i >= 0; i--) {
    const [st, v] = samples[i]!;
    if (st <= t) return t - st <= 300 ? v : null;
  }
  return null;
}
