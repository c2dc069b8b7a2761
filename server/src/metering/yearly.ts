// The yearly fee report for the finance bureau (财政局): per department, each closed month's total
// and the year's sum, in fen. Only closed statements count — an open month is not yet a fee — and
// the report names which months were closed, so a partial year reads as one.
import type { ClosedMonth } from './close.ts';

export interface YearlyRow {
  department: string;
  /** 'YYYY-MM' → total in fen (direct + platform share), closed months only. */
  months: Record<string, string>;
  directFen: string;
  platformFen: string;
  totalFen: string;
}

export interface YearlyReport {
  year: number;
  closedMonths: string[];
  departments: YearlyRow[];
  /** Namespaces with no department, charged to nobody: shown so the sums reconcile. */
  unassignedFen: string;
  totalFen: string;
  /** Each closed month's digest, so the report can be checked against the statements. */
  digests: Record<string, string>;
}

export function yearlyReport(year: number, months: readonly ClosedMonth[]): YearlyReport {
  const rows = new Map<string, { months: Record<string, bigint>; direct: bigint; platform: bigint }>();
  let unassigned = 0n;
  for (const m of months) {
    for (const d of m.statements.departments) {
      let r = rows.get(d.department);
      if (!r) rows.set(d.department, (r = { months: {}, direct: 0n, platform: 0n }));
      r.months[m.month] = (r.months[m.month] ?? 0n) + BigInt(d.totalFen);
      r.direct += BigInt(d.directFen);
      r.platform += BigInt(d.platformFen);
    }
    unassigned += BigInt(m.statements.unassigned.totalFen);
  }
  const departments = [...rows]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([department, r]) => ({
      department,
      months: Object.fromEntries(Object.entries(r.months).map(([k, v]) => [k, v.toString()])),
      directFen: r.direct.toString(),
      platformFen: r.platform.toString(),
      totalFen: (r.direct + r.platform).toString(),
    }));
  const total = departments.reduce((a, d) => a + BigInt(d.totalFen), 0n) + unassigned;
  return {
    year,
    closedMonths: months.map((m) => m.month),
    departments,
    unassignedFen: unassigned.toString(),
    totalFen: total.toString(),
    digests: Object.fromEntries(months.map((m) => [m.month, m.digest])),
  };
}
