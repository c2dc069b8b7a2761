export interface TrackerConfig {
  /** How long all workloads must have been ready before a system counts as running. */
  runningForMs: number;
  /** Minimum serving signal (as returned by the traffic query) for the serving stage. */
  servingThreshold: number;
}

export const DEFAULT_TRACKER_CONFIG: TrackerConfig = {
  runningForMs: 10 * 60_000,
  servingThreshold: 0.1,
};
