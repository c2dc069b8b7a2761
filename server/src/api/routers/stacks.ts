// Stacks and drift: what the code declares, what is live, and where the two differ. Drift rows
// are filtered by the viewer's scope before they are counted.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { procedure, router, type Context } from '../trpc.ts';
import { inScope, type Scope } from '../../auth/policy.ts';
import { findDrift, liveFor, tenantDrift } from '../../tracker/drift.ts';

const Name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes name')
  .max(63);

function liveTenants(ctx: Context) {
  return ctx.clusters.caches().flatMap((c) => c.tenants(ctx.tenancy).tenants);
}

const visible = (scope: Scope, department: string | null) =>
  department !== null && inScope(scope, department);

export const stacksRouter = router({
  /** Every stack of every backend, with its last update and whether one is running. */
  list: procedure.meta({ permission: 'stacks.read' }).query(({ ctx }) => ({
    configured: ctx.tracker.declaredTenants() !== null,
    stacks: ctx.tracker.stacks(),
    sources: ctx.tracker.sourceStatuses().filter((s) => s.kind === 'pulumi'),
  })),

  /** Drift across the cloud (or the viewer's departments), with counts per kind. */
  drift: procedure.meta({ permission: 'tenants.read' }).query(({ ctx }) => {
    const declared = ctx.tracker.declaredTenants();
    if (declared === null) return { configured: false as const, items: [], counts: {}, systems: 0 };
    const items = findDrift(declared, liveTenants(ctx)).filter((d) => visible(ctx.scope, d.department));
    const counts: Record<string, number> = {};
    for (const d of items) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    return {
      configured: true as const,
      items,
      counts,
      systems: new Set(items.flatMap((d) => (d.system ? [d.system] : []))).size,
    };
  }),

  /** One tenant, declared next to live, with the exact differences. */
  tenant: procedure
    .meta({ permission: 'tenants.read' })
    .input(z.object({ namespace: Name }).strict())
    .query(({ ctx, input }) => {
      const declared = ctx.tracker.declaredTenants() ?? [];
      const live = liveTenants(ctx);
      const d = declared.find((x) => x.namespace === input.namespace) ?? null;
      const l = d ? liveFor(d, live) : (live.find((t) => t.namespace === input.namespace) ?? null);
      const department = d?.department ?? l?.department ?? null;
      if ((!d && !l) || !visible(ctx.scope, department))
        throw new TRPCError({ code: 'NOT_FOUND', message: `no tenant ${input.namespace} in your scope` });
      return {
        namespace: input.namespace,
        declared: d,
        live: l && {
          cluster: l.cluster,
          network: l.network,
          department: l.department,
          system: l.system,
          quota: l.quota?.hard ?? null,
          networkPolicies: l.networkPolicies,
          roleBindings: l.roleBindings,
        },
        drift: d ? tenantDrift(d, l) : findDrift([], l ? [l] : []),
      };
    }),
});
