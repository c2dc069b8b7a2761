import type { Stage } from './stage.ts';

export type SourceKind = 'plan' | 'kubernetes' | 'pulumi' | 'prometheus' | 'signoff';

/**
 * What was observed, by which source, when. `code` and `params` are rendered by the console in
 * the reader's language, so evidence stays data rather than prose.
 */
export interface Evidence {
  stage: Stage;
  source: SourceKind;
  code: string;
  params: Record<string, string | number>;
  observedAt: string;
}
