// Health is separate from progress: how the system is doing at the stage it has reached.
import { stageRank, type Blocker, type Health, type SourceStatus } from '../model/index.ts';
import type { PlannedSystem } from '@yunqian/plan';
import { signoffOf, type TrackContext } from './context.ts';
import type { StageResult } from './stages.ts';

/** The stale sources a system's figures depend on: its network's clusters, and cloud-wide ones. */
export function staleSourcesFor(ctx: TrackContext, s: PlannedSystem): SourceStatus[] {
  return ctx.staleByNetwork[s.network];
}

export function health(
  ctx: TrackContext,
  s: PlannedSystem,
  r: StageResult,
  stale: SourceStatus[],
  blockers: Blocker[],
): Health {
  if (stale.length && r.stage !== 'retained' && r.stage !== 'retired') return 'unknown';
  const w = r.workloads;
  if (w.desired && w.noneReady === w.desired) return 'failing';
  if (stageRank(r.stage) < stageRank('running') && signoffOf(ctx, s.id, 'cut-over')) return 'failing';
  if (w.belowDesired) return 'degraded';
  if (blockers.some((b) => b.kind === 'quota-exhausted' || b.kind === 'drift')) return 'degraded';
  return 'healthy';
}
