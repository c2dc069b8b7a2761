import { procedure, readState, router } from '../trpc.ts';
import { scopedRollups, visibleSystems } from '../queries.ts';
import { targetProgress } from '../../tracker/index.ts';
import { listRequests } from '../../store/requests.ts';
import type { Context } from '../trpc.ts';
import type { Scope } from '../../auth/policy.ts';

/** Pending resource requests in the viewer's scope, and how many are past their SLA. */
async function requestCounts(ctx: Context & { scope: Scope }) {
  const departments =
    ctx.scope.kind === 'all' ? null : ctx.scope.kind === 'departments' ? ctx.scope.ids : new Set<string>();
  const pending = await listRequests(ctx.store.db, { departments, status: ['pending'] });
  const now = new Date();
  return { pending: pending.length, overdue: pending.filter((r) => r.dueAt < now).length };
}

export const overviewRouter = router({
  get: procedure.meta({ permission: 'overview.read' }).query(async ({ ctx }) => {
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
      requests: await requestCounts(ctx),
    };
  }),
});
