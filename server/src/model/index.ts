export * from './stage.ts';
export * from './evidence.ts';
export * from './network.ts';
export * from './observations.ts';
export * from './tracked.ts';
export * from './capacity.ts';
export * from './proof.ts';
export * from './backup.ts';
