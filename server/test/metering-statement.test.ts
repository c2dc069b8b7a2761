// The statement's pure computation (#22): proration at a price's effective date, one rounding per
// line, the platform split exactly over departments, and refusal of a month with unpriced hours.
import { describe, expect, it } from 'vitest';
import { computeStatements, type HourlyAllocation } from '../src/metering/statement.ts';
import { parseMonth } from '../src/metering/month.ts';
import type { PriceVersion } from '../src/metering/catalogue.ts';
import { MeteringRefusal } from '../src/metering/refusal.ts';
import { canonicalJson, digestOf } from '../src/metering/canonical.ts';

const GiB = 2n ** 30n;
const price = (id: number, item: string, p: string, effectiveFrom: string): PriceVersion => ({
  id,
  item,
  price: p,
  effectiveFrom,
  note: '',
  addedBy: 'op',
  addedAt: '2026-01-01T00:00:00.000Z',
});
const PRICES = [
  price(1, 'cpu.core-hour', '0.05', '2026-01-01'),
  price(2, 'cpu.core-hour', '0.08', '2026-02-15'), // mid-month change
  price(3, 'memory.gib-hour', '0.01', '2026-01-01'),
  price(4, 'storage.gib-month', '0.3', '2026-01-01'),
  price(5, 'item:public-ip', '20', '2026-01-01'),
];
const span = parseMonth('2026-02'); // 672 hours
const flat = (hours: number, v: bigint) => Array.from({ length: hours }, () => v);
const ns = (namespace: string, cpuNano: bigint, memBytes: bigint, storageBytes = 0n): HourlyAllocation => ({
  cluster: 'c1',
  namespace,
  cpu: flat(span.hours, cpuNano),
  memory: flat(span.hours, memBytes),
  storage: flat(span.hours, storageBytes),
});
const DEPT: Record<string, string> = { gongan: 'gaj', 'gongan-2': 'gaj', renshe: 'rsj' };
const input = (namespaces: HourlyAllocation[], prices = PRICES) => ({
  span,
  prices,
  namespaces,
  departmentOf: (_c: string, n: string) => DEPT[n] ?? null,
  platformNamespaces: new Set(['kube-system']),
  items: [{ department: 'rsj', item: 'item:public-ip', quantity: 2 }],
});

describe('metering statements', () => {
  const s = computeStatements(
    input([
      ns('gongan', 2_000_000_000n, 4n * GiB, 10n * GiB),
      ns('gongan-2', 500_000_000n, GiB),
      ns('renshe', 1_000_000_000n, 2n * GiB),
      ns('kube-system', 1_000_000_000n, GiB),
      ns('stray', 1_000_000_000n, 0n),
    ]),
  );

  it('prorates a mid-month price change by the hour', () => {
    expect(span.hours).toBe(672);
    const gaj = s.departments.find((d) => d.department === 'gaj')!;
    const cpu = gaj.lines.filter((l) => l.item === 'cpu.core-hour');
    // 1–14 Feb: 14 days × 24 h = 336 h at 0.05; 15–28 Feb: 336 h at 0.08. 2.5 cores.
    expect(cpu.map((l) => [l.from, l.to, l.hours, l.quantity, l.unitPrice, l.amountFen])).toEqual([
      ['2026-02-01', '2026-02-15', 336, '840.000000', '0.05', '4200'],
      ['2026-02-15', '2026-03-01', 336, '840.000000', '0.08', '6720'],
    ]);
    const mem = gaj.lines.find((l) => l.item === 'memory.gib-hour')!;
    expect([mem.quantity, mem.amountFen]).toEqual(['3360.000000', '3360']);
    // 10 GiB held all month = 10 GiB-months.
    const st = gaj.lines.find((l) => l.item === 'storage.gib-month')!;
    expect([st.quantity, st.amountFen]).toEqual(['10.000000', '300']);
    expect(gaj.directFen).toBe(String(4200 + 6720 + 3360 + 300));
  });

  it('charges fixed items per month, prorated the same way', () => {
    const rsj = s.departments.find((d) => d.department === 'rsj')!;
    const ip = rsj.lines.filter((l) => l.kind === 'item');
    expect(ip.map((l) => l.amountFen)).toEqual(['4000']);
  });

  it('splits the platform exactly in proportion to direct cost; strays are charged to nobody', () => {
    // kube-system: 1 core (336 h × 0.05 + 336 h × 0.08 = 43.68) + 1 GiB (672 × 0.01 = 6.72).
    expect(s.platform.totalFen).toBe('5040');
    const shares = s.departments.map((d) => BigInt(d.platformFen));
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(5040n);
    const [gaj, rsj] = s.departments;
    // Proportional to within a fen.
    const exact = (5040 * Number(gaj!.directFen)) / (Number(gaj!.directFen) + Number(rsj!.directFen));
    expect(Math.abs(Number(gaj!.platformFen) - exact)).toBeLessThan(1);
    expect(s.unassigned.namespaces).toEqual(['c1/stray']);
    expect(s.totalFen).toBe(
      String(s.departments.reduce((a, d) => a + BigInt(d.totalFen), 0n) + BigInt(s.unassigned.totalFen)),
    );
  });

  it('is deterministic to the byte (the digest of a recomputation is the same)', () => {
    const again = computeStatements(
      input([
        ns('kube-system', 1_000_000_000n, GiB),
        ns('renshe', 1_000_000_000n, 2n * GiB),
        ns('stray', 1_000_000_000n, 0n),
        ns('gongan-2', 500_000_000n, GiB),
        ns('gongan', 2_000_000_000n, 4n * GiB, 10n * GiB),
      ]),
    );
    expect(digestOf(canonicalJson(again))).toBe(digestOf(canonicalJson(s)));
    expect(digestOf(canonicalJson(s), 'sm3')).toMatch(/^sm3:[0-9a-f]{64}$/);
  });

  it('refuses a month with hours no price covers', () => {
    const late = [price(1, 'cpu.core-hour', '0.05', '2026-02-02'), ...PRICES.slice(2)];
    expect(() => computeStatements(input([ns('gongan', 1n, 0n)], late))).toThrow(MeteringRefusal);
  });
});
