// The audit log, for auditors: filters, and whether the hash chain holds. Reading it is itself
// audited (`audit.read`, with the first filter of each ten minutes).
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { procedure, router } from '../trpc.ts';
import { audit, listAudit, verifyAudit } from '../../store/audit.ts';
import { auditRead } from '../audit-read.ts';

export const AuditFilter = z
  .object({
    actor: z.string().max(128).optional(),
    objectType: z.string().max(64).optional(),
    objectId: z.string().max(128).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

export const toAuditFilter = (f: z.infer<typeof AuditFilter>) => ({
  ...f,
  from: f.from ? new Date(f.from) : undefined,
  to: f.to ? new Date(f.to) : undefined,
});

export const auditRouter = router({
  list: procedure
    .meta({ permission: 'audit.read' })
    .input(AuditFilter.default({}))
    .query(async ({ ctx, input }) => {
      await auditRead(ctx, 'audit.read', 'audit', 'log', { filter: input });
      return listAudit(ctx.store.db, toAuditFilter(input));
    }),
  verify: procedure.meta({ permission: 'audit.read' }).query(({ ctx }) => verifyAudit(ctx.store.db)),

  /**
   * Every export is audited (MLPS level 3), the tables' CSV and Excel downloads too: the console
   * builds those files from what the viewer already received, and records the export here first —
   * no row, no file. Any signed-in viewer (what they export is what they may read); anonymous
   * visitors have nothing to export.
   */
  recordExport: procedure
    .meta({ permission: 'public' })
    .input(
      z
        .object({
          table: z.string().regex(/^[a-z0-9-]{1,64}$/),
          format: z.enum(['csv', 'xlsx']),
          rows: z.number().int().min(0).max(1_000_000),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in to export' });
      await ctx.store.db.transaction((tx) =>
        audit(tx, {
          actor: ctx.viewer!.id,
          action: 'table.export',
          objectType: 'table',
          objectId: input.table,
          before: null,
          after: { format: input.format, rows: input.rows },
          requestId: ctx.requestId,
          at: ctx.clock(),
        }),
      );
      return { recorded: true };
    }),
});
