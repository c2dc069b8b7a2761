// Readiness blockers (上云评估): a system to be migrated whose wave is upcoming — it opens within the
// horizon and has not opened yet — is blocked while its questionnaire is incomplete
// (`not-assessed`) or a blocking rule fires (`not-ready`). Once the wave has opened, its planned
// dates and the overdue rules take over. A condition is no blocker: it belongs
// to the cut-over runbook. The verdict is readinessOf() from @yunqian/plan — the same function the
// API shows and the wave planner reads.
import {
  readinessOf,
  type Archetype,
  type PlannedSystem,
  type SystemAnswers,
  type Verdict,
} from '@yunqian/plan';
import { stageRank, type Blocker, type Observations, type Stage } from '../model/index.ts';
import type { TrackContext } from './context.ts';

const DAY_MS = 86_400_000;
/** Days before a wave opens from which its systems must be assessed, unless configured. */
export const DEFAULT_READINESS_HORIZON_DAYS = 30;

type Readiness = NonNullable<Observations['readiness']>;
interface Indexed {
  answers: Map<string, SystemAnswers>;
  archetypes: Map<string, Archetype>;
}
/** Indexed once per set of rows read (the rows are replaced, not changed, when read again). */
const indexed = new WeakMap<Readiness, Indexed>();
const EMPTY: Indexed = { answers: new Map(), archetypes: new Map() };

function indexOf(r: Readiness | undefined): Indexed {
  if (!r) return EMPTY;
  let i = indexed.get(r);
  if (!i)
    indexed.set(
      r,
      (i = {
        answers: new Map(r.answers.map((a) => [a.system, a])),
        archetypes: new Map(r.archetypes.map((a) => [a.id, a])),
      }),
    );
  return i;
}

/**
 * The verdict on a system the department has answered for (its answers, or an archetype's), for
 * the pages and the wave planner; undefined where nothing was answered (not assessed).
 */
export function readinessVerdict(ctx: TrackContext, s: PlannedSystem): Verdict | undefined {
  if (!ctx.obs.readiness) return undefined;
  const { answers, archetypes } = indexOf(ctx.obs.readiness);
  const a = answers.get(s.id);
  return a ? readinessOf(s, a, archetypes).verdict : undefined;
}

export function readinessBlocker(
  ctx: TrackContext,
  s: PlannedSystem,
  stage: Stage,
  excepted: boolean,
): Blocker | null {
  // Without the readiness rows (a source that holds no people's answers) nothing is judged.
  if (!ctx.obs.readiness) return null;
  if (excepted || s.strategy === 'retain' || s.strategy === 'retire') return null;
  if (stageRank(stage) >= stageRank('cut-over')) return null;
  const wave = ctx.index.wave.get(s.wave);
  if (!wave) return null;
  const horizon = (ctx.config.readinessHorizonDays ?? DEFAULT_READINESS_HORIZON_DAYS) * DAY_MS;
  const opens = Date.parse(`${wave.start}T00:00:00Z`);
  if (ctx.now < opens - horizon || ctx.now >= opens) return null;
  const { answers, archetypes } = indexOf(ctx.obs.readiness);
  const r = readinessOf(s, answers.get(s.id), archetypes);
  if (r.verdict === 'not-assessed')
    return {
      kind: 'readiness',
      code: 'not-assessed',
      params: { wave: wave.id, opens: wave.start, missing: r.missing.length },
    };
  if (r.verdict === 'not-ready')
    return {
      kind: 'readiness',
      code: 'not-ready',
      params: {
        wave: wave.id,
        opens: wave.start,
        rules: r.risks
          .filter((x) => x.severity === 'blocking')
          .map((x) => x.rule)
          .join(', '),
      },
    };
  return null;
}
