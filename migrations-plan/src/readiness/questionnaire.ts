// The readiness questionnaire (上云评估问卷): what a department answers about each system before
// its wave, and archetypes (评估模板) — named answer sets that a system inherits field by field.
// One schema for the console's form, the API, the database row and the workbook's readiness sheet.
import { z } from 'zod';

/** 信创 compatibility of a component: adapted, being adapted, not adapted, not applicable. */
export const XINCHUANG = ['adapted', 'adapting', 'not-adapted', 'not-applicable'] as const;
/** Where the system's MLPS (等保) assessment stands. */
export const MLPS_STATUSES = ['assessed', 'in-progress', 'not-assessed', 'not-applicable'] as const;

export type Xinchuang = (typeof XINCHUANG)[number];
export type MlpsStatus = (typeof MLPS_STATUSES)[number];

const Text = z.string().trim().min(1).max(200);

/** Every answer is optional: an unanswered field is inherited from the archetype, or missing. */
export const ReadinessAnswers = z
  .object({
    os: Text.optional().describe('Operating system and version'),
    osXinchuang: z.enum(XINCHUANG).optional(),
    database: Text.optional().describe('Database and version ("无" when none)'),
    databaseXinchuang: z.enum(XINCHUANG).optional(),
    middleware: Text.optional().describe('Middleware and version ("无" when none)'),
    middlewareXinchuang: z.enum(XINCHUANG).optional(),
    dataVolumeGiB: z.number().nonnegative().max(10_000_000).optional(),
    downtimeHours: z.number().nonnegative().max(720).optional().describe('Allowed downtime at cut-over'),
    rollbackPlan: z.boolean().optional(),
    interfaces: z.number().int().nonnegative().max(10_000).optional().describe('External interfaces'),
    interfaceList: z.string().trim().max(2000).optional(),
    mlpsStatus: z.enum(MLPS_STATUSES).optional(),
  })
  .strict();
export type ReadinessAnswers = z.infer<typeof ReadinessAnswers>;

export const ANSWER_FIELDS = Object.keys(ReadinessAnswers.shape) as (keyof ReadinessAnswers)[];
export type AnswerField = (typeof ANSWER_FIELDS)[number];

/** The answers a verdict needs: without any one of them the system is not assessed. */
export const REQUIRED_FIELDS: readonly AnswerField[] = [
  'os',
  'osXinchuang',
  'database',
  'databaseXinchuang',
  'middleware',
  'middlewareXinchuang',
  'dataVolumeGiB',
  'downtimeHours',
  'rollbackPlan',
  'interfaces',
  'mlpsStatus',
];

export const ArchetypeId = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$/, 'ids are 1–48 lower-case letters, digits and dashes');

/** A named answer set (e.g. "standard portal on 麒麟 + 达梦"): systems inherit what they leave blank. */
export const Archetype = z
  .object({
    id: ArchetypeId,
    name: z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }).strict(),
    answers: ReadinessAnswers,
  })
  .strict();
export type Archetype = z.infer<typeof Archetype>;

/** One system's own answers, and the archetype it inherits from (if any). */
export const SystemAnswers = z
  .object({ archetype: ArchetypeId.optional(), answers: ReadinessAnswers })
  .strict();
export type SystemAnswers = z.infer<typeof SystemAnswers>;
