export * from './schema.ts';
export * from './plan.ts';
export * from './problems.ts';
export {
  loadPlan,
  loadPlanDir,
  readPlanDir,
  fileKind,
  digest as planDigest,
  type LoadResult,
  type PlanText,
} from './load.ts';
export { findCycles } from './rules.ts';
export { jsonSchemas } from './json-schema.ts';
export {
  planPatch,
  patchText,
  PATCHABLE,
  type FilePatch,
  type PatchableField,
  type PlanPatch,
  type SystemChange,
} from './patch/plan-patch.ts';
export { unifiedDiff } from './patch/unified-diff.ts';
export * from './tenant/spec.ts';
export { mulberry32, type Rng } from './generate/random.ts';
export * from './readiness/index.ts';
export * from './workbook/index.ts';
