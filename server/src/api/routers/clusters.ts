import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { procedure, router } from '../trpc.ts';
import { KubeName } from '../inputs.ts';
import { audit } from '../../store/audit.ts';

export const clustersRouter = router({
  /** Clusters of both networks with their health and capacity. */
  list: procedure.meta({ permission: 'clusters.read' }).query(({ ctx }) => ctx.data.clusterList()),

  /** Tenant namespaces across clusters and networks, within the viewer's scope. */
  tenants: procedure
    .meta({ permission: 'tenants.read' })
    .input(
      z
        .object({ department: z.string().max(64).optional(), system: z.string().max(64).optional() })
        .strict()
        .default({}),
    )
    .query(({ ctx, input }) => ctx.data.tenants(input)),

  /** Namespaces that resolve to no department, for operators to assign. */
  unassigned: procedure.meta({ permission: 'namespaces.assign' }).query(({ ctx }) => ctx.data.unassigned()),

  /** Assigns a namespace to a department (and system) by setting Yunqian's tenant labels. */
  assign: procedure
    .meta({ permission: 'namespaces.assign' })
    .input(
      z
        .object({
          cluster: KubeName,
          namespace: KubeName,
          department: z.string().min(1).max(64),
          system: z.string().min(1).max(64).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const { cluster, labels: before } = ctx.data.namespace(input.cluster, input.namespace);
      const fieldErrors: Record<string, string[]> = {};
      if (!cluster) fieldErrors.cluster = [`unknown cluster ${input.cluster}`];
      else if (!before) fieldErrors.namespace = [`no namespace ${input.namespace} in ${input.cluster}`];
      const department = ctx.data.orgExists(input.department);
      if (!department) fieldErrors.department = [`unknown department ${input.department}`];
      const system = input.system ? ctx.data.plannedAnyName(input.system) : undefined;
      if (input.system && !system) fieldErrors.system = [`unknown system ${input.system}`];
      else if (system && department && !ctx.data.within(input.department, system.department)) {
        fieldErrors.system = [`${input.system} belongs to ${system.department}, not ${input.department}`];
      } else if (system && cluster && system.network !== cluster.network) {
        fieldErrors.system = [
          `${input.system} is planned for the ${system.network} network; ${input.cluster} is ${cluster.network}`,
        ];
      }
      if (Object.keys(fieldErrors).length)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: Object.values(fieldErrors).flat().join('; '),
          cause: new FieldErrors(fieldErrors),
        });
      const labels = ctx.commands.tenantLabels({
        department: input.department,
        network: cluster!.network,
        system: input.system,
      });
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
        await ctx.commands.labelNamespace(input.cluster, input.namespace, labels);
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
