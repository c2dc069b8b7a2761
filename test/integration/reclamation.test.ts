// Reclaiming idle resources (闲置资源回收, #22) against a real Prometheus and a real PostgreSQL 15:
// 62 days of kube-state-metrics- and cAdvisor-shaped series (the same series and labels as the
// metering backfill, plus the tenants' ResourceQuotas) backfilled with promtool, in which exactly
// three tenants are idle. Around them: a tenant busy in CPU only, one busy in memory only, one idle
// but for two hours a day, one busy until five days ago, one too young to judge, one whose
// finished batch pod would look idle if its requests counted, an idle platform namespace and an
// idle namespace with no quota. The scan must propose exactly the three, with the quota computed
// here from the written samples; none from a window the source did not see, none while Prometheus
// is stopped; an unanswered proposal lapses after N working days (the clock moved, no sleep) and
// reaches the tenant program's file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../harness/prometheus.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { toOpenMetrics, type GeneratedSeries } from '../harness/province-metrics.ts';
import { PrometheusClient, fetchTransport } from '../../server/src/sources/prometheus/client.ts';
import { openStore, rawQuery, type Store } from '../../server/src/store/db.ts';
import { createUser } from '../../server/src/store/accounts.ts';
import { dayStart } from '../../server/src/metering/month.ts';
import { scanIdleTenants, type ScanInput } from '../../server/src/reclamation/scan.ts';
import { ReclamationRefusal, type ReclamationSource } from '../../server/src/reclamation/evidence.ts';
import { DEFAULT_RECLAMATION_RULES, GiB } from '../../server/src/reclamation/rule.ts';
import {
  answerReclamation,
  ContestPeriodOverError,
  decideContest,
  listReclamations,
} from '../../server/src/store/reclamations.ts';
import { FourEyesError } from '../../server/src/store/errors.ts';
import { EXAMPLE_CALENDAR, workingDaysBetween } from '../../server/src/store/calendar.ts';
import { tenantProgramFile } from '../../server/src/service/tenant-program-file.ts';
import { notifyReclamation, notifyReclamationDeadlines } from '../../server/src/notify/reclamation.ts';
import type { PlanIndex } from '@yunqian/plan';
import { listOutbox } from '../../server/src/notify/outbox.ts';

// The file is read as the tenant program reads it, with the server's YAML package (the workspace
// root has none of its own).
const { parse: parseYaml } = createRequire(new URL('../../server/package.json', import.meta.url))('yaml') as {
  parse: (text: string) => unknown;
};

const skip = prometheusAvailable();
const HOUR = 3600;
const STEP = 600; // samples every 10 minutes
const FROM = dayStart('2026-09-30') / 1000;
const TO = dayStart('2026-12-01') / 1000; // 62 days
const CLUSTER = 'gov-1';
const RULES = DEFAULT_RECLAMATION_RULES; // 30 %, p95, 14 days, 5 working days, × 1.2
/** Half an hour before the data ends: the window's hourly points are exactly 14 × 24 either way. */
const NOW = new Date((TO - 1800) * 1000);
const HOURS = Math.round((TO - FROM) / HOUR);

interface Container {
  namespace: string;
  pod: string;
  container: string;
  /** Requests (cores, bytes) by the hour index since FROM. */
  cpuRequest: (k: number) => number;
  memRequest: (k: number) => number;
  /** CPU use in twentieths of a core (the counter stays integral), working set in bytes. */
  cpuUse: (k: number) => number;
  memUse: (k: number) => number;
  phase: (k: number) => 'Pending' | 'Running' | 'Succeeded';
  /** The first hour it exists (a young tenant). */
  since?: number;
}
const running = () => 'Running' as const;
const MiB = 2 ** 20;

const CONTAINERS: Container[] = [
  // Idle: 4 cores and 8 GiB asked, 0.1–0.55 cores and 1.3–2.1 GiB used.
  {
    namespace: 'idle-a',
    pod: 'a-0',
    container: 'app',
    cpuRequest: () => 4,
    memRequest: () => 8 * GiB,
    cpuUse: (k) => 2 + ((k * 7) % 10),
    memUse: (k) => 1300 * MiB + ((k * 5) % 9) * 97 * MiB,
    phase: running,
  },
  // Idle over two containers.
  {
    namespace: 'idle-b',
    pod: 'b-0',
    container: 'web',
    cpuRequest: () => 2,
    memRequest: () => 4 * GiB,
    cpuUse: (k) => 1 + (k % 5),
    memUse: (k) => 700 * MiB + (k % 4) * 53 * MiB,
    phase: running,
  },
  {
    namespace: 'idle-b',
    pod: 'b-0',
    container: 'worker',
    cpuRequest: () => 1,
    memRequest: () => 2 * GiB,
    cpuUse: (k) => (k % 24 < 12 ? 3 : 1),
    memUse: () => 333 * MiB,
    phase: running,
  },
  // Idle, small.
  {
    namespace: 'idle-c',
    pod: 'c-0',
    container: 'app',
    cpuRequest: () => 1,
    memRequest: () => 2 * GiB,
    cpuUse: (k) => 1 + ((k * 3) % 4),
    memUse: (k) => 310 * MiB + (k % 7) * 17 * MiB,
    phase: running,
  },
  // Busy in CPU only: not idle (both resources must be).
  {
    namespace: 'busy-cpu',
    pod: 'bc-0',
    container: 'app',
    cpuRequest: () => 2,
    memRequest: () => 8 * GiB,
    cpuUse: (k) => 20 + (k % 8),
    memUse: () => GiB,
    phase: running,
  },
  // Busy in memory only.
  {
    namespace: 'busy-mem',
    pod: 'bm-0',
    container: 'app',
    cpuRequest: () => 4,
    memRequest: () => 4 * GiB,
    cpuUse: () => 4,
    memUse: () => 3 * GiB,
    phase: running,
  },
  // Idle but for two hours every day (8 % of the hours: above the 95th percentile's 5 %).
  {
    namespace: 'spiky',
    pod: 's-0',
    container: 'app',
    cpuRequest: () => 2,
    memRequest: () => 4 * GiB,
    cpuUse: (k) => (k % 24 === 3 || k % 24 === 4 ? 36 : 2),
    memUse: (k) => (k % 24 === 3 || k % 24 === 4 ? 3 * GiB : 500 * MiB),
    phase: running,
  },
  // Busy until five days before the end, idle since: 14 days are not idle.
  {
    namespace: 'was-busy',
    pod: 'w-0',
    container: 'app',
    cpuRequest: () => 2,
    memRequest: () => 4 * GiB,
    cpuUse: (k) => (k < HOURS - 5 * 24 ? 30 : 2),
    memUse: (k) => (k < HOURS - 5 * 24 ? 3 * GiB : 400 * MiB),
    phase: running,
  },
  // Idle, but only three days old.
  {
    namespace: 'young',
    pod: 'y-0',
    container: 'app',
    cpuRequest: () => 4,
    memRequest: () => 8 * GiB,
    cpuUse: () => 2,
    memUse: () => 500 * MiB,
    phase: running,
    since: HOURS - 3 * 24,
  },
  // Busy; a finished batch pod still exports 16 cores of requests (counted, it would look idle).
  {
    namespace: 'batch',
    pod: 'batch-api',
    container: 'api',
    cpuRequest: () => 1,
    memRequest: () => 2 * GiB,
    cpuUse: () => 16,
    memUse: () => 1.5 * GiB,
    phase: running,
  },
  {
    namespace: 'batch',
    pod: 'batch-job-1',
    container: 'job',
    cpuRequest: () => 16,
    memRequest: () => 64 * GiB,
    cpuUse: (k) => (k < 100 ? 200 : 0),
    memUse: (k) => (k < 100 ? 40 * GiB : 0),
    phase: (k) => (k < 100 ? 'Running' : 'Succeeded'),
  },
  // Idle platform namespace: not a tenant.
  {
    namespace: 'kube-system',
    pod: 'coredns-1',
    container: 'coredns',
    cpuRequest: () => 1,
    memRequest: () => GiB,
    cpuUse: () => 1,
    memUse: () => 60 * MiB,
    phase: running,
  },
  // Idle, but no ResourceQuota to lower.
  {
    namespace: 'no-quota',
    pod: 'n-0',
    container: 'app',
    cpuRequest: () => 4,
    memRequest: () => 8 * GiB,
    cpuUse: () => 2,
    memUse: () => 500 * MiB,
    phase: running,
  },
];
/** Each tenant's ResourceQuota (cores, GiB); `no-quota` has none. */
const QUOTAS: Record<string, { cpu: number; memoryGiB: number }> = {
  'idle-a': { cpu: 8, memoryGiB: 16 },
  'idle-b': { cpu: 6, memoryGiB: 12 },
  'idle-c': { cpu: 2, memoryGiB: 4 },
  'busy-cpu': { cpu: 4, memoryGiB: 16 },
  'busy-mem': { cpu: 8, memoryGiB: 8 },
  spiky: { cpu: 4, memoryGiB: 8 },
  'was-busy': { cpu: 4, memoryGiB: 8 },
  young: { cpu: 8, memoryGiB: 16 },
  batch: { cpu: 20, memoryGiB: 80 },
  'kube-system': { cpu: 4, memoryGiB: 4 },
};
const TENANTS = new Set(
  Object.keys(QUOTAS)
    .filter((n) => n !== 'kube-system')
    .concat('no-quota'),
);

/** The hour (since FROM) a sample at time t belongs to: (t − 1h, t] is hour ⌈(t − FROM)/1h⌉ − 1. */
const hourOfSample = (t: number) => Math.ceil((t - FROM) / HOUR) - 1;

function generate(): GeneratedSeries[] {
  const out: GeneratedSeries[] = [];
  const series = (name: string, labels: Record<string, string>, value: (t: number) => number, since = 0) => {
    const samples: [number, number][] = [];
    for (let t = FROM; t <= TO; t += STEP) if (hourOfSample(t) >= since) samples.push([t, value(t)]);
    out.push({ name, labels: { cluster: CLUSTER, ...labels }, samples });
  };
  const k = (t: number) => Math.max(0, hourOfSample(t));
  const pods = new Map(CONTAINERS.map((c) => [c.pod, c]));
  for (const [pod, c] of pods)
    for (const phase of ['Pending', 'Running', 'Succeeded'])
      series(
        'kube_pod_status_phase',
        { namespace: c.namespace, pod, phase },
        (t) => (c.phase(k(t)) === phase ? 1 : 0),
        c.since,
      );
  for (const c of CONTAINERS) {
    const base = { namespace: c.namespace, pod: c.pod, container: c.container };
    series(
      'kube_pod_container_resource_requests',
      { ...base, resource: 'cpu', unit: 'core' },
      (t) => c.cpuRequest(k(t)),
      c.since,
    );
    series(
      'kube_pod_container_resource_requests',
      { ...base, resource: 'memory', unit: 'byte' },
      (t) => c.memRequest(k(t)),
      c.since,
    );
    let counter = 0;
    series(
      'container_cpu_usage_seconds_total',
      { ...base, image: `${c.container}:1` },
      (t) => {
        if (t > FROM) counter += c.cpuUse(hourOfSample(t)) * 30;
        return counter;
      },
      c.since,
    );
    series(
      'container_memory_working_set_bytes',
      { ...base, image: `${c.container}:1` },
      (t) => c.memUse(k(t)),
      c.since,
    );
  }
  for (const [namespace, q] of Object.entries(QUOTAS)) {
    const since = CONTAINERS.find((c) => c.namespace === namespace)?.since;
    const quota = { namespace, resourcequota: 'tenant-quota', type: 'hard' };
    series('kube_resourcequota', { ...quota, resource: 'requests.cpu' }, () => q.cpu, since);
    series('kube_resourcequota', { ...quota, resource: 'requests.memory' }, () => q.memoryGiB * GiB, since);
  }
  return out;
}

/** Prometheus's quantile: sorted values, rank q·(n − 1), linear between neighbours. */
function quantile(q: number, xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const rank = q * (v.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo]! + (v[hi]! - v[lo]!) * (rank - lo);
}

/**
 * What the scan must find for a namespace, from the generated functions at each hourly point of
 * the window (t = NOW's hour − i h, i = 0…335; the point at t is the hour (t − 1h, t]): use over
 * the hour and requests at t of the containers whose pod is Pending or Running then.
 */
function expected(namespace: string) {
  const cs = CONTAINERS.filter((c) => c.namespace === namespace);
  const cpuShares: number[] = [];
  const memShares: number[] = [];
  const cpuUses: number[] = [];
  const memUses: number[] = [];
  const lastHourPoint = Math.floor(NOW.getTime() / 1000 / HOUR) * HOUR;
  for (let i = 0; i < RULES.windowDays * 24; i++) {
    const h = hourOfSample(lastHourPoint - i * HOUR);
    let cpuUse = 0;
    let cpuReq = 0;
    let memUse = 0;
    let memReq = 0;
    for (const c of cs) {
      cpuUse += c.cpuUse(h) / 20;
      memUse += c.memUse(h);
      if (c.phase(h) !== 'Succeeded') {
        cpuReq += c.cpuRequest(h);
        memReq += c.memRequest(h);
      }
    }
    cpuShares.push(cpuUse / cpuReq);
    memShares.push(memUse / memReq);
    cpuUses.push(cpuUse);
    memUses.push(memUse);
  }
  const cpuUse = quantile(RULES.quantile, cpuUses);
  const memoryUse = quantile(RULES.quantile, memUses);
  const keepCpu = RULES.keepHeadroom * cpuUse;
  const keepMem = (RULES.keepHeadroom * memoryUse) / GiB;
  return {
    cpuShare: quantile(RULES.quantile, cpuShares),
    memoryShare: quantile(RULES.quantile, memShares),
    cpuUse,
    memoryUse,
    keepCpu,
    keepMem,
    proposedCpu: Math.max(1, Math.ceil(keepCpu)),
    proposedMemoryGiB: Math.max(1, Math.ceil(keepMem)),
    lastDay: {
      cpu: quantile(RULES.quantile, cpuShares.slice(0, 24)),
      memory: quantile(RULES.quantile, memShares.slice(0, 24)),
    },
  };
}

describe.skipIf(skip)('reclaiming idle resources on a real Prometheus and PostgreSQL 15', () => {
  let prom: RunningPrometheus;
  let pg: RunningPostgres;
  let store: Store;
  let sources: ReclamationSource[];
  const op = { id: 'op-li', requestId: 'req-scan', at: NOW };
  const input = (): ScanInput => ({
    sources,
    rules: RULES,
    calendar: EXAMPLE_CALENDAR,
    tenantOf: (cluster, namespace) =>
      cluster === CLUSTER && TENANTS.has(namespace)
        ? { system: namespace, department: 'gaj', network: 'internal' }
        : null,
    tell: (tx, row) =>
      notifyReclamation(tx, 'reclamation.proposed', row, {
        available: ['webhook'],
        systemName: undefined,
        sees: (a) => a.department === 'gaj',
        timeZone: EXAMPLE_CALENDAR.timeZone,
        workingDays: RULES.contestWorkingDays,
      }),
  });

  beforeAll(async () => {
    [prom, pg] = await Promise.all([
      startPrometheus({ openMetrics: toOpenMetrics(generate()) }),
      startPostgres(),
    ]);
    store = await openStore({ url: pg.url });
    sources = [{ id: 'shared', client: new PrometheusClient(fetchTransport(prom.url), 60_000) }];
    for (const [username, role, department] of [
      ['dept-gaj', 'department', 'gaj'],
      ['dept-rsj', 'department', 'rsj'],
      ['op-li', 'operator', null],
      ['op-wang', 'operator', null],
    ] as const)
      await createUser(
        store,
        { username, displayName: username, role, department, network: null },
        { id: 'setup', requestId: 'setup' },
      );
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    await Promise.all([prom?.close(), pg?.stop()]);
  });

  it('proposes exactly the three idle tenants, with the quota the written samples give', async () => {
    const result = await scanIdleTenants(store, op, input(), NOW);
    // Judged: every namespace with requests all 14 days and a quota (not `young`, not `no-quota`).
    expect(result.judged).toBe(9);
    expect(result.skipped).toEqual([{ cluster: CLUSTER, namespace: 'kube-system', why: 'not-a-tenant' }]);
    expect(result.proposed.map((r) => r.namespace).sort()).toEqual(['idle-a', 'idle-b', 'idle-c']);
    for (const r of result.proposed) {
      const e = expected(r.namespace);
      // The written values keep clear of whole numbers, so rounding up is not a float's accident.
      expect(Math.abs(e.keepCpu - Math.round(e.keepCpu))).toBeGreaterThan(1e-3);
      expect(Math.abs(e.keepMem - Math.round(e.keepMem))).toBeGreaterThan(1e-3);
      const q = QUOTAS[r.namespace]!;
      expect({
        system: r.system,
        status: r.status,
        quotaCpu: r.quotaCpu,
        quotaMemoryGiB: r.quotaMemoryGiB,
        proposedCpu: r.proposedCpu,
        proposedMemoryGiB: r.proposedMemoryGiB,
        reduceCpu: r.reduceCpu,
        reduceMemoryGiB: r.reduceMemoryGiB,
      }).toEqual({
        system: r.namespace,
        status: 'proposed',
        quotaCpu: q.cpu,
        quotaMemoryGiB: q.memoryGiB,
        proposedCpu: e.proposedCpu,
        proposedMemoryGiB: e.proposedMemoryGiB,
        reduceCpu: q.cpu - e.proposedCpu,
        reduceMemoryGiB: q.memoryGiB - e.proposedMemoryGiB,
      });
      const ev = r.evidence as {
        reading: Record<string, number>;
        daily: { at: number; cpu: number; memory: number }[];
      };
      expect(ev.reading.cpuShare).toBeCloseTo(e.cpuShare, 9);
      expect(ev.reading.memoryShare).toBeCloseTo(e.memoryShare, 9);
      expect(ev.reading.cpuUse).toBeCloseTo(e.cpuUse, 9);
      expect(ev.reading.memoryUse! / GiB).toBeCloseTo(e.memoryUse / GiB, 9);
      // One point a day for the chart, the last being the last 24 hours' quantile.
      expect(ev.daily).toHaveLength(RULES.windowDays);
      expect(ev.daily.at(-1)!.cpu).toBeCloseTo(e.lastDay.cpu, 9);
      expect(ev.daily.at(-1)!.memory).toBeCloseTo(e.lastDay.memory, 9);
      expect(ev.daily.every((d) => d.cpu < RULES.idleShare && d.memory < RULES.idleShare)).toBe(true);
      // The deadline: five working days on the calendar.
      expect(workingDaysBetween(NOW, r.contestBy, EXAMPLE_CALENDAR)).toBe(RULES.contestWorkingDays);
    }
    // Those left alone are not idle by the rule, computed the same way.
    for (const ns of ['busy-cpu', 'busy-mem', 'spiky', 'was-busy', 'batch']) {
      const e = expected(ns);
      expect(e.cpuShare >= RULES.idleShare || e.memoryShare >= RULES.idleShare, ns).toBe(true);
    }
    // Audited, and the department told (its own users only), once each.
    const audits = await rawQuery<{ action: string; actor: string }>(
      store.db,
      "SELECT action, actor FROM audit_log WHERE object_type = 'reclamation' ORDER BY id",
    );
    expect(audits).toEqual(Array(3).fill({ action: 'reclamation.propose', actor: 'op-li' }));
    const told = (await listOutbox(store.db)).filter((n) => n.kind === 'reclamation.proposed');
    expect(told.map((n) => n.recipient)).toEqual(['dept-gaj', 'dept-gaj', 'dept-gaj']);
    expect(String(told[0]!.params.contestBy)).toMatch(/^2026-12-07 /);
  });

  it('proposes nothing twice: one open proposal per tenant', async () => {
    const again = await scanIdleTenants(store, { ...op, requestId: 'req-scan-2' }, input(), NOW);
    expect(again.proposed).toEqual([]);
    expect(again.skipped.filter((s) => s.why === 'open').map((s) => s.namespace)).toEqual([
      'idle-a',
      'idle-b',
      'idle-c',
    ]);
  });

  it('refuses a window the source did not see (an outage reads as idleness)', async () => {
    // Ten days after the backfill starts: four of the fourteen days have no series at all.
    const early = new Date((FROM + 10 * 86_400 - 1800) * 1000);
    const refused = await scanIdleTenants(store, op, input(), early).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReclamationRefusal);
    expect((refused as ReclamationRefusal).reason).toBe('reclamation.sourceStale');
    // And now, when the exporters stopped being scraped two days ago.
    const after = new Date((TO + 2 * 86_400) * 1000);
    expect(
      ((await scanIdleTenants(store, op, input(), after).catch((e: unknown) => e)) as ReclamationRefusal)
        .reason,
    ).toBe('reclamation.sourceStale');
  });

  it('the department accepts one and contests one; the data bureau decides, never its proposer', async () => {
    const open = await listReclamations(store.db, { status: ['proposed'] });
    const b = open.find((r) => r.namespace === 'idle-b')!;
    const c = open.find((r) => r.namespace === 'idle-c')!;
    const dept = { id: 'dept-gaj', requestId: 'req-answer', at: new Date(NOW.getTime() + 86_400_000) };
    expect(
      (await answerReclamation(store, dept, { id: b.id, version: b.version, answer: 'accept' })).status,
    ).toBe('accepted');
    const contested = await answerReclamation(
      store,
      dept,
      { id: c.id, version: c.version, answer: 'contest', reason: 'Year-end filing season starts next week' },
      // The operators who see the system are told, in the contest's transaction.
      (tx, row) =>
        notifyReclamation(tx, 'reclamation.contested', row, {
          available: ['webhook'],
          systemName: undefined,
          sees: () => true,
          timeZone: EXAMPLE_CALENDAR.timeZone,
          workingDays: RULES.contestWorkingDays,
        }),
    );
    expect(contested.status).toBe('contested');
    const told = (await listOutbox(store.db)).filter((n) => n.kind === 'reclamation.contested');
    expect(told.map((n) => n.recipient)).toEqual(['op-li', 'op-wang']);
    expect(told[0]!.params).toMatchObject({
      system: 'idle-c',
      reason: 'Year-end filing season starts next week',
    });
    await expect(
      decideContest(store, op, { id: c.id, version: contested.version, decision: 'uphold', comment: 'mine' }),
    ).rejects.toBeInstanceOf(FourEyesError);
    const withdrawn = await decideContest(
      store,
      { id: 'op-wang', requestId: 'req-decide', at: dept.at },
      { id: c.id, version: contested.version, decision: 'withdraw', comment: 'Seasonal load: keep it' },
    );
    expect(withdrawn.status).toBe('withdrawn');
  });

  it('an unanswered proposal lapses after five working days and reaches the tenant program', async () => {
    const [a] = await listReclamations(store.db, { status: ['proposed'] });
    expect(a!.namespace).toBe('idle-a');
    // One working day before its deadline the department is reminded, once.
    const remind = (at: Date) =>
      notifyReclamationDeadlines(store, at, {
        available: ['webhook'],
        timeZone: EXAMPLE_CALENDAR.timeZone,
        calendar: EXAMPLE_CALENDAR,
        index: { subtree: new Map([['gaj', new Set(['gaj'])]]) } as unknown as PlanIndex,
        systemName: () => undefined,
        workingDays: RULES.contestWorkingDays,
      });
    const dueSoon = async () =>
      (await listOutbox(store.db)).filter((n) => n.kind === 'reclamation.dueSoon').map((n) => n.recipient);
    // Thursday before a Monday deadline: two working days left (Friday, Monday); Friday: one.
    const thursday = new Date(a!.contestBy.getTime() - 4 * 86_400_000);
    expect(workingDaysBetween(thursday, a!.contestBy, EXAMPLE_CALENDAR)).toBe(2);
    expect(await remind(thursday)).toBe(0);
    const dayBefore = new Date(a!.contestBy.getTime() - 3 * 86_400_000);
    expect(workingDaysBetween(dayBefore, a!.contestBy, EXAMPLE_CALENDAR)).toBe(1);
    expect(await remind(dayBefore)).toBe(1);
    expect(await remind(dayBefore)).toBe(0);
    expect(await dueSoon()).toEqual(['dept-gaj']);
    // The day before its deadline: only the accepted reduction is in force.
    const before = parseYaml(
      await tenantProgramFile(store.db, new Date(a!.contestBy.getTime() - 60_000)),
    ) as {
      reductions: { system: string; cpu: number; memoryGiB: number; proposal: number }[];
    };
    expect(before.reductions.map((r) => r.system)).toEqual(['idle-b']);
    // At the deadline, with no answer: lapsed (audited as the system's act) and exported.
    const due = new Date(a!.contestBy.getTime());
    const file = parseYaml(await tenantProgramFile(store.db, due)) as typeof before;
    const e = expected('idle-a');
    expect(file.reductions).toEqual([
      {
        system: 'idle-a',
        cpu: QUOTAS['idle-a']!.cpu - e.proposedCpu,
        memoryGiB: QUOTAS['idle-a']!.memoryGiB - e.proposedMemoryGiB,
        proposal: a!.id,
      },
      {
        system: 'idle-b',
        cpu: QUOTAS['idle-b']!.cpu - expected('idle-b').proposedCpu,
        memoryGiB: QUOTAS['idle-b']!.memoryGiB - expected('idle-b').proposedMemoryGiB,
        proposal: expect.any(Number),
      },
    ]);
    expect((await listReclamations(store.db, { id: a!.id }))[0]!.status).toBe('lapsed');
    const lapse = await rawQuery<{ actor: string }>(
      store.db,
      "SELECT actor FROM audit_log WHERE action = 'reclamation.lapse'",
    );
    expect(lapse).toEqual([{ actor: 'system' }]);
    // Too late to answer now.
    await expect(
      answerReclamation(
        store,
        { id: 'dept-gaj', requestId: 'late', at: due },
        { id: a!.id, version: a!.version, answer: 'contest', reason: 'too late' },
      ),
    ).rejects.toBeInstanceOf(ContestPeriodOverError);
  });

  it('proposes nothing while Prometheus is stopped, and says the source failed', async () => {
    await prom.stop();
    const before = (await listReclamations(store.db)).length;
    const refused = await scanIdleTenants(store, op, input(), NOW).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReclamationRefusal);
    expect((refused as ReclamationRefusal).reason).toBe('reclamation.sourceFailed');
    expect((refused as ReclamationRefusal).params.source).toBe('shared');
    expect((await listReclamations(store.db)).length).toBe(before);
    await prom.start();
  });
});
