// Resource requests (资源申请): departments ask, operators decide within the SLA. Every change
// is audited by the store in the same transaction.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import { createRequest, decideRequest, listRequests, type Request } from '../../store/requests.ts';
import { requestView } from '../request-view.ts';
import { storeCall } from '../store-errors.ts';
import { requestsChanged } from '../request-counts.ts';

const Amount = (max: number) => z.number().min(0).max(max);

/** The request as the viewer's lists show it. */
const viewOf = (ctx: CallContext, r: Request) =>
  requestView(r, (id) => ctx.data.plannedAnyName(id)?.name ?? null, ctx.clock(), ctx.calendar);

/** Tells open consoles in the request's department (and operators) that it changed, with the row. */
function published(ctx: CallContext, r: Request) {
  requestsChanged(ctx.store);
  ctx.live.publish({
    kind: 'requests',
    id: r.id,
    department: r.department,
    status: r.status,
    request: viewOf(ctx, r),
  });
}

export const requestsRouter = router({
  /** Requests within the viewer's scope, newest first, with the SLA clock. */
  list: procedure
    .meta({ permission: 'requests.read' })
    .input(
      z
        .object({ status: z.array(z.enum(['pending', 'approved', 'rejected', 'live'])).optional() })
        .strict()
        .default({}),
    )
    .query(async ({ ctx, input }) => {
      const departments =
        ctx.scope.kind === 'all'
          ? null
          : ctx.scope.kind === 'departments'
            ? ctx.scope.ids
            : new Set<string>();
      const rows = await listRequests(ctx.store.db, {
        departments,
        ...(input.status ? { status: input.status } : {}),
      });
      return rows.map((r) => viewOf(ctx, r));
    }),

  create: procedure
    .meta({ permission: 'requests.create' })
    .input(
      z
        .object({
          system: z.string().min(1).max(64),
          network: z.enum(['internal', 'external']),
          cpu: Amount(1024),
          memoryGiB: Amount(8192),
          storageGiB: Amount(1_000_000),
          reason: z.string().trim().min(4, 'say why (at least 4 characters)').max(2000),
        })
        .strict()
        .refine((r) => r.cpu + r.memoryGiB + r.storageGiB > 0, {
          message: 'ask for something',
          path: ['cpu'],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const system = ctx.data.planned(input.system);
      if (!system)
        throw new TRPCError({ code: 'NOT_FOUND', message: `no system ${input.system} in your scope` });
      if (system.network !== input.network)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `${input.system} runs on the ${system.network} network`,
          cause: {
            fieldErrors: { network: [`the plan places ${input.system} on the ${system.network} network`] },
          },
        });
      const row = await storeCall(() =>
        createRequest(ctx.store, actorOf(ctx), { ...input, department: system.department }, ctx.calendar),
      );
      published(ctx, row);
      return row;
    }),

  decide: procedure
    .meta({ permission: 'requests.decide' })
    .input(
      z
        .object({
          id: z.number().int().positive(),
          version: z.number().int().positive(),
          decision: z.enum(['approve', 'reject']),
          comment: z.string().trim().max(2000),
          adjusted: z
            .object({ cpu: Amount(1024), memoryGiB: Amount(8192), storageGiB: Amount(1_000_000) })
            .strict()
            .optional(),
        })
        .strict()
        .refine((d) => d.decision === 'approve' || d.comment.length >= 4, {
          message: 'a rejection says why',
          path: ['comment'],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await storeCall(() => decideRequest(ctx.store, actorOf(ctx), input));
      published(ctx, row);
      return row;
    }),
});
