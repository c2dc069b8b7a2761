// The tracker: a pure function of (plan, observations, time) → state.
import { indexPlan, topLevelOrg, type Plan, type PlanIndex, type PlannedSystem } from '@yunqian/plan';
import type { Blocker, Observations, TrackedSystem, TrackerState } from '../model/index.ts';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from './config.ts';
import { buildContext, signedOf, signoffOf, type TrackContext } from './context.ts';
import { legacyStillServing, proofOf } from './proof.ts';
import { evaluateStage } from './stages.ts';
import { holdUnsynced } from './hold.ts';
import { complianceGates } from './gates.ts';
import { automaticBlockers, isOverdue, onTime } from './blockers.ts';
import { health, staleSourcesFor } from './health.ts';
import { rollupsOf } from './rollup.ts';
import { countedWith, exceptionOf, expiredBlocker } from './exceptions.ts';
import { readinessBlocker, readinessVerdict } from './readiness.ts';
import { backupGateFor } from './backup-context.ts';

export function track(
  plan: Plan,
  obs: Observations,
  now: Date,
  config: TrackerConfig = DEFAULT_TRACKER_CONFIG,
  index: PlanIndex = indexPlan(plan),
): TrackerState {
  const ctx = buildContext(plan, obs, now, config, index);
  return stateOf(
    ctx,
    obs,
    plan.systems.map((s) => trackOne(ctx, s)),
  );
}

/**
 * The state after a change that concerns only `ids` (a tenant's objects, a sign-off): those
 * systems are evaluated again and every other one is taken from `prev` as it is. Each system's
 * stage depends only on its own observations, its network's source health and the time, so
 * this equals `track` for every system in `ids`; the caller runs a full `track` when source
 * health, the plan or the polled readings change, and on every poll (for time-based rules).
 */
export function retrack(
  prev: TrackerState,
  ids: ReadonlySet<string>,
  plan: Plan,
  obs: Observations,
  now: Date,
  config: TrackerConfig = DEFAULT_TRACKER_CONFIG,
  index: PlanIndex = indexPlan(plan),
): TrackerState {
  if (prev.planDigest !== plan.digest) return track(plan, obs, now, config, index);
  const ctx = buildContext(plan, obs, now, config, index);
  const systems = prev.systems.map((t) => (ids.has(t.id) ? trackOne(ctx, index.system.get(t.id)!) : t));
  return stateOf(ctx, obs, systems);
}

function stateOf(ctx: TrackContext, obs: Observations, systems: TrackedSystem[]): TrackerState {
  const { plan, index } = ctx;
  return {
    computedAt: ctx.nowIso,
    planDigest: plan.digest,
    systems,
    rollups: rollupsOf(systems, index, {
      departments: plan.organisations.map((o) => o.id),
      waves: plan.waves.map((w) => w.id),
      clusters: obs.clusters.map((c) => c.id),
    }),
  };
}

function trackOne(ctx: TrackContext, s: PlannedSystem): TrackedSystem {
  const { index } = ctx;
  // An approved exception (不上云例外) in force keeps the system off the cloud by decision.
  const exc = exceptionOf(ctx, s);
  const excepted = exc?.holds ? exc.exception : null;
  const r = holdUnsynced(ctx, s, evaluateStage(ctx, s, excepted));
  const overdue = excepted ? null : isOverdue(ctx, s, r.stage);
  const blockers: Blocker[] = [];
  complianceGates(ctx, s, r.tenants, blockers);
  automaticBlockers(ctx, s, r, blockers);
  if (overdue) blockers.push(overdue);
  const expired = exc && !exc.holds ? expiredBlocker(ctx, exc.exception, r.stage) : null;
  if (expired) blockers.push(expired);
  const unready = readinessBlocker(ctx, s, r.stage, !!excepted);
  if (unready) blockers.push(unready);
  const proof = proofOf(s, ctx.endpoints, ctx.config, ctx.now);
  const retiredSigned = !!(signoffOf(ctx, s.id, 'legacy-retired') ?? signedOf(ctx, s.id, 'legacy-retired'));
  const stillServing = legacyStillServing(proof, retiredSigned);
  if (stillServing) blockers.push(stillServing);
  if (stillServing && proof) proof.retirement = { ...proof.retirement, afterRetirement: true };
  const backups = backupGateFor(ctx, s, r.stage, r.tenants);
  if (backups) blockers.push(...backups.blockers);
  const stale = staleSourcesFor(ctx, s);
  return {
    id: s.id,
    department: s.department,
    topDepartment: topLevelOrg(index, s.department)?.id ?? s.department,
    network: s.network,
    wave: s.wave,
    stage: r.stage,
    health: health(ctx, s, r, stale, blockers),
    evidence: r.evidence,
    waitingFor: r.waitingFor,
    blockers,
    tenants: r.tenants.map((t) => ({ cluster: t.cluster, network: t.network, namespace: t.namespace })),
    inScope: countedWith(ctx, s, !!excepted),
    overdue: overdue !== null,
    onTime: excepted ? null : onTime(ctx, s, r.stage),
    staleSources: ctx.staleRefsByNetwork[s.network],
    ...(r.held ? { stageFrom: 'recorded' as const } : {}),
    ...(excepted
      ? { exception: { id: excepted.id, until: excepted.until, approvedBy: excepted.approvedBy } }
      : {}),
    ...(backups?.evidence.length ? { backups: backups.evidence } : {}),
    ...(proof ? { proof } : {}),
    ...withVerdict(readinessVerdict(ctx, s)),
  };
}

const withVerdict = (v: TrackedSystem['readiness']) => (v ? { readiness: v } : {});
