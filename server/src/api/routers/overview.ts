import { procedure, readState, router, type Context } from '../trpc.ts';
import { scopedRollups, visibleSystems } from '../queries.ts';
import { perState, scopeKey } from '../per-state.ts';
import { requestCounts } from '../request-counts.ts';
import { targetProgress } from '../../tracker/index.ts';
import type { Scope } from '../../auth/policy.ts';
import type { TrackerState } from '../../model/index.ts';

/** The figures that follow from the tracker state and the scope alone (computed once per state). */
function figures(ctx: Context & { scope: Scope }, state: TrackerState) {
  const plan = ctx.plan.current()!;
  const index = ctx.tracker.planIndex()!;
  const rollups = scopedRollups(state, ctx.scope, index);
  const visible = new Set(visibleSystems(state, ctx.scope).map((s) => s.topDepartment));
  const departments = plan.organisations
    .filter((o) => o.parentId && index.org.get(o.parentId)?.kind === 'province' && visible.has(o.id))
    .map((o) => ({ id: o.id, kind: o.kind, name: o.name, rollup: rollups.departments[o.id]! }))
    .filter((d) => d.rollup && d.rollup.total > 0);
  const targets =
    ctx.scope.kind === 'all'
      ? targetProgress(plan, state, ctx.history.all(), new Date(state.computedAt))
      : [];
  return {
    computedAt: state.computedAt,
    total: rollups.total,
    networks: rollups.networks,
    departments,
    targets: targets.map((t) => ({ ...t, name: plan.targets.find((x) => x.id === t.id)!.name })),
  };
}

const cachedFigures = perState<ReturnType<typeof figures>>();

export const overviewRouter = router({
  get: procedure.meta({ permission: 'overview.read' }).query(async ({ ctx }) => {
    const state = readState(ctx.tracker);
    return {
      ...cachedFigures(state, scopeKey(ctx.scope), () => figures(ctx, state)),
      sources: ctx.tracker.sourceStatuses(),
      requests: await requestCounts(ctx.store, ctx.scope, ctx.clock()),
    };
  }),
});
