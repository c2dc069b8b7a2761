import type { BackupRule } from './backups.ts';

export interface TrackerConfig {
  /** How long all workloads must have been ready before a system counts as running. */
  runningForMs: number;
  /** Minimum serving signal (as returned by the traffic query) for the serving stage. */
  servingThreshold: number;
  /** Days before a wave opens from which its systems must be assessed (readiness blockers; 30 if absent). */
  readinessHorizonDays?: number | undefined;
  /** The backup gate's rule (backups.ts); its defaults when absent. */
  backups?: BackupRule | undefined;
  /**
   * The cloud's ingress addresses per network: a public name whose DNS answer lies elsewhere is
   * not served by the cloud. Absent: DNS is not judged.
   */
  ingress?: Partial<Record<'internal' | 'external', string[]>> | undefined;
}

export const DEFAULT_TRACKER_CONFIG: TrackerConfig = {
  runningForMs: 10 * 60_000,
  servingThreshold: 0.1,
};
