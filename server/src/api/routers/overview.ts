import { procedure, readState, router } from '../trpc.ts';
import { scopedRollups, visibleSystems } from '../queries.ts';
import { targetProgress } from '../../tracker/index.ts';

export const overviewRouter = router({
  get: procedure.meta({ permission: 'overview.read' }).query(({ ctx }) => {
    const state = readState(ctx.tracker);
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
      sources: ctx.tracker.sourceStatuses(),
    };
  }),
});
