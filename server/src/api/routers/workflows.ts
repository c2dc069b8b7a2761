// Sign-offs and manual blockers: departments sign their own systems' cut-over and legacy
// retirement, operators confirm; operators raise, assign and resolve blockers. A change is
// recomputed into the tracker before the call returns.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import type { ViewerCatalog } from '../../read-model/catalog.ts';
import {
  confirm,
  raiseBlocker,
  readWorkflows,
  sign,
  updateBlocker,
  type OnAssigned,
} from '../../store/signoffs.ts';
import { notifyBlockerAssigned } from '../../notify/blocker-assigned.ts';
import { storeCall } from '../store-errors.ts';
import { stageRank } from '../../model/index.ts';

const Kind = z.enum(['cut-over', 'legacy-retired']);
/** An optional word from whoever signs, confirms or resolves (kept on the row and audited). */
const Comment = z.string().trim().max(500).optional();
const SystemId = z.string().min(1).max(64);

function systemInScope(ctx: { data: ViewerCatalog }, id: string) {
  const s = ctx.data.planned(id);
  if (!s) throw new TRPCError({ code: 'NOT_FOUND', message: `no system ${id} in your scope` });
  return s;
}

/** Tells a blocker's new owner, in the change's transaction (when notifications are on). */
function tellOwner(ctx: CallContext): OnAssigned | undefined {
  const n = ctx.notifications;
  if (!n) return undefined;
  return (tx, row) =>
    notifyBlockerAssigned(tx, row, {
      available: n.available,
      by: actorOf(ctx).id,
      systemName: ctx.data.planned(row.system)?.name,
      sees: (account) => ctx.data.seenBy(account, row.system),
    });
}

export const workflowsRouter = router({
  /** A system's sign-offs and open blockers, with the versions a change must quote. */
  forSystem: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ system: SystemId }).strict())
    .query(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      const w = await readWorkflows(ctx.store.db);
      return {
        signoffs: w.signoffs.filter((s) => s.system === input.system),
        blockers: w.blockers.filter((b) => b.system === input.system),
      };
    }),

  sign: procedure
    .meta({ permission: 'signoffs.sign' })
    .input(z.object({ system: SystemId, kind: Kind, comment: Comment }).strict())
    .mutation(async ({ ctx, input }) => {
      const s = systemInScope(ctx, input.system);
      const tracked = ctx.data.tracked(s.id);
      // A cut-over is signed once the new system serves; the legacy one retires after the cut-over.
      const needs = input.kind === 'cut-over' ? 'serving' : s.strategy === 'retire' ? 'planned' : 'cut-over';
      if (!tracked || stageRank(tracked.stage) < stageRank(needs))
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `${s.id} is ${tracked?.stage ?? 'unknown'}; a ${input.kind} sign-off needs ${needs}`,
        });
      const row = await storeCall(() => sign(ctx.store, actorOf(ctx), input));
      await ctx.commands.workflowsChanged(row.system);
      return row;
    }),

  confirm: procedure
    .meta({ permission: 'signoffs.confirm' })
    .input(
      z
        .object({ system: SystemId, kind: Kind, version: z.number().int().positive(), comment: Comment })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      const row = await storeCall(() => confirm(ctx.store, actorOf(ctx), input));
      await ctx.commands.workflowsChanged(row.system);
      return row;
    }),

  raiseBlocker: procedure
    .meta({ permission: 'blockers.manage' })
    .input(
      z
        .object({
          system: SystemId,
          reason: z.string().trim().min(4).max(500),
          owner: z.string().max(128).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      systemInScope(ctx, input.system);
      const row = await storeCall(() =>
        raiseBlocker(ctx.store, actorOf(ctx), input, undefined, tellOwner(ctx)),
      );
      await ctx.commands.workflowsChanged(row.system);
      return row;
    }),

  updateBlocker: procedure
    .meta({ permission: 'blockers.manage' })
    .input(
      z.union([
        z
          .object({
            id: z.number().int().positive(),
            version: z.number().int().positive(),
            resolve: z.literal(true),
            comment: Comment,
          })
          .strict(),
        z
          .object({
            id: z.number().int().positive(),
            version: z.number().int().positive(),
            owner: z.string().min(1).max(128),
          })
          .strict(),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await storeCall(() =>
        updateBlocker(ctx.store, actorOf(ctx), input, undefined, tellOwner(ctx)),
      );
      await ctx.commands.workflowsChanged(row.system);
      return row;
    }),
});
