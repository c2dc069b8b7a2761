import { procedure, router } from '../trpc.ts';
import { latestImports } from '../../store/summaries.ts';
import { summariesFor } from '../../summary/scoped.ts';

export const summariesRouter = router({
  /** The other network's figures, as its last imported summary says (#21), through the viewer's scope. */
  latest: procedure.meta({ permission: 'overview.read' }).query(async ({ ctx }) =>
    summariesFor(ctx.scope, await latestImports(ctx.store.db)).map((s) => ({
      ...s,
      // A department code this instance's plan also knows is named; another stays a code.
      departments: s.departments.map((d) => ({ ...d, name: ctx.data.orgName(d.code) ?? null })),
    })),
  ),
});
