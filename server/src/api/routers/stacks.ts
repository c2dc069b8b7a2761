// Stacks and drift: what the code declares, what is live, and where the two differ. Drift rows
// are filtered by the viewer's scope before they are counted (in the catalog).
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { procedure, router } from '../trpc.ts';
import { KubeName } from '../inputs.ts';
import { withCauses } from '../drift-causes.ts';

export const stacksRouter = router({
  /** Every stack of every backend, with its last update and whether one is running. */
  list: procedure.meta({ permission: 'stacks.read' }).query(({ ctx }) => ctx.data.stacks()),

  /** Drift across the cloud (or the viewer's departments), with counts per kind. */
  drift: procedure.meta({ permission: 'tenants.read' }).query(async ({ ctx }) => {
    const d = ctx.data.drift();
    // Who changed each drifted object, when and how, where an audit webhook recorded it.
    return { ...d, items: await withCauses(ctx, d.items) };
  }),

  /** One tenant, declared next to live, with the exact differences. */
  tenant: procedure
    .meta({ permission: 'tenants.read' })
    .input(z.object({ namespace: KubeName }).strict())
    .query(async ({ ctx, input }) => {
      const t = ctx.data.tenantDetail(input.namespace);
      if (!t)
        throw new TRPCError({ code: 'NOT_FOUND', message: `no tenant ${input.namespace} in your scope` });
      return { ...t, drift: await withCauses(ctx, t.drift) };
    }),
});
