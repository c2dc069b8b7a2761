export * from './schema.ts';
export * from './plan.ts';
export * from './problems.ts';
export { loadPlan, loadPlanDir, readPlanDir, fileKind, type LoadResult, type PlanText } from './load.ts';
export { findCycles } from './rules.ts';
export { jsonSchemas } from './json-schema.ts';
export * from './tenant/spec.ts';
export { mulberry32, type Rng } from './generate/random.ts';
export * from './readiness/index.ts';
