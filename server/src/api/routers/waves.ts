import { procedure, readState, router } from '../trpc.ts';
import { scopedRollups, visibleSystems } from '../queries.ts';
import { burnUp } from '../../tracker/index.ts';

export const wavesRouter = router({
  list: procedure.meta({ permission: 'waves.read' }).query(({ ctx }) => {
    const state = readState(ctx.tracker);
    const plan = ctx.plan.current()!;
    const rollups = scopedRollups(state, ctx.scope, ctx.tracker.planIndex()!);
    const visible = visibleSystems(state, ctx.scope);
    const today = state.computedAt.slice(0, 10);
    return plan.waves.map((w) => {
      const ids = new Set(visible.filter((s) => s.wave === w.id).map((s) => s.id));
      const to = today < w.end ? today : w.end;
      return {
        ...w,
        rollup: rollups.waves[w.id] ?? null,
        burnUp:
          w.start <= to
            ? burnUp(ctx.history.all(), ids, w.start, to).filter(
                (_, i, a) => i % 7 === 0 || i === a.length - 1,
              )
            : [],
      };
    });
  }),
});
