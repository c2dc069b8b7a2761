// Exceptions (不上云例外) in the tracker. An approved exception holds through its last day (a whole
// day in UTC, as the plan's dates; model/exception.ts): while it holds, the system stays off the cloud by decision —
// stage `retained`, counted apart from the migration rate by the plan's own rule for `retain`, no
// plan date to miss. Once its day has passed, the system is back on its migration path and the
// exception is a blocker on it, until it is renewed, revoked or the system has migrated.
import { isInScope, type PlannedSystem } from '@yunqian/plan';
import type { Blocker, RetainException, Stage } from '../model/index.ts';
import { exceptionEnd } from '../model/exception.ts';
import type { TrackContext } from './context.ts';

const DAY_MS = 86_400_000;

/** The end of an exception's last day, parsed once per exception object. */
const ends = new WeakMap<RetainException, number>();
function endOf(e: RetainException): number {
  let end = ends.get(e);
  if (end === undefined) ends.set(e, (end = exceptionEnd(e.until)));
  return end;
}

/**
 * The system's approved exception and whether it holds now. Only a system the plan moves to the
 * cloud has one: the plan's own `retain` and `retire` systems are counted apart already.
 */
export function exceptionOf(
  ctx: TrackContext,
  s: PlannedSystem,
): { exception: RetainException; holds: boolean } | null {
  if (s.strategy === 'retain' || s.strategy === 'retire') return null;
  const e = ctx.exceptionsBySystem.get(s.id);
  return e ? { exception: e, holds: ctx.now <= endOf(e) } : null;
}

/** Counted in the migration rate: with an exception in force, as the plan counts `retain`. */
export function countedWith(ctx: TrackContext, s: PlannedSystem, holds: boolean): boolean {
  return isInScope(ctx.plan.scope, holds ? { classified: s.classified, strategy: 'retain' } : s);
}

/** An expired exception on a system not yet migrated: a blocker, in words on the console. */
export function expiredBlocker(ctx: TrackContext, e: RetainException, stage: Stage): Blocker | null {
  if (stage === 'migrated' || stage === 'retired') return null;
  const end = endOf(e);
  return {
    kind: 'exception',
    code: 'exception-expired',
    params: { until: e.until, days: Math.floor((ctx.now - end) / DAY_MS) + 1 },
    since: new Date(end + 1).toISOString(),
  };
}
