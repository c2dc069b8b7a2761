// The audit log, for auditors: filters, and whether the hash chain holds. Reading it is itself
// audited (`audit.read`, with the first filter of each ten minutes).
import { z } from 'zod';
import { procedure, router } from '../trpc.ts';
import { listAudit, verifyAudit } from '../../store/audit.ts';
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
});
