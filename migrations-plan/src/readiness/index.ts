// The readiness assessment: questionnaire, archetypes and the verdict (one import for its users).
export * from './questionnaire.ts';
export * from './verdict.ts';
