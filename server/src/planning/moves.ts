// A what-if: the plan with some systems moved. Only the moved systems are new objects; the rest
// of the plan is shared, so a recomputation costs one pass over the systems.
import type { Plan, PlannedSystem, Wave } from '@yunqian/plan';
import type { Move } from './model.ts';
import { addDays, daysBetween, maxDate, minDate } from './dates.ts';

/**
 * The system's dates fitted into a wave it is moved to without dates of its own: its dates if
 * they already lie inside, else shifted in keeping their span (the department's estimate of how
 * long the migration takes), shortened only when the wave is shorter than that.
 */
export function fitToWave(
  s: Pick<PlannedSystem, 'start' | 'cutover'>,
  wave: Wave,
): { start: string; cutover: string } {
  if (s.start >= wave.start && s.cutover <= wave.end) return { start: s.start, cutover: s.cutover };
  const span = Math.max(0, daysBetween(s.start, s.cutover));
  const latestStart = maxDate(wave.start, addDays(wave.end, -span));
  const start = minDate(maxDate(s.start, wave.start), latestStart);
  return { start, cutover: minDate(addDays(start, span), wave.end) };
}

/** The move resolved against the plan: the system's wave, dates and network after it. */
export function moved(s: PlannedSystem, m: Move, waves: ReadonlyMap<string, Wave>): PlannedSystem {
  const wave = m.wave && m.wave !== s.wave ? waves.get(m.wave) : undefined;
  const fitted = wave && !m.start && !m.cutover ? fitToWave(s, wave) : null;
  return {
    ...s,
    wave: m.wave ?? s.wave,
    start: m.start ?? fitted?.start ?? s.start,
    cutover: m.cutover ?? fitted?.cutover ?? s.cutover,
    network: m.network ?? s.network,
  };
}

/** The plan with the moves applied (a later move of the same system wins). */
export function applyMoves(plan: Plan, moves: readonly Move[]): Plan {
  if (moves.length === 0) return plan;
  const byId = new Map(moves.map((m) => [m.system, m]));
  const waves = new Map(plan.waves.map((w) => [w.id, w]));
  return {
    ...plan,
    systems: plan.systems.map((s) => {
      const m = byId.get(s.id);
      return m ? moved(s, m, waves) : s;
    }),
  };
}
