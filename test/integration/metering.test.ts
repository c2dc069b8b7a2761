// Monthly metering statements (#22) against a real Prometheus and a real PostgreSQL 15: 62 days of
// kube-state-metrics- and cAdvisor-shaped series (three departments' namespaces and a platform
// namespace; requests and use crossing, so max(request, usage) matters; a pod that is Pending, then
// Running, then Succeeded; a claim) backfilled with promtool. Each monthly statement must equal
// Σ allocation × rate computed here from the written samples, to the fen; a mid-month price change
// is prorated; closing twice, and recomputing a closed month, give the identical digest; the
// database refuses to change a closed statement; a failing or gapped source is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../harness/prometheus.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { toOpenMetrics, type GeneratedSeries } from '../harness/province-metrics.ts';
import { freePort } from '../harness/ports.ts';
import { PrometheusClient, fetchTransport } from '../../server/src/sources/prometheus/client.ts';
import { openStore, rawQuery, type Store } from '../../server/src/store/db.ts';
import { addPrice, listPrices } from '../../server/src/metering/catalogue.ts';
import { computeStatements, type MonthStatements } from '../../server/src/metering/statement.ts';
import { readMonthAllocation, type MeteringSource } from '../../server/src/metering/prometheus.ts';
import { closeMonth, closedMonths } from '../../server/src/metering/close.ts';
import { yearlyReport } from '../../server/src/metering/yearly.ts';
import { parseMonth, dayStart } from '../../server/src/metering/month.ts';
import { MeteringRefusal } from '../../server/src/metering/refusal.ts';
import { canonicalJson } from '../../server/src/metering/canonical.ts';
import { configureCrypto } from '../../server/src/crypto/profile.ts';
import { generateSigningKey, verifyBytes } from '../../server/src/crypto/signature.ts';

const skip = prometheusAvailable();
const HOUR = 3600;
const STEP = 600; // samples every 10 minutes
const GiB = 2 ** 30;
const FROM = dayStart('2026-09-30') / 1000; // one day before October (CST)
const TO = dayStart('2026-12-01') / 1000; // 62 days
const CLUSTER = 'gov-1';
const PLATFORM = new Set(['kube-system']);
const DEPARTMENT: Record<string, string> = {
  gongan: 'gaj',
  'gongan-web': 'gaj',
  renshe: 'rsj',
  minzheng: 'mzj',
};

interface Container {
  namespace: string;
  pod: string;
  container: string;
  /** Requests (cores, bytes) as a function of the hour index since FROM. */
  cpuRequest: (k: number) => number;
  memRequest: (k: number) => number;
  /** CPU use in twentieths of a core (so the counter stays integral), working set in bytes. */
  cpuUse: (k: number) => number;
  memUse: (k: number) => number;
  /** The pod's phase over the hours. */
  phase: (k: number) => 'Pending' | 'Running' | 'Succeeded';
}

const running = () => 'Running' as const;
// Requests and use cross each other hour by hour and day by day, so neither alone is the answer.
const CONTAINERS: Container[] = [
  {
    namespace: 'gongan',
    pod: 'gongan-api-0',
    container: 'api',
    cpuRequest: () => 1,
    memRequest: () => 2 * GiB,
    cpuUse: (k) => (k * 7) % 31, // 0 … 1.5 cores
    memUse: (k) => (1 + ((k * 5) % 13) / 4) * GiB, // 1 … 4 GiB
    phase: running,
  },
  {
    namespace: 'gongan',
    pod: 'gongan-api-0',
    container: 'sidecar',
    cpuRequest: () => 0.25,
    memRequest: () => 0.25 * GiB,
    cpuUse: (k) => (k % 3 === 0 ? 6 : 1),
    memUse: () => 100_000_000,
    phase: running,
  },
  {
    namespace: 'gongan-web',
    pod: 'web-7f-a',
    container: 'web',
    cpuRequest: (k) => (Math.floor(k / 24) % 2 === 0 ? 0.5 : 2), // resized daily
    memRequest: () => GiB,
    cpuUse: (k) => (k * 11) % 23,
    memUse: (k) => 512 * 2 ** 20 + ((k * 3) % 7) * 2 ** 28,
    phase: running,
  },
  {
    namespace: 'renshe',
    pod: 'renshe-0',
    container: 'app',
    cpuRequest: () => 2,
    memRequest: () => 8 * GiB,
    cpuUse: (k) => (k % 24 < 8 ? 50 : 10), // bursts over its request at night
    memUse: () => 6 * GiB,
    phase: running,
  },
  {
    // A batch pod: Pending (holds its requests), Running, then Succeeded (requests still exported,
    // counted by nobody).
    namespace: 'renshe',
    pod: 'renshe-batch-x1',
    container: 'batch',
    cpuRequest: () => 4,
    memRequest: () => 16 * GiB,
    cpuUse: (k) => (k >= 200 && k < 500 ? 60 : 0),
    memUse: (k) => (k >= 200 && k < 500 ? 12 * GiB : 0),
    phase: (k) => (k < 200 ? 'Pending' : k < 500 ? 'Running' : 'Succeeded'),
  },
  {
    namespace: 'minzheng',
    pod: 'minzheng-0',
    container: 'app',
    cpuRequest: () => 0.1,
    memRequest: () => 256 * 2 ** 20,
    cpuUse: (k) => k % 5,
    memUse: () => 300 * 2 ** 20,
    phase: running,
  },
  {
    namespace: 'kube-system',
    pod: 'coredns-1',
    container: 'coredns',
    cpuRequest: () => 0.1,
    memRequest: () => 70 * 2 ** 20,
    cpuUse: (k) => 1 + (k % 4),
    memUse: () => 60 * 2 ** 20,
    phase: running,
  },
];
const CLAIMS = [
  { namespace: 'gongan', claim: 'data-db-0', bytes: (k: number) => (k < 900 ? 50 : 80) * GiB },
  { namespace: 'kube-system', claim: 'etcd-backup', bytes: () => 10 * GiB },
];

/** The hour (since FROM) a sample at time t belongs to: (t − 1h, t] is hour ⌈(t − FROM)/1h⌉ − 1. */
const hourOfSample = (t: number) => Math.ceil((t - FROM) / HOUR) - 1;

function generate(): GeneratedSeries[] {
  const out: GeneratedSeries[] = [];
  const series = (name: string, labels: Record<string, string>, value: (t: number) => number) => {
    const samples: [number, number][] = [];
    for (let t = FROM; t <= TO; t += STEP) samples.push([t, value(t)]);
    out.push({ name, labels: { cluster: CLUSTER, ...labels }, samples });
  };
  const pods = new Map(CONTAINERS.map((c) => [c.pod, c]));
  for (const [pod, c] of pods)
    for (const phase of ['Pending', 'Running', 'Succeeded'])
      series('kube_pod_status_phase', { namespace: c.namespace, pod, phase }, (t) =>
        c.phase(Math.max(0, hourOfSample(t))) === phase ? 1 : 0,
      );
  for (const c of CONTAINERS) {
    const base = { namespace: c.namespace, pod: c.pod, container: c.container };
    const k = (t: number) => Math.max(0, hourOfSample(t));
    series('kube_pod_container_resource_requests', { ...base, resource: 'cpu', unit: 'core' }, (t) =>
      c.cpuRequest(k(t)),
    );
    series('kube_pod_container_resource_requests', { ...base, resource: 'memory', unit: 'byte' }, (t) =>
      c.memRequest(k(t)),
    );
    // A counter in seconds: over each 10 minutes, twentieths of a core × 600 s = 30 s each.
    let counter = 0;
    series('container_cpu_usage_seconds_total', { ...base, image: `${c.container}:1` }, (t) => {
      if (t > FROM) counter += c.cpuUse(hourOfSample(t)) * 30;
      return counter;
    });
    series('container_memory_working_set_bytes', { ...base, image: `${c.container}:1` }, (t) =>
      c.memUse(k(t)),
    );
  }
  for (const cl of CLAIMS)
    series(
      'kube_persistentvolumeclaim_resource_requests_storage_bytes',
      { namespace: cl.namespace, persistentvolumeclaim: cl.claim },
      (t) => cl.bytes(Math.max(0, hourOfSample(t))),
    );
  return out;
}

const PRICES = [
  { item: 'cpu.core-hour', price: '0.048', effectiveFrom: '2026-09-01' },
  { item: 'cpu.core-hour', price: '0.0525', effectiveFrom: '2026-10-16' }, // mid-October
  { item: 'memory.gib-hour', price: '0.0064', effectiveFrom: '2026-09-01' },
  { item: 'storage.gib-month', price: '0.35', effectiveFrom: '2026-09-01' },
  { item: 'storage.gib-month', price: '0.4', effectiveFrom: '2026-11-11' }, // mid-November
];

/**
 * What a month must cost, from the written samples alone: per hour (t − 1h, t], each active
 * container's max(request at t, use over the hour) — use from the counter's two samples an hour
 * apart — priced at the price in force at the hour's start; each (item, price) line rounded half
 * up to the fen once; the platform's total split by direct cost, remainders to the largest.
 */
function expected(series: GeneratedSeries[], month: string) {
  const span = parseMonth(month);
  // Each series' samples by time, found by its labels once.
  const found = new Map<string, Map<number, number>>();
  const at = (name: string, match: Record<string, string>, t: number): number | undefined => {
    const key = name + JSON.stringify(match);
    let byTime = found.get(key);
    if (!byTime) {
      const s = series.find(
        (x) => x.name === name && Object.entries(match).every(([k, v]) => x.labels[k] === v),
      );
      found.set(key, (byTime = new Map(s?.samples ?? [])));
    }
    return byTime.get(t);
  };
  const priceAt = (item: string, ms: number) =>
    PRICES.filter((p) => p.item === item && dayStart(p.effectiveFrom) <= ms).sort(
      (a, b) => dayStart(b.effectiveFrom) - dayStart(a.effectiveFrom),
    )[0]!;
  // Σ per (group, item, price): exact rationals as [numerator, denominator] in BigInt.
  const sums = new Map<string, bigint>(); // key group\0item\0price → measured (nano-core-h / byte-h)
  const add = (group: string, item: string, price: string, v: bigint) => {
    const key = `${group}\0${item}\0${price}`;
    sums.set(key, (sums.get(key) ?? 0n) + v);
  };
  const groupOf = (ns: string) => (PLATFORM.has(ns) ? 'platform' : (DEPARTMENT[ns] ?? 'unassigned'));
  for (let h = 0; h < span.hours; h++) {
    const t = span.start / 1000 + (h + 1) * HOUR;
    const hourStart = span.start + h * HOUR * 1000;
    for (const c of CONTAINERS) {
      const base = { namespace: c.namespace, pod: c.pod, container: c.container };
      const phase = ['Pending', 'Running'].some(
        (p) => at('kube_pod_status_phase', { namespace: c.namespace, pod: c.pod, phase: p }, t) === 1,
      );
      const reqCpu = phase ? at('kube_pod_container_resource_requests', { ...base, resource: 'cpu' }, t)! : 0;
      const reqMem = phase
        ? at('kube_pod_container_resource_requests', { ...base, resource: 'memory' }, t)!
        : 0;
      const c1 = at('container_cpu_usage_seconds_total', base, t)!;
      const c0 = at('container_cpu_usage_seconds_total', base, t - HOUR)!;
      // Nano-cores, exactly: the counter moved (c1 − c0) seconds in 3600 s.
      const useNano = (BigInt(c1 - c0) * 1_000_000_000n) / 3600n;
      const reqNano = BigInt(Math.round(reqCpu * 1e9));
      const cpu = useNano > reqNano ? useNano : reqNano;
      const mem = BigInt(Math.max(reqMem, at('container_memory_working_set_bytes', base, t)!));
      const g = groupOf(c.namespace);
      add(g, 'cpu.core-hour', priceAt('cpu.core-hour', hourStart).price, cpu);
      add(g, 'memory.gib-hour', priceAt('memory.gib-hour', hourStart).price, mem);
    }
    for (const cl of CLAIMS) {
      const bytes = at(
        'kube_persistentvolumeclaim_resource_requests_storage_bytes',
        { namespace: cl.namespace, persistentvolumeclaim: cl.claim },
        t,
      )!;
      add(
        groupOf(cl.namespace),
        'storage.gib-month',
        priceAt('storage.gib-month', hourStart).price,
        BigInt(bytes),
      );
    }
  }
  // Each line: measured × price / unit, rounded half up to the fen.
  const den: Record<string, bigint> = {
    'cpu.core-hour': 1_000_000_000n,
    'memory.gib-hour': BigInt(GiB),
    'storage.gib-month': BigInt(GiB) * BigInt(span.hours),
  };
  const fen = new Map<string, bigint>();
  const lines: { group: string; item: string; price: string; fen: bigint }[] = [];
  for (const [key, measured] of sums) {
    const [group, item, price] = key.split('\0') as [string, string, string];
    if (measured === 0n) continue;
    const [int, frac = ''] = price.split('.');
    const p = BigInt(int! + frac.padEnd(8, '0')); // 10⁻⁸ yuan
    const n = measured * p * 100n;
    const d = den[item]! * 100_000_000n;
    const f = n / d + (2n * (n % d) >= d ? 1n : 0n);
    lines.push({ group, item, price, fen: f });
    fen.set(group, (fen.get(group) ?? 0n) + f);
  }
  const depts = [...new Set(Object.values(DEPARTMENT))].filter((d) => fen.has(d)).sort();
  const platform = fen.get('platform') ?? 0n;
  const direct = depts.map((d) => fen.get(d)!);
  const sumDirect = direct.reduce((a, b) => a + b, 0n);
  const share = direct.map((x) => (platform * x) / sumDirect);
  let left = platform - share.reduce((a, b) => a + b, 0n);
  const order = direct
    .map((x, i) => ({ i, r: (platform * x) % sumDirect }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) if (left-- > 0n) share[i]! += 1n;
  return {
    lines,
    platform,
    departments: Object.fromEntries(
      depts.map((d, i) => [d, { direct: direct[i]!, share: share[i]!, total: direct[i]! + share[i]! }]),
    ),
  };
}

describe.skipIf(skip)('monthly metering statements on a real Prometheus and PostgreSQL 15', () => {
  let prom: RunningPrometheus;
  let pg: RunningPostgres;
  let store: Store;
  let sources: MeteringSource[];
  let series: GeneratedSeries[];
  const op = { id: 'op-li', requestId: 'req-metering', at: new Date(TO * 1000 + 86_400_000) };
  const now = TO * 1000 + 86_400_000;

  beforeAll(async () => {
    series = generate();
    [prom, pg] = await Promise.all([
      startPrometheus({ openMetrics: toOpenMetrics(series) }),
      startPostgres(),
    ]);
    store = await openStore({ url: pg.url });
    sources = [{ id: 'shared', client: new PrometheusClient(fetchTransport(prom.url), 60_000) }];
    for (const p of PRICES) await addPrice(store, p, op);
  }, 300_000);
  afterAll(async () => {
    configureCrypto({ profile: 'international' });
    await store?.close();
    await Promise.all([prom?.close(), pg?.stop()]);
  });

  const compute = async (month: string): Promise<MonthStatements> => {
    const span = parseMonth(month);
    return computeStatements({
      span,
      prices: await listPrices(store.db),
      namespaces: await readMonthAllocation(sources, span, now),
      departmentOf: (_c, ns) => DEPARTMENT[ns] ?? null,
      platformNamespaces: PLATFORM,
    });
  };

  it.each(['2026-10', '2026-11'])(
    '%s: each statement is Σ allocation × rate from the written samples, to the fen',
    async (month) => {
      const s = await compute(month);
      const e = expected(series, month);
      expect(s.platform.totalFen).toBe(e.platform.toString());
      expect(s.unassigned.totalFen).toBe('0');
      expect(
        Object.fromEntries(
          s.departments.map((d) => [
            d.department,
            { direct: BigInt(d.directFen), share: BigInt(d.platformFen), total: BigInt(d.totalFen) },
          ]),
        ),
      ).toEqual(e.departments);
      // Line by line, too.
      const got = [
        ...s.departments.flatMap((d) => d.lines.map((l) => ({ g: d.department, l }))),
        ...s.platform.lines.map((l) => ({ g: 'platform', l })),
      ]
        .filter(({ l }) => l.kind === 'usage')
        .map(({ g, l }) => `${g} ${l.item} ${l.unitPrice} ${l.amountFen}`)
        .sort();
      expect(got).toEqual(e.lines.map((l) => `${l.group} ${l.item} ${l.price} ${l.fen}`).sort());
      expect(BigInt(s.totalFen)).toBe(Object.values(e.departments).reduce((a, d) => a + d.total, 0n));
    },
    120_000,
  );

  it('prorates a mid-month price change by the hour', async () => {
    const oct = await compute('2026-10');
    const cpu = oct.departments
      .find((d) => d.department === 'gaj')!
      .lines.filter((l) => l.item === 'cpu.core-hour');
    expect(cpu.map((l) => [l.from, l.to, l.hours, l.unitPrice])).toEqual([
      ['2026-10-01', '2026-10-16', 360, '0.048'],
      ['2026-10-16', '2026-11-01', 384, '0.0525'],
    ]);
    const nov = await compute('2026-11');
    const st = nov.departments
      .find((d) => d.department === 'gaj')!
      .lines.filter((l) => l.item === 'storage.gib-month');
    expect(st.map((l) => [l.from, l.to, l.hours, l.unitPrice])).toEqual([
      ['2026-11-01', '2026-11-11', 240, '0.35'],
      ['2026-11-11', '2026-12-01', 480, '0.4'],
    ]);
  }, 120_000);

  it('closes a month once: closing again and recomputing give the identical digest', async () => {
    const first = await closeMonth(store, await compute('2026-10'), {}, op);
    expect(first.state).toBe('closed');
    if (first.state === 'differs') throw new Error('unreachable');
    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await closeMonth(
      store,
      await compute('2026-10'),
      {},
      { ...op, at: new Date(now + 3600_000) },
    );
    expect(again.state).toBe('identical');
    if (again.state === 'differs') throw new Error('unreachable');
    expect(again.digest).toBe(first.digest);
    expect(again.closedAt).toBe(first.closedAt);
    expect(canonicalJson(await compute('2026-10'))).toBe(first.content);
    // A recomputation that differs (another department mapping) is refused and audited.
    const other = computeStatements({
      span: parseMonth('2026-10'),
      prices: await listPrices(store.db),
      namespaces: await readMonthAllocation(sources, parseMonth('2026-10'), now),
      departmentOf: () => 'gaj',
      platformNamespaces: PLATFORM,
    });
    const refused = await closeMonth(store, other, {}, op);
    expect(refused.state).toBe('differs');
    const audits = await rawQuery<{ action: string }>(
      store.db,
      "SELECT action FROM audit_log WHERE object_type = 'metering-month' ORDER BY id",
    );
    expect(audits.map((a) => a.action)).toEqual(['metering.close', 'metering.close-refused']);
  }, 120_000);

  it('the database refuses to change a closed statement or a published price', async () => {
    // drizzle wraps the database's error: its cause is PostgreSQL's own refusal (the trigger).
    const refusal = (q: string) =>
      rawQuery(store.db, q).then(
        () => 'accepted',
        (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
      );
    expect(await refusal("UPDATE metering_statements SET content = '{}' WHERE month = '2026-10'")).toMatch(
      /metering_statements rows are immutable/,
    );
    expect(await refusal("DELETE FROM metering_statements WHERE month = '2026-10'")).toMatch(/immutable/);
    expect(await refusal("UPDATE metering_prices SET price = '0.01'")).toMatch(/immutable/);
    expect((await closedMonths(store.db)).map((m) => m.month)).toEqual(['2026-10']);
    // A price reaching back into a closed month would make it disagree with its recomputation.
    await expect(
      addPrice(store, { item: 'cpu.core-hour', price: '0.01', effectiveFrom: '2026-10-20' }, op),
    ).rejects.toMatchObject({ reason: 'metering.closedMonth', field: 'effectiveFrom' });
  });

  it('signs with SM2 and hashes with SM3 under the 国密 profile; the yearly report sums closed months', async () => {
    configureCrypto({ profile: 'gm' });
    const { key } = generateSigningKey('SM2-SM3');
    const nov = await closeMonth(store, await compute('2026-11'), { key }, op);
    configureCrypto({ profile: 'international' });
    if (nov.state === 'differs') throw new Error('unreachable');
    expect(nov.digest).toMatch(/^sm3:[0-9a-f]{64}$/);
    expect(
      verifyBytes(new TextEncoder().encode(nov.content), JSON.parse(nov.signature!), key.publicKey),
    ).toEqual({
      ok: true,
      signedAt: op.at.toISOString(),
    });
    // Still identical when recomputed under the other profile: the stored digest names its hash.
    expect((await closeMonth(store, await compute('2026-11'), {}, op)).state).toBe('identical');

    const report = yearlyReport(2026, await closedMonths(store.db, 2026));
    expect(report.closedMonths).toEqual(['2026-10', '2026-11']);
    const oct = expected(series, '2026-10').departments;
    const novE = expected(series, '2026-11').departments;
    for (const row of report.departments) {
      expect(row.months).toEqual({
        '2026-10': oct[row.department]!.total.toString(),
        '2026-11': novE[row.department]!.total.toString(),
      });
      expect(BigInt(row.totalFen)).toBe(oct[row.department]!.total + novE[row.department]!.total);
    }
  }, 120_000);

  it('refuses a month not over, a month the source has gaps in, and a failing source', async () => {
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof MeteringRefusal ? e.reason : String(e)),
      );
    expect(await refusal(readMonthAllocation(sources, parseMonth('2026-12'), now))).toBe(
      'metering.monthNotOver',
    );
    expect(await refusal(readMonthAllocation(sources, parseMonth('2026-09'), now))).toBe(
      'metering.sourceGap',
    );
    const dead = new PrometheusClient(fetchTransport(`http://127.0.0.1:${await freePort()}`), 2_000);
    expect(
      await refusal(readMonthAllocation([{ id: 'dead', client: dead }], parseMonth('2026-10'), now)),
    ).toBe('metering.sourceFailed');
  });
});
