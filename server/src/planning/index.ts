// The wave planner (issue #24): pure functions of the plan, the stages, each network's headroom,
// the readiness verdicts and today.
export * from './model.ts';
export { analyse, PlanningBase, type AnalyseOptions, type WhatIf } from './analyse.ts';
export { applyMoves, fitToWave } from './moves.ts';
export { propose, type Proposal, type ProposedMove, type ProposeOptions } from './propose.ts';
export { changesOf, movesPatch } from './patch.ts';
export { findViolations, violationKey } from './violations.ts';
export { forecastTargets } from './forecast.ts';
