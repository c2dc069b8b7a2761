// Showback after OpenCost's specification: what each department's allocation costs at the service
// catalogue's unit prices. Allocation is max(request, usage) per container at each step of the
// billing window (read by Prometheus, capacity-queries.ts), summed into resource-hours and scaled
// to a month; the instant figure × hours per month stands in only while the window cannot be read.
// Platform namespaces serve everyone, so their cost is shown as its own line and also split over
// departments in proportion to their direct cost.
import type { CostLine, Prices, Showback } from '../model/index.ts';
import type { Tally } from './figures.ts';

export const HOURS_PER_MONTH = 730;
const GiB = 2 ** 30;

/** How the cost is measured: over a window of this many hours, or at the current run-rate (null). */
export type CostBasis = { windowHours: number } | null;

export function monthlyCost(t: Tally, p: Prices, basis: CostBasis = null): number {
  if (basis) {
    const b = t.billed;
    const perWindow =
      b.cpuCoreHours * p.cpuCoreHour +
      (b.memoryByteHours / GiB) * p.memoryGiBHour +
      (b.storageByteHours / GiB / HOURS_PER_MONTH) * p.storageGiBMonth;
    return perWindow * (HOURS_PER_MONTH / basis.windowHours);
  }
  return (
    t.allocation.cpu * p.cpuCoreHour * HOURS_PER_MONTH +
    (t.allocation.memory / GiB) * p.memoryGiBHour * HOURS_PER_MONTH +
    (t.storage / GiB) * p.storageGiBMonth
  );
}

export function showback(
  departments: Map<string, Tally>,
  platform: Tally,
  unassigned: Tally,
  prices: Prices,
  basis: CostBasis = null,
): Showback {
  const cost = (t: Tally) => monthlyCost(t, prices, basis);
  const direct = [...departments].map(([id, t]) => ({ id, direct: cost(t) }));
  const sumDirect = direct.reduce((a, d) => a + d.direct, 0);
  const platformCost = cost(platform);
  const lines: CostLine[] = direct
    .map((d) => {
      const platformShare = sumDirect > 0 ? (platformCost * d.direct) / sumDirect : 0;
      return { id: d.id, direct: d.direct, platformShare, total: d.direct + platformShare };
    })
    .sort((a, b) => b.total - a.total);
  const unassignedCost = cost(unassigned);
  return {
    currency: prices.currency,
    hoursPerMonth: HOURS_PER_MONTH,
    basis: basis ? 'window' : 'instant',
    windowDays: basis ? basis.windowHours / 24 : null,
    departments: lines,
    platform: { id: 'platform', direct: platformCost, platformShare: 0, total: platformCost },
    unassigned: { id: 'unassigned', direct: unassignedCost, platformShare: 0, total: unassignedCost },
    total: sumDirect + platformCost + unassignedCost,
  };
}
