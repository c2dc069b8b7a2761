// A month's inputs to the scorecard, for every organisation unit (the province, its departments,
// cities and counties: a unit counts the systems of its sub-units too, so scores roll up). Taken
// when the month is closed and frozen with it: the migration rate at the month's last day from the
// stage history (not today's), the rest from the state and the capacity report at closing.
import type { Plan, PlanIndex } from '@yunqian/plan';
import type { StageChange, TrackerState, TrackedSystem } from '../model/index.ts';
import type { CapacityReport } from '../model/capacity.ts';
import { burnUp } from '../tracker/index.ts';
import type { MonthInputs } from './score.ts';

/** The month's last day (YYYY-MM-DD) of `month` (YYYY-MM). */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The province-wide target in force at `day`: the first due on or after it, else the last one. */
function targetRateAt(plan: Plan, day: string): number | null {
  const province = plan.targets.filter((t) => !t.network).sort((a, b) => a.by.localeCompare(b.by));
  return (province.find((t) => t.by >= day) ?? province.at(-1))?.rate ?? null;
}

/** A level-3+ system's assessment is overdue a year after the last one (or when there is none). */
function assessmentOverdue(assessed: string | undefined, day: string): boolean {
  if (!assessed) return true;
  const [y, rest] = [Number(assessed.slice(0, 4)), assessed.slice(4)];
  return `${y + 1}${rest}` < day;
}

/** A reclamation proposal's deadline and answer (the reclamation indicator's figures). */
export interface ProposalDeadline {
  department: string;
  /** The last moment to answer (ISO). */
  contestBy: string;
  /** When the department answered (accepted or contested), if it did. */
  answeredAt: string | null;
}

export function monthInputs(
  month: string,
  plan: Plan,
  index: PlanIndex,
  state: TrackerState,
  history: readonly StageChange[],
  capacity: CapacityReport | null,
  proposals: readonly ProposalDeadline[] = [],
): Map<string, MonthInputs> {
  const day = monthEnd(month);
  const targetRate = targetRateAt(plan, day);
  const under = new Map<string, TrackedSystem[]>();
  for (const s of state.systems)
    for (const unit of [s.department, ...(index.org.get(s.department)?.ancestors ?? [])])
      (under.get(unit) ?? under.set(unit, []).get(unit)!).push(s);
  const usage = new Map(capacity?.departments.map((d) => [d.department, d.figures.cpu]) ?? []);
  const out = new Map<string, MonthInputs>();
  for (const [unit, systems] of under) {
    const counted = systems.filter((s) => s.inScope);
    const migrated = burnUp(history, new Set(counted.map((s) => s.id)), day, day)[0]?.migrated ?? 0;
    const levelled = systems.map((s) => index.system.get(s.id)!).filter((p) => p.mlps.level >= 3);
    const cpu = usage.get(unit);
    out.set(unit, {
      migration: { migrated, inScope: counted.length, targetRate },
      onTime: {
        due: counted.filter((s) => s.onTime !== null).length,
        onTime: counted.filter((s) => s.onTime === true).length,
      },
      efficiency: cpu && cpu.requested > 0 ? { usage: cpu.usage, request: cpu.requested } : null,
      security: {
        openGates: systems.reduce((a, s) => a + s.blockers.filter((b) => b.kind === 'compliance').length, 0),
        drift: systems.reduce((a, s) => a + s.blockers.filter((b) => b.kind === 'drift').length, 0),
        filingMissing: levelled.filter((p) => !p.mlps.filing).length,
        assessmentOverdue: levelled.filter((p) => assessmentOverdue(p.mlps.assessed, day)).length,
      },
      // The proposals whose deadline fell in the month, and those answered by it.
      reclamation: reclamationOf(unit, month, index, proposals),
    });
  }
  return out;
}

/** A unit's reclamation figures of `month`: its sub-units' proposals count towards it. */
export function reclamationOf(
  unit: string,
  month: string,
  index: PlanIndex,
  proposals: readonly ProposalDeadline[],
) {
  const due = proposals.filter(
    (p) =>
      p.contestBy.slice(0, 7) === month &&
      (p.department === unit || (index.org.get(p.department)?.ancestors ?? []).includes(unit)),
  );
  return {
    proposals: due.length,
    settledInTime: due.filter((p) => p.answeredAt !== null && p.answeredAt <= p.contestBy).length,
  };
}
