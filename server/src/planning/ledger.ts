// Planned demand by month, per network, against the headroom: the proposer's book of what each
// month already carries. It is filled from the capacity module's own planned demand and landing
// rule, so a proposal that keeps every month within the headroom has no run-out by the same rule.
import type { Plan } from '@yunqian/plan';
import { landsOn, plannedDemand } from '../capacity/index.ts';
import type { Amounts, Network, Stage } from '../model/index.ts';
import { monthIndex } from './dates.ts';

export class MonthLedger {
  private readonly first: number;
  /** Cumulative demand at the end of each month from `first` (cpu, memory). */
  private readonly cpu: Float64Array;
  private readonly memory: Float64Array;

  constructor(
    readonly headroom: Amounts,
    today: string,
    lastMonth: number,
    demands: readonly { date: string; amounts: Amounts }[],
  ) {
    this.first = monthIndex(today);
    const n = Math.max(1, lastMonth - this.first + 2);
    this.cpu = new Float64Array(n);
    this.memory = new Float64Array(n);
    for (const d of demands) this.add(monthIndex(landsOn(d.date, today)), n, d.amounts, 1);
  }

  private slot(month: number): number {
    return Math.min(this.cpu.length - 1, Math.max(0, month - this.first));
  }

  private add(from: number, to: number, a: Amounts, sign: 1 | -1): void {
    for (let i = this.slot(from); i < this.cpu.length && i < to; i++) {
      this.cpu[i]! += sign * a.cpu;
      this.memory[i]! += sign * a.memory;
    }
  }

  /**
   * Whether a demand may move from a later date to an earlier one: every month from the new one to
   * the old one, both included, stays within the headroom with it. The old month counts too: taking
   * a demand out of a month that already runs out would bring its run-out day forward (the demand
   * then weighs on that month's earlier days), and so would moving within such a month.
   */
  fits(earlier: number, later: number, a: Amounts): boolean {
    const to = this.slot(later);
    for (let i = this.slot(earlier); i <= to; i++) {
      const add = i < to ? 1 : 0;
      if (
        this.cpu[i]! + add * a.cpu > this.headroom.cpu ||
        this.memory[i]! + add * a.memory > this.headroom.memory
      )
        return false;
    }
    return true;
  }

  /** Moves a demand between months (earlier adds to the months between, later takes from them). */
  move(fromMonth: number, toMonth: number, a: Amounts): void {
    if (toMonth < fromMonth) this.add(toMonth, this.slot(fromMonth), a, 1);
    else if (toMonth > fromMonth) this.add(fromMonth, this.slot(toMonth), a, -1);
  }
}

/** One ledger per network with a known headroom (none: no capacity source, nothing to keep within). */
export function ledgers(
  plan: Plan,
  stages: ReadonlyMap<string, Stage>,
  headroom: ReadonlyMap<Network, Amounts> | null,
  today: string,
  lastMonth: number,
): Map<Network, MonthLedger> {
  const out = new Map<Network, MonthLedger>();
  if (!headroom) return out;
  for (const [network, demands] of plannedDemand(plan, stages)) {
    const h = headroom.get(network);
    if (h) out.set(network, new MonthLedger(h, today, lastMonth, demands));
  }
  return out;
}
