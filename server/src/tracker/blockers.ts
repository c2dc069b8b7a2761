// Automatic blockers besides compliance: exhausted quotas, missed plan dates, drift between
// declared and live tenants; plus the manual ones raised by people.
import type { PlannedSystem } from '@yunqian/plan';
import { stageRank, type Blocker, type ResourceAmounts, type Stage } from '../model/index.ts';
import { signoffOf, type TrackContext } from './context.ts';
import type { StageResult } from './stages.ts';

const DAY_MS = 86_400_000;
const QUOTA_KEYS: (keyof ResourceAmounts)[] = ['cpu', 'memory', 'storage', 'pods'];

/** A planned date counts as missed once its whole day (UTC) has passed; parsed once per plan. */
const deadlines = new WeakMap<PlannedSystem, { start: number; cutover: number }>();
function deadlinesOf(s: PlannedSystem) {
  let d = deadlines.get(s);
  if (!d)
    deadlines.set(
      s,
      (d = { start: Date.parse(`${s.start}T23:59:59Z`), cutover: Date.parse(`${s.cutover}T23:59:59Z`) }),
    );
  return d;
}

export function isOverdue(ctx: TrackContext, s: PlannedSystem, stage: Stage): Blocker | null {
  if (s.strategy === 'retain' || stage === 'retired') return null;
  const { start, cutover } = deadlinesOf(s);
  if (ctx.now > cutover && stageRank(stage) < stageRank('cut-over')) {
    return {
      kind: 'overdue',
      code: 'cutover-passed',
      params: { date: s.cutover, days: Math.floor((ctx.now - cutover) / DAY_MS) + 1 },
    };
  }
  if (ctx.now > start && stage === 'planned' && s.strategy !== 'retire') {
    return {
      kind: 'overdue',
      code: 'start-passed',
      params: { date: s.start, days: Math.floor((ctx.now - start) / DAY_MS) + 1 },
    };
  }
  return null;
}

/** Was (or is) the cut-over on time? null while not yet due, and for retire/retain systems. */
export function onTime(ctx: TrackContext, s: PlannedSystem, stage: Stage): boolean | null {
  if (s.strategy === 'retain' || s.strategy === 'retire') return null;
  const { cutover } = deadlinesOf(s);
  const signed = signoffOf(ctx, s.id, 'cut-over');
  if (signed && stageRank(stage) >= stageRank('cut-over')) return Date.parse(signed.signedAt) <= cutover;
  return ctx.now > cutover ? false : null;
}

export function automaticBlockers(
  ctx: TrackContext,
  s: PlannedSystem,
  r: StageResult,
  out: Blocker[] = [],
): Blocker[] {
  for (const t of r.tenants) {
    if (!t.quota) continue;
    for (const k of QUOTA_KEYS) {
      const hard = t.quota.hard[k];
      const used = t.quota.used[k];
      if (hard !== undefined && used !== undefined && hard > 0 && used >= hard) {
        out.push({
          kind: 'quota-exhausted',
          code: 'quota-exhausted',
          params: { namespace: `${t.cluster}/${t.namespace}`, resource: k, used, hard },
        });
      }
    }
  }
  for (const d of r.drift) out.push({ kind: 'drift', code: d.kind, params: d.params });
  for (const b of ctx.blockersBySystem.get(s.id) ?? []) {
    out.push({
      kind: 'manual',
      code: 'manual',
      params: { reason: b.reason, id: b.id },
      owner: b.owner,
      since: b.raisedAt,
    });
  }
  return out;
}
