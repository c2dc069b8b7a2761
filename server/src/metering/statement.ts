// One month's statements, computed (pure: the same readings and catalogue always give the same
// statements, to the fen and to the byte of their canonical JSON).
//
// What is measured (OpenCost's allocation, as showback reads it): per container and per hour,
// max(request, usage), summed by namespace — core-hours and GiB-hours — and the claims' storage in
// GiB-months (GiB-hours over the hours of the month, so a claim held all month is 1 GiB-month).
// Each hour is priced at the price in force at its start: where a price changes in mid-month the
// item gets one line per version, with the hours each covered (proration by the hour). Each line
// is rounded once to the fen, half up (money.ts). The shared platform namespaces are priced the
// same way and their total split over departments in proportion to their direct cost, as
// showback does today; namespaces with no department are listed, charged to nobody.
import { amountOf, parsePrice, roundToFen, splitFen, exact } from './money.ts';
import { USAGE_ITEMS, priceSegments, type PriceVersion, type UsageItem } from './catalogue.ts';
import { HOUR_MS, cstDate, type MonthSpan } from './month.ts';
import { MeteringRefusal } from './refusal.ts';

/** One namespace's allocation, one value per hour of the month (index 0 = the first hour). */
export interface HourlyAllocation {
  cluster: string;
  namespace: string;
  /** Nano-cores. */
  cpu: bigint[];
  /** Bytes. */
  memory: bigint[];
  /** Bytes of claims. */
  storage: bigint[];
}

/** A fixed per-item charge: `quantity` items held for the month (prorated by the hour like prices). */
export interface ItemHolding {
  department: string;
  item: string;
  quantity: number;
}

export interface StatementInput {
  span: MonthSpan;
  prices: readonly PriceVersion[];
  namespaces: readonly HourlyAllocation[];
  /** The department (top-level unit) a tenant namespace belongs to, or null. */
  departmentOf: (cluster: string, namespace: string) => string | null;
  platformNamespaces: ReadonlySet<string>;
  items?: readonly ItemHolding[];
}

export interface StatementLine {
  kind: 'usage' | 'item' | 'platform';
  item: string;
  /** The part of the month this line's price covered: [from, to) as CST dates; `to` exclusive. */
  from: string;
  to: string;
  hours: number;
  /** The exact measure, as an integer in `measuredUnit` (nano-core-hours, byte-hours, item-hours). */
  measured: string;
  measuredUnit: string;
  /** The quantity in the priced unit, to 6 decimals (for reading; the amount uses the exact one). */
  quantity: string;
  unitPrice: string;
  priceId: number | null;
  amountFen: string;
}

export interface Group {
  namespaces: string[];
  lines: StatementLine[];
  totalFen: string;
}

export interface DepartmentStatement extends Group {
  department: string;
  directFen: string;
  platformFen: string;
}

export interface MonthStatements {
  format: 'yunqian-metering/1';
  month: string;
  currency: 'CNY';
  hours: number;
  rounding: 'half-up, once per line, to the fen';
  departments: DepartmentStatement[];
  platform: Group;
  unassigned: Group;
  totalFen: string;
}

const GiB = 2n ** 30n;

/** How each usage item is measured: from which hourly field, in which unit, over what denominator. */
const MEASURES: Record<
  UsageItem,
  { field: 'cpu' | 'memory' | 'storage'; unit: string; den: (hours: number) => bigint }
> = {
  'cpu.core-hour': { field: 'cpu', unit: 'nano-core-hours', den: () => 1_000_000_000n },
  'memory.gib-hour': { field: 'memory', unit: 'byte-hours', den: () => GiB },
  'storage.gib-month': { field: 'storage', unit: 'byte-hours', den: (h) => GiB * BigInt(h) },
};

/** measured/den to 6 decimals, half up (display only). */
function quantityText(measured: bigint, den: bigint): string {
  const scaled = measured * 1_000_000n;
  let q = scaled / den;
  if (2n * (scaled % den) >= den) q += 1n;
  const s = q.toString().padStart(7, '0');
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}

const sum = (xs: Iterable<bigint>) => {
  let s = 0n;
  for (const x of xs) s += x;
  return s;
};

/** The usage lines of a group of namespaces: one per item and price version in force. */
function usageLines(input: StatementInput, group: readonly HourlyAllocation[]): StatementLine[] {
  const { span } = input;
  const lines: StatementLine[] = [];
  for (const item of USAGE_ITEMS) {
    const m = MEASURES[item];
    const total = sum(group.map((n) => sum(n[m.field])));
    if (total === 0n) continue;
    const segments = pricedHours(input.prices, item, span);
    for (const s of segments) {
      let measured = 0n;
      for (const n of group) for (let h = s.first; h < s.last; h++) measured += n[m.field][h] ?? 0n;
      if (measured === 0n) continue;
      const den = m.den(span.hours);
      const price = parsePrice(s.version.price);
      lines.push({
        kind: 'usage',
        item,
        from: cstDate(s.from),
        to: cstDate(s.to),
        hours: s.last - s.first,
        measured: measured.toString(),
        measuredUnit: m.unit,
        quantity: quantityText(measured, den),
        unitPrice: s.version.price,
        priceId: s.version.id,
        amountFen: roundToFen(amountOf(measured, den, price)).toString(),
      });
    }
  }
  return lines;
}

/** The price versions in force over the month, as hour ranges; every hour must have a price. */
function pricedHours(prices: readonly PriceVersion[], item: string, span: MonthSpan) {
  const segments = priceSegments(prices, item, span.start, span.end).map((s) => ({
    ...s,
    first: (s.from - span.start) / HOUR_MS,
    last: (s.to - span.start) / HOUR_MS,
  }));
  const covered = segments.reduce((a, s) => a + (s.last - s.first), 0);
  if (covered !== span.hours)
    throw new MeteringRefusal('month', 'metering.noPrices', {
      item,
      from: cstDate(segments[0]?.from ?? span.end),
    });
  return segments;
}

function itemLines(input: StatementInput, department: string): StatementLine[] {
  const { span } = input;
  const lines: StatementLine[] = [];
  const held = (input.items ?? [])
    .filter((i) => i.department === department && i.quantity > 0)
    .sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  for (const h of held) {
    for (const s of pricedHours(input.prices, h.item, span)) {
      const hours = BigInt(s.last - s.first);
      const measured = BigInt(h.quantity) * hours;
      const den = BigInt(span.hours);
      lines.push({
        kind: 'item',
        item: h.item,
        from: cstDate(s.from),
        to: cstDate(s.to),
        hours: s.last - s.first,
        measured: measured.toString(),
        measuredUnit: 'item-hours',
        quantity: quantityText(measured, den),
        unitPrice: s.version.price,
        priceId: s.version.id,
        amountFen: roundToFen(amountOf(measured, den, parsePrice(s.version.price))).toString(),
      });
    }
  }
  return lines;
}

const fenOf = (lines: readonly StatementLine[]) => sum(lines.map((l) => BigInt(l.amountFen)));
const names = (g: readonly HourlyAllocation[]) => g.map((n) => `${n.cluster}/${n.namespace}`).sort();

export function computeStatements(input: StatementInput): MonthStatements {
  for (const n of input.namespaces)
    for (const f of ['cpu', 'memory', 'storage'] as const)
      if (n[f].length !== input.span.hours)
        throw new RangeError(
          `${n.cluster}/${n.namespace}: ${n[f].length} hours of ${f}, not ${input.span.hours}`,
        );
  const platform: HourlyAllocation[] = [];
  const unassigned: HourlyAllocation[] = [];
  const byDept = new Map<string, HourlyAllocation[]>();
  for (const n of input.namespaces) {
    if (input.platformNamespaces.has(n.namespace)) platform.push(n);
    else {
      const d = input.departmentOf(n.cluster, n.namespace);
      if (!d) unassigned.push(n);
      else (byDept.get(d) ?? byDept.set(d, []).get(d)!).push(n);
    }
  }
  for (const i of input.items ?? []) if (!byDept.has(i.department)) byDept.set(i.department, []);

  const departments = [...byDept.keys()].sort().map((department) => {
    const group = byDept.get(department)!;
    const lines = [...usageLines(input, group), ...itemLines(input, department)];
    return { department, namespaces: names(group), lines, direct: fenOf(lines) };
  });
  const platformLines = usageLines(input, platform);
  const platformFen = fenOf(platformLines);
  // The platform's total, split exactly in proportion to direct cost (largest remainder).
  const shares = splitFen(
    platformFen,
    departments.map((d) => exact(d.direct)),
  );
  const span = { from: cstDate(input.span.start), to: cstDate(input.span.end), hours: input.span.hours };
  const out: DepartmentStatement[] = departments.map((d, i) => {
    const share = shares[i] ?? 0n;
    const lines =
      share > 0n
        ? [
            ...d.lines,
            {
              kind: 'platform' as const,
              item: 'platform.share',
              ...span,
              measured: d.direct.toString(),
              measuredUnit: 'fen of direct cost',
              quantity: quantityText(d.direct, 100n),
              unitPrice: '',
              priceId: null,
              amountFen: share.toString(),
            },
          ]
        : d.lines;
    return {
      department: d.department,
      namespaces: d.namespaces,
      lines,
      directFen: d.direct.toString(),
      platformFen: share.toString(),
      totalFen: (d.direct + share).toString(),
    };
  });
  const unassignedLines = usageLines(input, unassigned);
  return {
    format: 'yunqian-metering/1',
    month: input.span.month,
    currency: 'CNY',
    hours: input.span.hours,
    rounding: 'half-up, once per line, to the fen',
    departments: out,
    platform: { namespaces: names(platform), lines: platformLines, totalFen: platformFen.toString() },
    unassigned: {
      namespaces: names(unassigned),
      lines: unassignedLines,
      totalFen: fenOf(unassignedLines).toString(),
    },
    totalFen: (sum(out.map((d) => BigInt(d.totalFen))) + fenOf(unassignedLines)).toString(),
  };
}
