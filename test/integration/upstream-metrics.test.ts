// Capacity figures on what kube-state-metrics and cAdvisor really export, as a real Prometheus
// scrapes them: finished pods (whose requests kube-state-metrics still reports), a doubled
// kube-state-metrics scrape (two replicas), and the kubernetes-mixin's recording rules evaluated by
// that Prometheus. With the rules and without them (the raw fallback), every figure must be the
// same and right. Series shapes follow kube-state-metrics' own metric tests (internal/store).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../harness/prometheus.ts';
import { freePort } from '../harness/ports.ts';
import { PrometheusClient, fetchTransport } from '../../server/src/sources/prometheus/client.ts';
import { PromCapacityReader } from '../../server/src/sources/prometheus/capacity-reader.ts';
import { QueryCache } from '../../server/src/sources/prometheus/query-cache.ts';

const GiB = 2 ** 30;
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

interface Pod {
  namespace: string;
  pod: string;
  phase: string;
  containers: { container: string; cpu: number; memory: number }[];
}

/** One cluster's objects. */
const PODS: Pod[] = [
  // A CronJob's namespace: every pod finished. Requests are still exported; none of them count.
  {
    namespace: 'nightly',
    pod: 'report-28741',
    phase: 'Succeeded',
    containers: [{ container: 'report', cpu: 1.5, memory: 3 * GiB }],
  },
  {
    namespace: 'nightly',
    pod: 'report-28742',
    phase: 'Succeeded',
    containers: [{ container: 'report', cpu: 1.5, memory: 3 * GiB }],
  },
  // A tenant with its application running and one finished migration Job.
  {
    namespace: 'hukou',
    pod: 'hukou-web-0',
    phase: 'Running',
    containers: [{ container: 'web', cpu: 2, memory: 4 * GiB }],
  },
  {
    namespace: 'hukou',
    pod: 'hukou-migrate-x1',
    phase: 'Succeeded',
    containers: [{ container: 'migrate', cpu: 0.5, memory: GiB }],
  },
  // Two containers in a running pod, one pod still pending (it holds its requests), one failed.
  {
    namespace: 'portal',
    pod: 'portal-7d9f-a',
    phase: 'Running',
    containers: [
      { container: 'app', cpu: 0.2, memory: 0.5 * GiB },
      { container: 'sidecar', cpu: 0.3, memory: 0.25 * GiB },
    ],
  },
  {
    namespace: 'portal',
    pod: 'portal-7d9f-b',
    phase: 'Pending',
    containers: [{ container: 'app', cpu: 0.25, memory: 0.5 * GiB }],
  },
  {
    namespace: 'portal',
    pod: 'portal-7d9f-c',
    phase: 'Failed',
    containers: [{ container: 'app', cpu: 4, memory: 8 * GiB }],
  },
];

/** What kube-state-metrics serves for these objects (text exposition format 0.0.4). */
function kubeStateMetrics(): string {
  const lines: string[] = [
    '# HELP kube_node_status_allocatable The allocatable for different resources of a node that are available for scheduling.',
    '# TYPE kube_node_status_allocatable gauge',
  ];
  for (const node of ['node-1', 'node-2']) {
    lines.push(`kube_node_status_allocatable{node="${node}",resource="cpu",unit="core"} 4`);
    lines.push(`kube_node_status_allocatable{node="${node}",resource="memory",unit="byte"} ${16 * GiB}`);
    lines.push(`kube_node_status_allocatable{node="${node}",resource="pods",unit="integer"} 110`);
  }
  lines.push('# HELP kube_pod_status_phase The pods current phase.', '# TYPE kube_pod_status_phase gauge');
  for (const p of PODS)
    for (const phase of PHASES)
      lines.push(
        `kube_pod_status_phase{namespace="${p.namespace}",phase="${phase}",pod="${p.pod}",uid="uid-${p.pod}"} ${phase === p.phase ? 1 : 0}`,
      );
  lines.push(
    '# HELP kube_pod_container_resource_requests The number of requested request resource by a container.',
    '# TYPE kube_pod_container_resource_requests gauge',
  );
  for (const p of PODS)
    for (const c of p.containers) {
      const l = `container="${c.container}",namespace="${p.namespace}",node="node-1",pod="${p.pod}",uid="uid-${p.pod}"`;
      lines.push(`kube_pod_container_resource_requests{${l},resource="cpu",unit="core"} ${c.cpu}`);
      lines.push(`kube_pod_container_resource_requests{${l},resource="memory",unit="byte"} ${c.memory}`);
    }
  lines.push(
    '# HELP kube_persistentvolumeclaim_resource_requests_storage_bytes The capacity of storage requested by the persistent volume claim.',
    '# TYPE kube_persistentvolumeclaim_resource_requests_storage_bytes gauge',
    `kube_persistentvolumeclaim_resource_requests_storage_bytes{namespace="hukou",persistentvolumeclaim="data-hukou-db-0"} ${20 * GiB}`,
    '# HELP kube_resourcequota Information about resource quota.',
    '# TYPE kube_resourcequota gauge',
    `kube_resourcequota{namespace="hukou",resource="requests.cpu",resourcequota="tenant-quota",type="hard"} 4`,
    `kube_resourcequota{namespace="hukou",resource="requests.cpu",resourcequota="tenant-quota",type="used"} 2`,
  );
  return lines.join('\n') + '\n';
}

/** What each running container uses: cores (a counter growing at this rate) and bytes. */
const USAGE: Record<string, { cores: number; memory: number }> = {
  'hukou/hukou-web-0/web': { cores: 3, memory: 3 * GiB },
  'portal/portal-7d9f-a/app': { cores: 1, memory: GiB },
  'portal/portal-7d9f-a/sidecar': { cores: 0, memory: 0 },
};
const started = Date.now();

/** What the kubelet's cAdvisor serves for the running containers. */
function cadvisor(): string {
  const seconds = (Date.now() - started) / 1000;
  const lines = [
    '# HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.',
    '# TYPE container_cpu_usage_seconds_total counter',
  ];
  const labels = (key: string) => {
    const [namespace, pod, container] = key.split('/');
    return `container="${container}",id="/kubepods/${pod}/${container}",image="registry.gov.local/${container}:1",name="${container}",namespace="${namespace}",pod="${pod}"`;
  };
  for (const [key, u] of Object.entries(USAGE))
    lines.push(`container_cpu_usage_seconds_total{${labels(key)}} ${u.cores * seconds}`);
  lines.push(
    '# HELP container_memory_working_set_bytes Current working set in bytes.',
    '# TYPE container_memory_working_set_bytes gauge',
  );
  for (const [key, u] of Object.entries(USAGE))
    lines.push(`container_memory_working_set_bytes{${labels(key)}} ${u.memory}`);
  return lines.join('\n') + '\n';
}

/** The kubernetes-mixin's request rules (rules/apps.libsonnet), with the cluster label. */
const MIXIN_RULES = `groups:
  - name: k8s.rules.container_requests
    rules:
${['cpu', 'memory']
  .map(
    (r) => `      - record: namespace_${r}:kube_pod_container_resource_requests:sum
        expr: |
          sum by (namespace, cluster) (
            sum by (namespace, pod, cluster) (
              max by (namespace, pod, container, cluster) (
                kube_pod_container_resource_requests{resource="${r}",job="kube-state-metrics"}
              ) * on (namespace, pod, cluster) group_left() max by (namespace, pod, cluster) (
                kube_pod_status_phase{phase=~"Pending|Running"} == 1
              )
            )
          )`,
  )
  .join('\n')}
`;

let ksm: Server;
let ksmPort: number;
const proms: Record<'rules' | 'raw', RunningPrometheus | null> = { rules: null, raw: null };

beforeAll(async () => {
  const missing = prometheusAvailable();
  if (missing) throw new Error(missing);
  ksmPort = await freePort();
  ksm = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(req.url === '/metrics/cadvisor' ? cadvisor() : kubeStateMetrics());
  });
  await new Promise<void>((r) => ksm.listen(ksmPort, '127.0.0.1', r));
  // Two kube-state-metrics replicas behind two scrape jobs: every series arrives twice.
  const scrape = [
    ...['kube-state-metrics', 'kube-state-metrics-replica'].map((job) => ({
      job,
      target: `127.0.0.1:${ksmPort}`,
      labels: { cluster: 'nw-core' },
    })),
    {
      job: 'cadvisor',
      target: `127.0.0.1:${ksmPort}`,
      metricsPath: '/metrics/cadvisor',
      labels: { cluster: 'nw-core' },
    },
  ];
  [proms.rules, proms.raw] = await Promise.all([
    startPrometheus({ scrape, rules: MIXIN_RULES }),
    startPrometheus({ scrape }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([proms.rules?.close(), proms.raw?.close()]);
  await new Promise<void>((r) => (ksm ? ksm.close(() => r()) : r()));
});

const reader = (prom: RunningPrometheus) =>
  new PromCapacityReader(
    'test',
    new PrometheusClient(fetchTransport(prom.url)),
    undefined,
    new QueryCache(),
    1,
  );

describe.each(['rules', 'raw'] as const)('capacity from kube-state-metrics (%s)', (kind) => {
  /** The snapshot once Prometheus has scraped (and, with rules, evaluated them). */
  async function settledSnapshot() {
    const r = reader(proms[kind]!);
    const client = new PrometheusClient(fetchTransport(proms[kind]!.url));
    let snap: Awaited<ReturnType<typeof r.snapshot>> | null = null;
    await expect
      .poll(
        async () => {
          snap = await r.snapshot(Date.now());
          // With rules: wait until this Prometheus has evaluated them, so `rule or raw` takes the rule.
          const rule = await client.query('namespace_cpu:kube_pod_container_resource_requests:sum');
          return {
            scraped: snap.allocatable.size > 0,
            rule: rule.map((s) => s.metric.namespace).sort(),
          };
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual({ scraped: true, rule: kind === 'rules' ? ['hukou', 'portal'] : [] });
    return snap!;
  }

  it('counts only Pending and Running pods, each series once', async () => {
    const snap = await settledSnapshot();
    const ns = (name: string) => snap.namespaces.find((n) => n.namespace === name);
    // Finished CronJob pods: no requests at all.
    expect(ns('nightly')?.requests.cpu ?? 0).toBe(0);
    expect(ns('nightly')?.requests.memory ?? 0).toBe(0);
    // The finished migration Job does not count: 2 cores, 4 GiB (not 2.5 and 5).
    expect(ns('hukou')!.requests).toEqual({ cpu: 2, memory: 4 * GiB });
    // Two containers of a running pod and a pending pod; the failed pod does not count.
    expect(ns('portal')!.requests.cpu).toBeCloseTo(0.75, 12);
    expect(ns('portal')!.requests.memory).toBe(1.25 * GiB);
  });

  it('does not double what two kube-state-metrics replicas both export', async () => {
    const snap = await settledSnapshot();
    expect(snap.allocatable.get('nw-core')).toEqual({ cpu: 8, memory: 32 * GiB });
    const hukou = snap.namespaces.find((n) => n.namespace === 'hukou')!;
    expect(hukou.storage).toBe(20 * GiB);
    expect(hukou.quotaHard.cpu).toBe(4);
    expect(hukou.quotaUsed.cpu).toBe(2);
  });
});

describe('showback allocation over the billing window (OpenCost)', () => {
  it('bills max(request, usage) per container, only for Pending and Running pods', async () => {
    // A short window so that a Prometheus started a moment ago covers it (the product reads 30 days, hourly).
    const r = new PromCapacityReader(
      'test',
      new PrometheusClient(fetchTransport(proms.raw!.url)),
      undefined,
      new QueryCache(),
      1,
      // A rate over 10 s: this Prometheus has not held the series for the mixin's 5 minutes.
      { windowSeconds: 5, stepSeconds: 1, rateRange: '10s' },
    );
    const ratios = async () => {
      const b = await r.billing(Date.now());
      const hukou = b.get('nw-core/hukou');
      const portal = b.get('nw-core/portal');
      if (!hukou || !portal || !hukou.cpuCoreHours) return null;
      return {
        cpu: portal.cpuCoreHours / hukou.cpuCoreHours,
        memory: portal.memoryByteHours / hukou.memoryByteHours,
      };
    };
    // hukou: web asks 2 cores and uses 3 → 3 (the finished Job bills nothing).
    // portal: app asks 0.2 and uses 1 → 1; sidecar asks 0.3, uses 0 → 0.3; the pending pod asks 0.25 → 1.55.
    // (At namespace grain it would be max(0.75, 1) = 1 against 3.)
    // The CPU rate settles within a few scrapes (scrape times jitter by milliseconds).
    await expect
      .poll(async () => Math.abs(((await ratios())?.cpu ?? 0) - 1.55 / 3), { timeout: 30_000, interval: 500 })
      .toBeLessThan(0.01);
    const r2 = (await ratios())!;
    // Memory: portal 1 GiB + 0.25 + 0.5 = 1.75 GiB against hukou's request of 4 GiB (it uses 3).
    expect(r2.memory).toBeCloseTo(1.75 / 4, 6);
    expect((await r.billing(Date.now())).get('nw-core/nightly')).toBeUndefined();
  });
});
