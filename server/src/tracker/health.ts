// Health is separate from progress: how the system is doing at the stage it has reached.
import { stageRank, type Blocker, type Health, type SourceStatus } from '../model/index.ts';
import type { PlannedSystem } from '@yunqian/plan';
import { signoffKey, type TrackContext } from './context.ts';
import type { StageResult } from './stages.ts';

/** The stale sources a system's figures depend on: its network's clusters, and cloud-wide ones. */
export function staleSourcesFor(ctx: TrackContext, s: PlannedSystem): SourceStatus[] {
  return ctx.staleByNetwork[s.network];
}

export function health(ctx: TrackContext, s: PlannedSystem, r: StageResult, stale: SourceStatus[], blockers: Blocker[]): Health {
  if (stale.length && r.stage !== 'retained' && r.stage !== 'retired') return 'unknown';
  const workloads = r.tenants.flatMap((t) => t.workloads).filter((w) => w.desired > 0);
  const signedOff = ctx.signoffs.has(signoffKey(s.id, 'cut-over'));
  if (workloads.length && workloads.every((w) => w.ready === 0)) return 'failing';
  if (signedOff && stageRank(r.stage) < stageRank('running')) return 'failing';
  if (workloads.some((w) => w.ready < w.desired)) return 'degraded';
  if (blockers.some((b) => b.kind === 'quota-exhausted' || b.kind === 'drift')) return 'degraded';
  return 'healthy';
}
