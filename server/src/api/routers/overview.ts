import { procedure, router } from '../trpc.ts';
import { requestCounts } from '../request-counts.ts';
import { signedBriefing } from '../signed-briefing.ts';

export const overviewRouter = router({
  get: procedure.meta({ permission: 'overview.read' }).query(async ({ ctx }) => ({
    ...ctx.data.overview(),
    sources: ctx.data.sources(),
    requests: await requestCounts(ctx.store, ctx.scope, ctx.clock()),
  })),
  /** The migration rate's weekly trend in scope (the leader's home draws it against the targets). */
  rateTrend: procedure.meta({ permission: 'overview.read' }).query(({ ctx }) => ctx.data.rateTrend()),
  /** The briefing's figures as a file signed with the instance's key (audited), for `yunqian verify`. */
  signedBriefing: procedure.meta({ permission: 'overview.read' }).mutation(({ ctx }) => signedBriefing(ctx)),
});
