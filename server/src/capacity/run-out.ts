// Planned demand against headroom: the plan's estimates of systems not yet provisioned land on
// their planned start (or today, if already late), in date order. The network runs out on the
// first date the running total exceeds its headroom, for CPU or memory, whichever comes first.
import type { Amounts, RunOut } from '../model/index.ts';

export interface Demand {
  system: string;
  wave: string;
  /** ISO date the tenant is due to be provisioned. */
  date: string;
  amounts: Amounts;
}

/** The date a demand lands on: its own, or today when that has passed (the tenant is still due). */
export function landsOn(date: string, today: string): string {
  return date < today ? today : date;
}

export function runOut(demands: Demand[], headroom: Amounts, today: string): RunOut {
  const sorted = demands
    .map((d) => (d.date < today ? { ...d, date: landsOn(d.date, today) } : d))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.system < b.system ? -1 : 1));
  const sum: Amounts = { cpu: 0, memory: 0 };
  let crossing: { date: string; resource: 'cpu' | 'memory'; system: string; wave: string } | null = null;
  const curve: RunOut['curve'] = [];
  for (const d of sorted) {
    sum.cpu += d.amounts.cpu;
    sum.memory += d.amounts.memory;
    if (!crossing) {
      const resource = sum.cpu > headroom.cpu ? 'cpu' : sum.memory > headroom.memory ? 'memory' : null;
      if (resource) crossing = { date: d.date, resource, system: d.system, wave: d.wave };
    }
    const month = `${d.date.slice(0, 7)}-01`;
    const last = curve[curve.length - 1];
    if (last?.date === month) {
      last.cpu = sum.cpu;
      last.memory = sum.memory;
    } else curve.push({ date: month, cpu: sum.cpu, memory: sum.memory });
  }
  return {
    date: crossing?.date ?? null,
    resource: crossing?.resource ?? null,
    system: crossing?.system ?? null,
    wave: crossing?.wave ?? null,
    demand: sum,
    headroom,
    shortfall: {
      cpu: Math.max(0, sum.cpu - Math.max(0, headroom.cpu)),
      memory: Math.max(0, sum.memory - Math.max(0, headroom.memory)),
    },
    curve,
  };
}
