// The body a migration tool posts (POST /api/v1/migration-reports): one measurement of one
// data-sync run. Strict: an unknown field is refused by name rather than silently dropped, so a
// tool that misspells `bytes` learns it at once instead of reporting nothing for weeks.
import { z } from 'zod';

/** A count that fits a JavaScript number exactly (bytes of a petabyte-size copy still do). */
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Copied of total: the total may be unknown while a tool is still counting. */
const Progress = z
  .object({ copied: Count, total: Count.optional() })
  .strict()
  .refine((p) => p.total === undefined || p.copied <= p.total, {
    message: 'sync.copiedOverTotal',
    path: ['copied'],
  });

const Checksums = z
  .object({ verified: Count, mismatched: Count.default(0), total: Count.optional() })
  .strict()
  .refine((c) => c.total === undefined || c.verified + c.mismatched <= c.total, {
    message: 'sync.checkedOverTotal',
    path: ['verified'],
  });

/** Full copy, then incremental catch-up, then verification (全量、增量、校验). */
export const PHASES = ['full', 'incremental', 'verification'] as const;
export type Phase = (typeof PHASES)[number];

/** Run ids and system ids are names, not prose: what a tool and a person can both quote. */
const Name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'sync.name');

export const ReportBody = z
  .object({
    system: Name,
    /** One data-sync job: its reports are judged against each other. */
    run: Name,
    /** Increases with every report of the run (gaps allowed: a tool may drop one). */
    sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** When the tool measured (RFC 3339 with an offset); the time of receipt when absent. */
    measuredAt: z.iso.datetime({ offset: true }).optional(),
    phase: z.enum(PHASES).optional(),
    percent: z.number().min(0).max(100).optional(),
    rows: Progress.optional(),
    bytes: Progress.optional(),
    checksums: Checksums.optional(),
  })
  .strict()
  .refine((r) => r.percent !== undefined || !!r.rows || !!r.bytes || !!r.checksums, {
    message: 'sync.noMeasure',
    path: ['percent'],
  });
export type ReportBody = z.infer<typeof ReportBody>;
