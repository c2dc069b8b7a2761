// Stages of a migration, in the order a system moves through them. Retire and retain systems
// leave the main path: a retired system ends when its legacy system is switched off, a retained
// one stays where it is by decision of the plan.
export const MIGRATION_PATH = [
  'planned',
  'provisioned',
  'deployed',
  'running',
  'serving',
  'cut-over',
  'migrated',
] as const;
export const STAGES = [...MIGRATION_PATH, 'retired', 'retained'] as const;

export type MigrationStage = (typeof MIGRATION_PATH)[number];
export type Stage = (typeof STAGES)[number];

export const HEALTHS = ['healthy', 'degraded', 'failing', 'unknown'] as const;
export type Health = (typeof HEALTHS)[number];

/** Position on the main path; retired/retained count as done for ordering. */
export function stageRank(stage: Stage): number {
  const i = (MIGRATION_PATH as readonly string[]).indexOf(stage);
  return i >= 0 ? i : MIGRATION_PATH.length;
}

/** Stages that count as "on the cloud" for the migration rate. */
export function isDone(stage: Stage): boolean {
  return stage === 'migrated';
}
