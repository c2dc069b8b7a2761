// The migration rate (上云率) each target would reach on its date if the plan held: the counted
// systems already migrated, plus those whose planned cut-over lies between today and the date.
// A cut-over date that has passed without the cut-over promises nothing: such a system counts
// again only once it is given a new date (which is what the planner proposes).
import { isInScope, type Plan, type PlannedSystem } from '@yunqian/plan';
import type { Stage } from '../model/index.ts';
import type { TargetForecast } from './model.ts';

export interface ForecastInput {
  plan: Plan;
  today: string;
  stages: ReadonlyMap<string, Stage>;
  counted?: ReadonlyMap<string, boolean> | undefined;
}

/** Counted in the rate: the tracker's verdict (exceptions included) when known, else the plan's scope rule. */
export function countedIn(input: ForecastInput, s: PlannedSystem): boolean {
  return input.counted?.get(s.id) ?? isInScope(input.plan.scope, s);
}

/** Whether the system will have cut over by `by` (on the cloud already, or due between today and then). */
export function dueBy(input: ForecastInput, s: PlannedSystem, by: string): boolean {
  const stage = input.stages.get(s.id);
  if (stage === 'migrated' || stage === 'cut-over') return true;
  return s.cutover >= input.today && s.cutover <= by;
}

export function forecastTargets(
  input: ForecastInput,
  visible: (s: PlannedSystem) => boolean = () => true,
): TargetForecast[] {
  const counted = input.plan.systems.filter((s) => visible(s) && countedIn(input, s));
  return input.plan.targets.map((t) => {
    const systems = t.network ? counted.filter((s) => s.network === t.network) : counted;
    let due = 0;
    for (const s of systems) if (dueBy(input, s, t.by)) due++;
    const forecast = systems.length ? due / systems.length : null;
    return {
      id: t.id,
      name: t.name,
      by: t.by,
      rate: t.rate,
      network: t.network,
      forecast,
      counted: systems.length,
      due,
      meets: forecast !== null && forecast >= t.rate,
    };
  });
}
