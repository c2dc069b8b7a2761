// Capacity: the whole cloud for operators and leadership, each department's own quotas for
// department users (the catalog applies the scope to the rows before anything is totalled).
import { procedure, router } from '../trpc.ts';

export const capacityRouter = router({
  /** Networks → clusters, the department ranking, planned demand and showback. */
  overview: procedure.meta({ permission: 'capacity.read' }).query(({ ctx }) => ctx.data.capacityOverview()),

  /** 30-day trends per network and cluster. */
  trends: procedure.meta({ permission: 'capacity.read' }).query(({ ctx }) => ctx.data.capacityTrends()),

  /** Quota bars per system and network, within the viewer's scope. */
  quotas: procedure.meta({ permission: 'quotas.read' }).query(({ ctx }) => ctx.data.quotas()),
});
