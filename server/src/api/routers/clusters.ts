import { z } from 'zod';
import { UserError, type FieldMessages } from '../errors/user-error.ts';
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
      const fields: FieldMessages = {};
      if (!cluster) fields.cluster = [{ key: 'assign.unknownCluster', params: { cluster: input.cluster } }];
      else if (!before)
        fields.namespace = [
          { key: 'assign.unknownNamespace', params: { namespace: input.namespace, cluster: input.cluster } },
        ];
      const department = ctx.data.orgExists(input.department);
      if (!department)
        fields.department = [{ key: 'assign.unknownDepartment', params: { department: input.department } }];
      const system = input.system ? ctx.data.plannedAnyName(input.system) : undefined;
      if (input.system && !system)
        fields.system = [{ key: 'request.unknownSystem', params: { system: input.system } }];
      else if (system && department && !ctx.data.within(input.department, system.department)) {
        fields.system = [{ key: 'assign.otherDepartment', params: { system: system.name } }];
      } else if (system && cluster && system.network !== cluster.network) {
        fields.system = [
          {
            key: 'assign.otherNetwork',
            params: {
              system: system.name,
              network: { key: `network.${system.network}` },
              cluster: input.cluster,
              clusterNetwork: { key: `network.${cluster.network}` },
            },
          },
        ];
      }
      if (Object.keys(fields).length) throw new UserError('BAD_REQUEST', fields);
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
