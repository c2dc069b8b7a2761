// The cut-over and retirement evidence against a real Prometheus and a real DNS exchange: ten days
// of blackbox-exporter probes (probe_success, probe_http_status_code per target URL, as the usual
// `__param_target` → `instance` relabelling leaves them) and of a legacy reverse proxy's
// nginx-module-vts counter (nginx_vts_server_requests_total{host, code}) backfilled with promtool;
// public names answered by a DNS server in this process. The proof appears and disappears as the
// series say; a legacy host serving again after its retirement was signed is flagged; a stopped
// Prometheus leaves the evidence stale, never passed or failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlan, type Plan } from '@yunqian/plan';
import {
  prometheusAvailable,
  startPrometheus,
  openMetrics,
  type RunningPrometheus,
} from '../harness/prometheus.ts';
import { startDns, type RunningDns } from '../harness/dns.ts';
import { PrometheusClient, fetchTransport } from '../../server/src/sources/prometheus/client.ts';
import { PromEndpointSource } from '../../server/src/sources/prometheus/endpoint-source.ts';
import { DnsNameResolver } from '../../server/src/sources/dns/name-resolver.ts';
import { ConfigSchema } from '../../server/src/config/config.ts';
import { ENDPOINTS_SOURCE } from '../../server/src/tracker/context.ts';
import { track } from '../../server/src/tracker/index.ts';
import { SourceHealth } from '../../server/src/sources/health.ts';
import { signoffReadiness } from '../../server/src/workflows/readiness.ts';
import type { EndpointReadings, Signoff, TrackedSystem } from '../../server/src/model/index.ts';

const skip = prometheusAvailable();
const DAY = 86_400;
const T0 = Date.parse('2026-11-30T12:00:00Z') / 1000;
const FROM = T0 - 10 * DAY;
const STEP = 300;
const times = Array.from({ length: (T0 - FROM) / STEP + 1 }, (_, i) => FROM + i * STEP);
const INGRESS = ['10.20.0.10', '10.20.0.11'];

/** A counter of requests: `perStep` requests every five minutes while `busy(t)`. */
function counter(busy: (t: number) => boolean, from = FROM): [number, number][] {
  let n = 1000;
  return times.filter((t) => t >= from).map((t) => [t, (n += busy(t) ? 12 : 0)]);
}
const gauge = (v: (t: number) => number): [number, number][] => times.map((t) => [t, v(t)]);

const probe = (url: string, success: (t: number) => number, status: (t: number) => number) => ({
  success: { labels: { job: 'blackbox', instance: url }, samples: gauge(success) },
  status: { labels: { job: 'blackbox', instance: url }, samples: gauge(status) },
});
const PROBES = [
  // Served by the cloud from a day ago (before that the name still pointed at the old site).
  probe(
    'https://zwfw.example.gov.cn/healthz',
    (t) => (t >= T0 - DAY ? 1 : 0),
    (t) => (t >= T0 - DAY ? 200 : 0),
  ),
  // Answers 503 throughout (the http_2xx module fails it).
  probe(
    'https://tax.example.gov.cn',
    () => 0,
    () => 503,
  ),
  // Answers, but its DNS still points elsewhere.
  probe(
    'old-dns.example.gov.cn:443',
    () => 1,
    () => 200,
  ),
];

const vts = (host: string, samples: [number, number][]) => [
  { labels: { host, code: 'total' }, samples },
  { labels: { host, code: '2xx' }, samples },
];
const LEGACY = [
  // Busy until eight days ago, quiet since.
  ...vts(
    'legacy-a.example.gov.cn',
    counter((t) => t < T0 - 8 * DAY),
  ),
  // Quiet until a day ago, then switched on again.
  ...vts(
    'legacy-d.example.gov.cn',
    counter((t) => t >= T0 - DAY),
  ),
  // Quiet, but counted only for two days.
  ...vts(
    'legacy-e.example.gov.cn',
    counter(() => false, T0 - 2 * DAY),
  ),
];

const sys = (id: string, extra: string) => `
  - id: ${id}
    name: { zh: 系统${id}, en: System ${id} }
    network: external
    mlps: { level: 2, filing: "1-1" }
    strategy: rehost
    wave: w1
    start: 2026-01-01
    cutover: 2027-06-01
    resources: { cpu: 2, memoryGiB: 4, storageGiB: 10 }
    currentSite: { kind: machine-room, name: 机房 }
${extra}`;

function plan(): Plan {
  const { plan, problems } = loadPlan([
    {
      name: 'organisation.yaml',
      text: 'organisations:\n  - id: province\n    kind: province\n    name: { zh: 省, en: Province }\n    children:\n      - id: gat\n        kind: department\n        name: { zh: 省公安厅, en: Public Security }\n',
    },
    {
      name: 'waves.yaml',
      text: 'waves:\n  - id: w1\n    name: { zh: 一批, en: W1 }\n    start: 2026-01-01\n    end: 2027-12-31\n',
    },
    { name: 'targets.yaml', text: 'targets: []\n' },
    {
      name: 'systems/gat.yaml',
      text:
        'department: gat\nsystems:' +
        sys(
          'portal',
          '    publicNames: [zwfw.example.gov.cn]\n    legacyHosts: [legacy-a.example.gov.cn]\n',
        ) +
        sys('tax', '    publicNames: [tax.example.gov.cn]\n    legacyHosts: [legacy-e.example.gov.cn]\n') +
        sys(
          'moved',
          '    publicNames: [old-dns.example.gov.cn]\n    legacyHosts: [legacy-d.example.gov.cn]\n',
        ) +
        sys('gone', '    legacyHosts: [legacy-absent.example.gov.cn]\n'),
    },
  ]);
  if (!plan) throw new Error(JSON.stringify(problems));
  return plan;
}

let prom: RunningPrometheus;
let dns: RunningDns;
const PLAN = plan();
const EVIDENCE = ConfigSchema.parse({}).evidence;
let at = new Date(T0 * 1000);

beforeAll(async () => {
  if (skip) return;
  [prom, dns] = await Promise.all([
    startPrometheus({
      openMetrics: openMetrics([
        { name: 'probe_success', type: 'gauge', series: PROBES.map((p) => p.success) },
        { name: 'probe_http_status_code', type: 'gauge', series: PROBES.map((p) => p.status) },
        { name: 'nginx_vts_server_requests_total', type: 'unknown', series: LEGACY },
      ]),
    }),
    startDns({
      'zwfw.example.gov.cn': ['10.20.0.10'],
      'tax.example.gov.cn': ['10.20.0.11'],
      'old-dns.example.gov.cn': ['192.0.2.5'],
    }),
  ]);
});
afterAll(async () => {
  await prom?.close();
  await dns?.close();
});

function source() {
  return new PromEndpointSource(
    ENDPOINTS_SOURCE,
    [{ id: 'shared', client: new PrometheusClient(fetchTransport(prom.url), 10_000) }],
    EVIDENCE,
    () => at,
    {
      resolver: new DnsNameResolver([dns.server]),
      names: () => PLAN.systems.flatMap((s) => s.publicNames ?? []),
    },
  );
}

const signedRetirement: Signoff = {
  system: 'moved',
  kind: 'legacy-retired',
  signedBy: 'wang',
  signedAt: '2026-11-27T09:00:00Z',
  confirmedBy: 'li',
  confirmedAt: '2026-11-27T10:00:00Z',
};

function tracked(readings: EndpointReadings, health: SourceHealth): Map<string, TrackedSystem> {
  const state = track(
    PLAN,
    {
      clusters: [],
      sources: [health.status()],
      tenants: [],
      declared: null,
      traffic: null,
      endpoints: readings,
      signoffs: [signedRetirement],
      blockers: [],
    },
    at,
    { runningForMs: 600_000, servingThreshold: 0.1, ingress: { external: INGRESS } },
  );
  return new Map(state.systems.map((s) => [s.id, s]));
}

describe.skipIf(skip)('cut-over and retirement evidence from Prometheus and DNS', () => {
  it('two days ago: the portal not yet served by the cloud, its legacy site busy within the window', async () => {
    at = new Date((T0 - 2 * DAY) * 1000);
    const health = new SourceHealth({ id: ENDPOINTS_SOURCE, kind: 'prometheus' }, 90_000, () => at);
    const readings = await source().read();
    health.ok();
    const t = tracked(readings, health);
    expect(t.get('portal')!.proof!.cutover).toEqual({
      state: 'failing',
      names: [
        { name: 'zwfw.example.gov.cn', success: 0, status: 0, dns: 'cloud', addresses: ['10.20.0.10'] },
      ],
    });
    // Requests until eight days before T0 lie inside the seven days that end two days before it.
    expect(t.get('portal')!.proof!.retirement).toMatchObject({ state: 'recent', days: 7 });
    expect(t.get('portal')!.proof!.retirement.hosts[0]!.requests).toBeGreaterThan(0);
    // The legacy site switched on again a day before T0 was still quiet then.
    expect(t.get('moved')!.proof!.retirement.state).toBe('quiet');
    expect(t.get('moved')!.blockers.map((b) => b.code)).not.toContain('legacy-still-serving');
  });

  it('now: proven and quiet where the series say so; failing, short, absent and still serving elsewhere', async () => {
    at = new Date(T0 * 1000);
    const health = new SourceHealth({ id: ENDPOINTS_SOURCE, kind: 'prometheus' }, 90_000, () => at);
    const readings = await source().read();
    health.ok();
    const t = tracked(readings, health);
    const portal = t.get('portal')!.proof!;
    expect(portal.cutover.state).toBe('proven');
    expect(portal.retirement).toEqual({
      state: 'quiet',
      days: 7,
      hosts: [{ host: 'legacy-a.example.gov.cn', requests: 0, ratePerSecond: 0, covered: true }],
    });
    expect(t.get('tax')!.proof!.cutover.names).toEqual([
      { name: 'tax.example.gov.cn', success: 0, status: 503, dns: 'cloud', addresses: ['10.20.0.11'] },
    ]);
    expect(t.get('tax')!.proof!.retirement.state).toBe('short');
    const moved = t.get('moved')!;
    expect(moved.proof!.cutover).toMatchObject({
      state: 'failing',
      names: [{ success: 1, dns: 'elsewhere' }],
    });
    expect(moved.proof!.retirement.state).toBe('serving');
    // 12 requests every five minutes: 0.04 per second.
    expect(moved.blockers).toContainEqual({
      kind: 'compliance',
      code: 'legacy-still-serving',
      params: { hosts: 'legacy-d.example.gov.cn', rate: 0.04 },
    });
    expect(t.get('gone')!.proof).toMatchObject({
      cutover: { state: 'no-names' },
      retirement: { state: 'absent', hosts: [{ requests: null }] },
    });

    // The gate reads the same judgement.
    const gate = (id: string, kind: 'cut-over' | 'legacy-retired') =>
      signoffReadiness(kind, {
        stage: kind === 'cut-over' ? 'serving' : 'cut-over',
        strategy: 'rehost',
        runbookMissing: [],
        proof: t.get(id)!.proof,
      });
    expect(gate('portal', 'cut-over')).toEqual({ ok: true });
    expect(gate('portal', 'legacy-retired')).toEqual({ ok: true });
    expect(gate('tax', 'cut-over')).toEqual({ ok: false, reason: 'proof', state: 'failing' });
    expect(gate('tax', 'legacy-retired')).toEqual({ ok: false, reason: 'proof', state: 'short' });
    expect(gate('moved', 'legacy-retired')).toEqual({ ok: false, reason: 'proof', state: 'serving' });
  });

  it('a name whose DNS answer moves to the ingress is proven at the next reading', async () => {
    at = new Date(T0 * 1000);
    dns.records.set('old-dns.example.gov.cn', ['10.20.0.10']);
    const health = new SourceHealth({ id: ENDPOINTS_SOURCE, kind: 'prometheus' }, 90_000, () => at);
    const readings = await source().read();
    health.ok();
    expect(tracked(readings, health).get('moved')!.proof!.cutover.state).toBe('proven');
  });

  it('with Prometheus stopped the reading fails and the last one is judged stale, not passed', async () => {
    const health = new SourceHealth({ id: ENDPOINTS_SOURCE, kind: 'prometheus' }, 90_000, () => at);
    const last = await source().read();
    health.ok();
    await prom.stop();
    try {
      await expect(source().read()).rejects.toThrow();
      at = new Date(T0 * 1000 + 120_000);
      const t = tracked(last, health);
      expect(health.status().state).toBe('stale');
      expect(t.get('portal')!.proof!.cutover.state).toBe('stale');
      expect(t.get('portal')!.proof!.retirement.state).toBe('stale');
      // Stale is not a reason to flag or to clear: the gate refuses, the blocker is not raised.
      expect(t.get('moved')!.blockers.map((b) => b.code)).not.toContain('legacy-still-serving');
      expect(t.get('portal')!.staleSources).toEqual([]);
    } finally {
      await prom.start();
    }
  });
});
