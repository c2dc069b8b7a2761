// Capacity: the whole cloud for operators and leadership, each department's own quotas for
// department users (scope applied to the rows before anything is totalled).
import { TRPCError } from '@trpc/server';
import { procedure, router } from '../trpc.ts';
import { inScope } from '../../auth/policy.ts';
import { Tally } from '../../capacity/figures.ts';
import { NETWORKS } from '../../model/index.ts';
import type { Context } from '../trpc.ts';

async function report(ctx: Context) {
  if (!ctx.capacity.configured) return null;
  const r = await ctx.capacity.report();
  if (!r) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Prometheus has not answered yet' });
  return r;
}

export const capacityRouter = router({
  /** Networks → clusters, the department ranking, planned demand and showback. */
  overview: procedure.meta({ permission: 'capacity.read' }).query(async ({ ctx }) => {
    const r = await report(ctx);
    if (!r) return { configured: false as const };
    const index = ctx.tracker.planIndex();
    const clusterName = new Map(ctx.clusters.clusters().map((c) => [c.id, c.name]));
    return {
      configured: true as const,
      ...r,
      systems: undefined,
      networks: r.networks.map((n) => ({
        ...n,
        clusters: n.clusters.map((c) => ({ ...c, name: clusterName.get(c.cluster) ?? null })),
      })),
      departments: r.departments.map((d) => ({ ...d, name: index?.org.get(d.department)?.name ?? null })),
    };
  }),

  /** 30-day trends per network and cluster. */
  trends: procedure.meta({ permission: 'capacity.read' }).query(async ({ ctx }) => {
    if (!ctx.capacity.configured) return { configured: false as const, trends: [], stale: false };
    return { configured: true as const, ...(await ctx.capacity.trends()) };
  }),

  /** Quota bars per system and network, within the viewer's scope. */
  quotas: procedure.meta({ permission: 'quotas.read' }).query(async ({ ctx }) => {
    const r = await report(ctx);
    if (!r) return { configured: false as const };
    const index = ctx.tracker.planIndex();
    const systems = r.systems
      .filter((s) => inScope(ctx.scope, s.department))
      .map((s) => ({ ...s, name: index?.system.get(s.system)?.name ?? null }));
    const byNetwork = NETWORKS.flatMap((network) => {
      const rows = systems.filter((s) => s.network === network);
      if (!rows.length) return [];
      const t = new Tally();
      for (const s of rows) t.addFigures(s.figures);
      return [{ network, figures: t.againstQuota() }];
    });
    return { configured: true as const, at: r.at, stale: r.stale, sources: r.sources, byNetwork, systems };
  }),
});
