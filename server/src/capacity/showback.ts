// Showback: what each department's allocation would cost at the service catalogue's unit
// prices, per month at the current run-rate. Platform namespaces serve everyone, so their cost
// is shown as its own line and also split over departments in proportion to their direct cost.
import type { CostLine, Prices, Showback } from '../model/index.ts';
import type { Tally } from './figures.ts';

export const HOURS_PER_MONTH = 730;
const GiB = 2 ** 30;

export function monthlyCost(t: Tally, p: Prices): number {
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
): Showback {
  const direct = [...departments].map(([id, t]) => ({ id, direct: monthlyCost(t, prices) }));
  const sumDirect = direct.reduce((a, d) => a + d.direct, 0);
  const platformCost = monthlyCost(platform, prices);
  const lines: CostLine[] = direct
    .map((d) => {
      const platformShare = sumDirect > 0 ? (platformCost * d.direct) / sumDirect : 0;
      return { id: d.id, direct: d.direct, platformShare, total: d.direct + platformShare };
    })
    .sort((a, b) => b.total - a.total);
  const unassignedCost = monthlyCost(unassigned, prices);
  return {
    currency: prices.currency,
    hoursPerMonth: HOURS_PER_MONTH,
    departments: lines,
    platform: { id: 'platform', direct: platformCost, platformShare: 0, total: platformCost },
    unassigned: { id: 'unassigned', direct: unassignedCost, platformShare: 0, total: unassignedCost },
    total: sumDirect + platformCost + unassignedCost,
  };
}
