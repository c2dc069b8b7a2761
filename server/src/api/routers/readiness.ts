// The readiness assessment (上云评估): a system's questionnaire answers, the verdict and its risks
// as readinessOf() computes them (each with its rule in words, in both languages: the console
// shows them as they are), the department's answers (its own systems only) and the operators'
// archetypes. Saving answers refreshes the tracker, whose readiness blockers read the same rows.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import {
  Archetype,
  ArchetypeId,
  READINESS_RULES,
  ReadinessAnswers,
  readinessOf,
  riskWords,
  REQUIRED_FIELDS,
} from '@yunqian/plan';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import { can } from '../../auth/policy.ts';
import { storeCall } from '../store-errors.ts';
import {
  listArchetypes,
  readAnswers,
  saveAnswers,
  saveAnswersFromWorkbook,
  saveArchetype,
} from '../../store/readiness.ts';
import { importedWorkbook, WorkbookInput, worded } from './intake.ts';
import { UserError } from '../errors/user-error.ts';

const SystemId = z.string().min(1).max(64);

function systemInScope(ctx: CallContext, id: string) {
  const s = ctx.data.planned(id);
  if (!s) throw new TRPCError({ code: 'NOT_FOUND', message: `no system ${id} in your scope` });
  return s;
}

/** A verdict as the console shows it: the rule words of each risk filled in, in both languages. */
export function readinessView(
  s: Parameters<typeof readinessOf>[0],
  stored: Parameters<typeof readinessOf>[1],
  archetypes: Parameters<typeof readinessOf>[2],
) {
  const r = readinessOf(s, stored, archetypes);
  return {
    ...r,
    risks: r.risks.map((risk) => ({
      ...risk,
      words: { zh: riskWords(risk, 'zh'), en: riskWords(risk, 'en') },
    })),
  };
}

export const readinessRouter = router({
  /** The rules in words and the questionnaire's required fields (the console lists them). */
  rules: procedure.meta({ permission: 'systems.read' }).query(() => ({
    rules: READINESS_RULES,
    required: REQUIRED_FIELDS,
  })),

  /** A system's answers (with the version a change quotes), the archetypes and the verdict. */
  forSystem: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ system: SystemId }).strict())
    .query(async ({ ctx, input }) => {
      const s = systemInScope(ctx, input.system);
      const [stored, archetypes] = await Promise.all([
        readAnswers(ctx.store.db, s.id),
        listArchetypes(ctx.store.db),
      ]);
      return {
        system: s.id,
        department: s.department,
        network: s.network,
        stored,
        version: stored?.version ?? 0,
        archetypes,
        readiness: readinessView(s, stored, archetypes),
        canAnswer: can(ctx.viewer, 'readiness.answer'),
      };
    }),

  /** The department's answers for its own system (all fields at once), version-checked and audited. */
  answer: procedure
    .meta({ permission: 'readiness.answer' })
    .input(
      z
        .object({
          system: SystemId,
          version: z.number().int().min(0),
          archetype: ArchetypeId.optional(),
          answers: ReadinessAnswers,
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const s = systemInScope(ctx, input.system);
      const archetypes = await listArchetypes(ctx.store.db);
      if (input.archetype && !archetypes.some((a) => a.id === input.archetype))
        throw new UserError('BAD_REQUEST', {
          archetype: [{ key: 'readiness.unknownArchetype', params: { archetype: input.archetype } }],
        });
      const saved = await storeCall(() => saveAnswers(ctx.store, actorOf(ctx), { ...input, system: s.id }));
      await ctx.commands.workflowsChanged(s.id);
      return { stored: saved, version: saved.version, readiness: readinessView(s, saved, archetypes) };
    }),

  /**
   * The questionnaire sheet of a department's workbook saved as its systems' answers (all or
   * none). The workbook must be clean, every system in the viewer's scope, and every archetype it
   * names one the operators keep (a department cannot define archetypes).
   */
  importWorkbook: procedure
    .meta({ permission: 'readiness.answer' })
    .input(WorkbookInput)
    .mutation(async ({ ctx, input }) => {
      const archetypes = await listArchetypes(ctx.store.db);
      const r = await importedWorkbook(
        ctx,
        input,
        archetypes.map((a) => a.id),
      );
      if (!r.yaml || !r.readiness) return { saved: 0, problems: worded(ctx, r.problems) };
      const known = new Set(archetypes.map((a) => a.id));
      const entries = Object.entries(r.readiness.answers).map(([system, a]) => ({ system, ...a }));
      for (const e of entries) {
        systemInScope(ctx, e.system);
        if (e.archetype && !known.has(e.archetype))
          throw new UserError('BAD_REQUEST', {
            workbook: [{ key: 'readiness.unknownArchetype', params: { archetype: e.archetype } }],
          });
      }
      const saved = await storeCall(() => saveAnswersFromWorkbook(ctx.store, actorOf(ctx), entries));
      for (const e of entries) await ctx.commands.workflowsChanged(e.system);
      return { saved: saved.length, problems: worded(ctx, r.problems) };
    }),

  /** An operator's archetype (a named answer set), created with version 0, version-checked after. */
  saveArchetype: procedure
    .meta({ permission: 'readiness.archetypes' })
    .input(Archetype.extend({ version: z.number().int().min(0) }).strict())
    .mutation(async ({ ctx, input }) => {
      // Many systems may inherit from it: the tracker reads it again on its next poll (a full recompute).
      return storeCall(() => saveArchetype(ctx.store, actorOf(ctx), input));
    }),
});
