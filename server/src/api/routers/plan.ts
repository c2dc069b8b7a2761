import { procedure, router } from '../trpc.ts';

export const planRouter = router({
  status: procedure.meta({ permission: 'plan.problems.read' }).query(({ ctx }) => ctx.data.planStatus()),
});
