import { procedure, router } from '../trpc.ts';

export const planRouter = router({
  status: procedure.meta({ permission: 'plan.problems.read' }).query(({ ctx }) => {
    const s = ctx.plan.status();
    return { ...s, systems: ctx.plan.current()?.systems.length ?? 0 };
  }),
});
