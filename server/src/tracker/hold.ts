// The has-synced gate, applied per system. Until every source a system depends on has listed (or
// read) everything once since start, an empty cache says nothing about the system: it keeps the
// stage last recorded in its history, its health is unknown (the stale sources say why), and
// nothing is recorded for it. This is client-go's HasSynced, seen from the tracker.
import type { PlannedSystem } from '@yunqian/plan';
import { stageRank } from '../model/index.ts';
import type { TrackContext } from './context.ts';
import type { StageResult } from './stages.ts';

export function holdUnsynced(ctx: TrackContext, s: PlannedSystem, r: StageResult): StageResult {
  const unsynced = ctx.obs.unsynced?.[s.network];
  if (!unsynced?.length) return r;
  // Plan decisions (retain) and people's sign-offs (retire) are not read from the clusters.
  if (r.stage === 'retained' || r.stage === 'retired') return r;
  const recorded = ctx.obs.recordedStages?.get(s.id) ?? r.stage;
  const held = {
    stage: recorded,
    source: unsynced[0]!.kind,
    code: 'held-until-synced',
    params: { sources: unsynced.map((u) => u.id).join(', ') },
    // The time the recorded stage was reached is in the history; this says when it was last checked.
    observedAt: ctx.nowIso,
  } as const;
  return {
    ...r,
    stage: recorded,
    evidence: [...r.evidence.filter((e) => stageRank(e.stage) < stageRank(recorded)), held],
    waitingFor: null,
    held: true,
  };
}
