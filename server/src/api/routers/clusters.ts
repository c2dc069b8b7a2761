import { z } from 'zod';
import { isolationBaseline } from '../../tracker/baseline.ts';
import { TRPCError } from '@trpc/server';
import { procedure, router } from '../trpc.ts';
import { inScope } from '../../auth/policy.ts';
import { tenantLabels } from '../../sources/kubernetes/tenancy.ts';
import { audit } from '../../store/audit.ts';

const Name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes name')
  .max(63);

export const clustersRouter = router({
  /** Clusters of both networks with their health and capacity. */
  list: procedure.meta({ permission: 'clusters.read' }).query(({ ctx }) => {
    const status = new Map(ctx.clusters.status().map((s) => [s.cluster, s]));
    return ctx.clusters.caches().map((cache) => {
      const { tenants, unassigned } = cache.tenants(ctx.tenancy);
      return {
        ...cache.cluster,
        status: status.get(cache.cluster.id) ?? null,
        ...cache.summary(),
        tenants: tenants.length,
        unassigned: unassigned.length,
      };
    });
  }),

  /** Tenant namespaces across clusters and networks, within the viewer's scope. */
  tenants: procedure
    .meta({ permission: 'tenants.read' })
    .input(
      z
        .object({ department: z.string().max(64).optional(), system: z.string().max(64).optional() })
        .strict()
        .default({}),
    )
    .query(({ ctx, input }) => {
      const index = ctx.tracker.planIndex();
      const within = input.department ? index?.subtree.get(input.department) : null;
      const status = new Map(ctx.clusters.status().map((s) => [s.cluster, s]));
      return ctx.clusters
        .caches()
        .flatMap((c) => c.tenants(ctx.tenancy).tenants)
        .filter(
          (t) =>
            t.department !== null &&
            inScope(ctx.scope, t.department) &&
            (!within || within.has(t.department)) &&
            (!input.system || t.system === input.system),
        )
        .map((t) => ({
          ...t,
          departmentName: t.department ? (index?.org.get(t.department)?.name ?? null) : null,
          systemName: t.system ? (index?.system.get(t.system)?.name ?? null) : null,
          stale: status.get(t.cluster)?.state !== 'synced' ? (status.get(t.cluster) ?? null) : null,
          /** What the tenant lacks of the isolation baseline (the console shows it, never recomputes it). */
          baselineProblems: isolationBaseline(t),
        }));
    }),

  /** Namespaces that resolve to no department, for operators to assign. */
  unassigned: procedure.meta({ permission: 'namespaces.assign' }).query(({ ctx }) =>
    ctx.clusters.caches().flatMap((c) =>
      c.tenants(ctx.tenancy).unassigned.map((n) => ({
        cluster: c.cluster.id,
        network: c.cluster.network,
        name: n.name,
        labels: n.labels,
        createdAt: n.createdAt,
      })),
    ),
  ),

  /** Assigns a namespace to a department (and system) by setting Yunqian's tenant labels. */
  assign: procedure
    .meta({ permission: 'namespaces.assign' })
    .input(
      z
        .object({
          cluster: Name,
          namespace: Name,
          department: z.string().min(1).max(64),
          system: z.string().min(1).max(64).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const index = ctx.tracker.planIndex();
      const cache = ctx.clusters.caches().find((c) => c.cluster.id === input.cluster);
      const fieldErrors: Record<string, string[]> = {};
      if (!cache) fieldErrors.cluster = [`unknown cluster ${input.cluster}`];
      else if (!cache.list('Namespace').some((n) => n.name === input.namespace))
        fieldErrors.namespace = [`no namespace ${input.namespace} in ${input.cluster}`];
      if (!index?.org.has(input.department))
        fieldErrors.department = [`unknown department ${input.department}`];
      const system = input.system ? index?.system.get(input.system) : undefined;
      if (input.system && !system) fieldErrors.system = [`unknown system ${input.system}`];
      else if (
        system &&
        index?.org.has(input.department) &&
        !index.subtree.get(input.department)?.has(system.department)
      ) {
        fieldErrors.system = [`${input.system} belongs to ${system.department}, not ${input.department}`];
      } else if (system && cache && system.network !== cache.cluster.network) {
        fieldErrors.system = [
          `${input.system} is planned for the ${system.network} network; ${input.cluster} is ${cache.cluster.network}`,
        ];
      }
      if (Object.keys(fieldErrors).length)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: Object.values(fieldErrors).flat().join('; '),
          cause: new FieldErrors(fieldErrors),
        });
      const keys = tenantLabels(ctx.tenancy.labelPrefix);
      const before = cache!.list('Namespace').find((n) => n.name === input.namespace)!.labels;
      const labels = {
        [keys.department]: input.department,
        [keys.network]: cache!.cluster.network,
        ...(input.system ? { [keys.system]: input.system } : {}),
      };
      // The audit row and the cluster change stand or fall together: the row is written in a
      // transaction that commits only once the API server has accepted the labels.
      await ctx.store.db.transaction(async (tx) => {
        await audit(tx, {
          actor: ctx.viewer!.id,
          action: 'namespace.assign',
          objectType: 'namespace',
          objectId: `${input.cluster}/${input.namespace}`,
          before,
          after: { ...before, ...labels },
          requestId: ctx.requestId,
          at: ctx.clock(),
        });
        await ctx.clusters.labelNamespace(input.cluster, input.namespace, labels);
      });
      return { cluster: input.cluster, namespace: input.namespace, labels };
    }),
});

/** Carries field-level messages to the error formatter for checks zod cannot make (plan look-ups). */
export class FieldErrors extends Error {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super('invalid input');
  }
}
