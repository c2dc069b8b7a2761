import { procedure, router } from '../trpc.ts';

export const wavesRouter = router({
  list: procedure.meta({ permission: 'waves.read' }).query(({ ctx }) => ctx.data.waves()),
});
