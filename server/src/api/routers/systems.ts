import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { NETWORKS, STAGES, HEALTHS } from '../../model/index.ts';
import { procedure, router } from '../trpc.ts';
import { CUTOVER_FILTERS } from '../../read-model/system-list.ts';
import { auditRead } from '../audit-read.ts';

const Id = z.string().min(1).max(64);

export const SystemsFilter = z
  .object({
    department: Id.optional(),
    network: z.enum(NETWORKS).optional(),
    wave: Id.optional(),
    stage: z.enum(STAGES).optional(),
    health: z.enum(HEALTHS).optional(),
    search: z.string().max(100).optional(),
    blocked: z.boolean().optional(),
    overdue: z.boolean().optional(),
    inScope: z.boolean().optional(),
    cutover: z.enum(CUTOVER_FILTERS).optional(),
  })
  .strict();

const SORTABLE = [
  'id',
  'name',
  'department',
  'network',
  'wave',
  'stage',
  'health',
  'blockers',
  'cutover',
] as const;

export const SystemsQuery = SystemsFilter.extend({
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** A page for the console; up to every system in scope for an export. */
  limit: z.number().int().min(1).max(20_000).default(100),
  sort: z
    .object({ field: z.enum(SORTABLE), dir: z.enum(['asc', 'desc']) })
    .strict()
    .optional(),
}).strict();

export const systemsRouter = router({
  list: procedure
    .meta({ permission: 'systems.read' })
    .input(SystemsQuery.default({ offset: 0, limit: 100 }))
    .query(({ ctx, input }) => ctx.data.systemsPage(input)),

  get: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ id: Id }).strict())
    .query(async ({ ctx, input }) => {
      const s = ctx.data.systemDetail(input.id);
      // Out of scope reads exactly like absent, so a department cannot probe for others' ids.
      if (!s) throw new TRPCError({ code: 'NOT_FOUND', message: `no system ${input.id}` });
      // A classified system's detail (on the internal network, 政务内网) is a sensitive read.
      if (s.plan.network === 'internal')
        await auditRead(ctx, 'system.read-classified', 'system', s.id, { network: 'internal' });
      return s;
    }),

  /** Systems in scope for a picker (search as you type): never the whole list to fill a select. */
  /** Sign-offs waiting on someone in the viewer's scope (the home pages' to-do lists). */
  todo: procedure.meta({ permission: 'systems.read' }).query(({ ctx }) => ctx.data.todo()),

  options: procedure
    .meta({ permission: 'systems.read' })
    .input(
      z
        .object({
          department: Id.optional(),
          search: z.string().max(100).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .strict()
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => ctx.data.systemOptions(input)),

  /**
   * A department's dependency map: its systems, the systems they depend on or that depend on them
   * (named, but with a stage only where the viewer may see it), and which edges cross networks.
   */
  dependencies: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ department: Id.optional() }).strict().default({}))
    .query(({ ctx, input }) => ctx.data.dependencies(input.department)),
});
