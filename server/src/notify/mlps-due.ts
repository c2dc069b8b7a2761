// "MLPS assessment due": a system of MLPS level 3 or 4 is assessed (等级测评) every year, as the
// plan's own rule has it (migrations-plan rules: mlps-assessment-due); its next assessment falls
// due a year after the last one (`mlps.assessed` in the plan). Told once per system and due date
// when that date is `withinDays` days away or nearer (or passed), to the users of the system's
// department (and of the units above it) and to the assessors (evaluator) whose scope covers it.
// A retired system, and one the plan gives no assessment date, are not told of.
import type { Plan, PlanIndex } from '@yunqian/plan';
import type { Stage } from '../model/index.ts';
import { lockFor, type Db } from '../store/db.ts';
import type { ChannelName } from './events.ts';
import { enqueue, type Notification } from './outbox.ts';
import { activeAccounts, covering } from './audience.ts';
import { unitName } from './words.ts';

const DAY_MS = 86_400_000;

/** The day a year after `assessed` (29 February: 1 March of the next year). */
export function nextAssessment(assessed: string): string {
  const d = new Date(`${assessed}T00:00:00Z`);
  const next = new Date(Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate()));
  return next.toISOString().slice(0, 10);
}

/** The systems whose assessment falls due within `withinDays` of `today` (ISO dates), with the due date. */
export function assessmentsDue(
  plan: Pick<Plan, 'systems'>,
  today: string,
  withinDays: number,
  stages?: ReadonlyMap<string, Stage>,
): { system: string; dueAt: string }[] {
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + withinDays * DAY_MS).toISOString().slice(0, 10);
  return plan.systems.flatMap((s) => {
    if (s.mlps.level < 3 || !s.mlps.assessed || stages?.get(s.id) === 'retired') return [];
    const dueAt = nextAssessment(s.mlps.assessed);
    return dueAt <= horizon ? [{ system: s.id, dueAt }] : [];
  });
}

/** Enqueues "MLPS assessment due" for each system falling due; returns the rows added. */
export async function notifyMlpsDue(
  db: Db,
  v: { plan: Pick<Plan, 'systems'>; index: PlanIndex; stages?: ReadonlyMap<string, Stage> },
  today: string,
  withinDays: number,
  available: readonly ChannelName[],
): Promise<number> {
  if (!available.length) return 0;
  const due = assessmentsDue(v.plan, today, withinDays, v.stages);
  if (!due.length) return 0;
  return db.transaction(async (tx) => {
    await lockFor(tx, 'notify.mlps');
    const accounts = await activeAccounts(tx);
    const out: Notification[] = [];
    for (const { system, dueAt } of due) {
      const s = v.index.system.get(system)!;
      const unit = unitName(v.index, s.department);
      const params = {
        system: s.name.zh,
        systemEn: s.name.en,
        department: unit.zh,
        departmentEn: unit.en,
        level: s.mlps.level,
        assessed: s.mlps.assessed!,
        dueAt,
      };
      for (const recipient of covering(
        accounts,
        v.index,
        ['department', 'evaluator'],
        s.department,
        s.network,
      ))
        out.push({ recipient, kind: 'mlps.assessmentDue', params, dedupeKey: `mlps:${system}:${dueAt}` });
    }
    return enqueue(tx, out, available);
  });
}
