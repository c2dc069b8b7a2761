export { track, retrack } from './track.ts';
export { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from './config.ts';
export { diffStages, burnUp, velocity, targetProgress, type BurnUpPoint } from './history.ts';
export { emptyRollup } from './rollup.ts';
