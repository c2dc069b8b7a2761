import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { NETWORKS, STAGES, HEALTHS } from '../../model/index.ts';
import { procedure, readState, router } from '../trpc.ts';
import { trackedById, visibleSystems } from '../queries.ts';
import { matchingSystems } from '../system-list.ts';
import { inScope } from '../../auth/policy.ts';

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
    .query(({ ctx, input }) => {
      const state = readState(ctx.tracker);
      const index = ctx.tracker.planIndex()!;
      const matching = matchingSystems(state, ctx.scope, index, input);
      return {
        total: matching.length,
        rows: matching.slice(input.offset, input.offset + input.limit).map((s) => {
          const p = index.system.get(s.id)!;
          return {
            ...s,
            name: p.name,
            departmentName: index.org.get(s.department)?.name ?? null,
            strategy: p.strategy,
            mlps: p.mlps.level,
            classified: p.classified,
            start: p.start,
            cutover: p.cutover,
            evidence: undefined,
            lastEvidence: s.evidence.at(-1) ?? null,
          };
        }),
      };
    }),

  get: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ id: Id }).strict())
    .query(({ ctx, input }) => {
      const state = readState(ctx.tracker);
      const index = ctx.tracker.planIndex()!;
      const tracked = trackedById(state);
      const s = tracked.get(input.id);
      // Out of scope reads exactly like absent, so a department cannot probe for others' ids.
      if (!s || !inScope(ctx.scope, s.department))
        throw new TRPCError({ code: 'NOT_FOUND', message: `no system ${input.id}` });
      const p = index.system.get(s.id)!;
      const dep = (id: string) => {
        const d = index.system.get(id);
        const t = tracked.get(id);
        const visible = t && inScope(ctx.scope, t.department);
        return { id, name: d?.name ?? null, network: d?.network ?? null, stage: visible ? t.stage : null };
      };
      return {
        ...s,
        plan: { ...p },
        departmentName: index.org.get(s.department)?.name ?? null,
        history: ctx.history.forSystem(s.id),
        dependsOn: p.dependsOn.map((d) => ({ ...dep(d.system), channel: d.channel ?? null })),
        dependents: state.systems
          .filter((x) => index.system.get(x.id)!.dependsOn.some((d) => d.system === s.id))
          .map((x) => dep(x.id)),
      };
    }),

  /**
   * A department's dependency map: its systems, the systems they depend on or that depend on them
   * (named, but with a stage only where the viewer may see it), and which edges cross networks.
   */
  dependencies: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ department: Id.optional() }).strict().default({}))
    .query(({ ctx, input }) => {
      const state = readState(ctx.tracker);
      const index = ctx.tracker.planIndex()!;
      const tracked = trackedById(state);
      const within = input.department ? index.subtree.get(input.department) : null;
      const own = visibleSystems(state, ctx.scope).filter((s) => !within || within.has(s.department));
      const ownIds = new Set(own.map((s) => s.id));
      const edges: { from: string; to: string; channel: string | null; crossNetwork: boolean }[] = [];
      for (const p of index.system.values()) {
        for (const d of p.dependsOn) {
          if (!ownIds.has(p.id) && !ownIds.has(d.system)) continue;
          const to = index.system.get(d.system);
          edges.push({
            from: p.id,
            to: d.system,
            channel: d.channel ?? null,
            crossNetwork: !!to && to.network !== p.network,
          });
        }
      }
      const ids = new Set([...ownIds, ...edges.flatMap((e) => [e.from, e.to])]);
      const nodes = [...ids].map((id) => {
        const p = index.system.get(id);
        const t = tracked.get(id);
        const visible = !!t && inScope(ctx.scope, t.department);
        return {
          id,
          name: p?.name ?? null,
          network: p?.network ?? null,
          own: ownIds.has(id),
          stage: visible ? t.stage : null,
          department: visible ? t.department : null,
        };
      });
      return { nodes, edges };
    }),
});
