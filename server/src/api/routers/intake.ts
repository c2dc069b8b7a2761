// Plan intake from a department's survey workbook: the department (or an operator, for the units
// of its scope) uploads the workbook and gets back either every problem, placed on its sheet, row
// and column and worded in the viewer's language, or the plan file to review and download. It
// writes nothing: the plan changes through its repository's review, as every plan change does.
import { z } from 'zod';
import { importWorkbook, workbookWords, type PlanText, type WorkbookProblem } from '@yunqian/plan';
import { procedure, router, type CallContext } from '../trpc.ts';
import { UserError } from '../errors/user-error.ts';
import { listArchetypes } from '../../store/readiness.ts';

/** Under the server's default 1 MiB body once base64-encoded; a department's workbook is tens of KB. */
export const MAX_WORKBOOK_BYTES = 700 * 1024;

/** The plan folder's files as they stand, when this server can read them (the API's context). */
const planTextsOf = (ctx: CallContext) => (ctx as { planTexts?: () => Promise<PlanText[]> }).planTexts;

/** A department and its workbook (the .xlsx file, base64-encoded). */
export const WorkbookInput = z
  .object({
    department: z.string().min(1).max(64),
    workbook: z
      .string()
      .min(1)
      .max(Math.ceil(MAX_WORKBOOK_BYTES / 3) * 4 + 4),
  })
  .strict();

/**
 * Problems of the workbook's cells in the viewer's language; the plan's own rules keep their codes
 * and params, and the console words them as it words the plan's problems.
 */
export const worded = (ctx: CallContext, problems: WorkbookProblem[]) =>
  problems.map((p) => ({ ...p, words: workbookWords(p.code, p.params, ctx.locale ?? 'zh-CN') }));

/**
 * The workbook read for the department, as the plan's loader and rules see it: refused in words
 * when the department is not the viewer's, the plan cannot be read or the file is too large.
 */
export async function importedWorkbook(
  ctx: CallContext,
  input: { department: string; workbook: string },
  archetypes: readonly string[],
) {
  const own = ctx.viewer?.department;
  if (!ctx.data.orgExists(input.department) || (own && !ctx.data.within(own, input.department)))
    throw new UserError('FORBIDDEN', { department: [{ key: 'intake.otherDepartment' }] });
  const read = planTextsOf(ctx);
  if (!read) throw new UserError('BAD_REQUEST', {}, { key: 'intake.noPlan' });
  const bytes = Buffer.from(input.workbook, 'base64');
  if (bytes.length > MAX_WORKBOOK_BYTES || bytes.length < 4)
    throw new UserError('BAD_REQUEST', {
      workbook: [{ key: 'intake.notXlsx', params: { max: MAX_WORKBOOK_BYTES / 1024 / 1024 } }],
    });
  return importWorkbook(bytes, {
    department: input.department,
    plan: await read(),
    today: ctx.clock().toISOString().slice(0, 10),
    archetypes,
  });
}

export const intakeRouter = router({
  /** The units whose workbook the viewer may import: its own unit and those under it (all, without one). */
  units: procedure.meta({ permission: 'plan.intake' }).query(({ ctx }) => {
    const own = ctx.viewer?.department;
    return ctx.data
      .organisations()
      .filter((o) => o.kind !== 'province' && (!own || ctx.data.within(own, o.id)));
  }),

  importWorkbook: procedure
    .meta({ permission: 'plan.intake' })
    .input(WorkbookInput)
    .mutation(async ({ ctx, input }) => {
      const archetypes = await listArchetypes(ctx.store.db);
      const r = await importedWorkbook(
        ctx,
        input,
        archetypes.map((a) => a.id),
      );
      return { ...r, problems: worded(ctx, r.problems) };
    }),
});
