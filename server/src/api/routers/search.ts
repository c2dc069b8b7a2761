// The header's search: systems, departments, namespaces and requests, each within the viewer's
// scope, a few of each. A number also finds the request with that id.
import { z } from 'zod';
import { can } from '../../auth/policy.ts';
import { requestInScope } from '../scoped-requests.ts';
import { procedure, router } from '../trpc.ts';

export const searchRouter = router({
  find: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ q: z.string().trim().min(1).max(100) }).strict())
    .query(async ({ ctx, input }) => {
      const found = ctx.data.find(input.q, can(ctx.viewer, 'tenants.read'));
      const id = /^#?(\d{1,9})$/.exec(input.q)?.[1];
      const request =
        id && can(ctx.viewer, 'requests.read')
          ? await requestInScope(ctx.store.db, ctx.scope, Number(id))
          : undefined;
      const requests = request ? [{ id: request.id, system: request.system, status: request.status }] : [];
      return { ...found, requests };
    }),
});
