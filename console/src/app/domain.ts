// The domain's fixed vocabularies as the console lists them (order matters for charts and
// filters). The server's model holds the same lists; the AppRouter types keep them in step.
import type { Inputs, Outputs } from './trpc.ts';

type Rollup = Outputs['overview']['get']['total'];
export type Stage = keyof Rollup['byStage'];
export type Health = keyof Rollup['byHealth'];

export const MIGRATION_PATH = [
  'planned',
  'provisioned',
  'deployed',
  'running',
  'serving',
  'cut-over',
  'migrated',
] as const satisfies readonly Stage[];
export const STAGES = [...MIGRATION_PATH, 'retired', 'retained'] as const satisfies readonly Stage[];
export const HEALTHS = ['healthy', 'degraded', 'failing', 'unknown'] as const satisfies readonly Health[];
export const NETWORKS = ['internal', 'external'] as const;
/** The server's roles, in the order the console offers them. */
export const ROLES = [
  'leader',
  'operator',
  'department',
  'department-admin',
  'evaluator',
  'admin',
  'security',
  'auditor',
] as const;
/** The systems list's cut-over filter (the on-time rate's systems: due, on time, late). */
type SystemsFilter = Exclude<Inputs['systems']['list'], void | undefined>;
export const CUTOVER = ['due', 'onTime', 'late'] as const satisfies readonly NonNullable<
  SystemsFilter['cutover']
>[];
