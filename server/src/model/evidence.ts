import type { Stage } from './stage.ts';

/** `exception`: an approved exception (不上云例外) decided in Yunqian, like a sign-off. */
export type SourceKind = 'plan' | 'kubernetes' | 'pulumi' | 'prometheus' | 'signoff' | 'exception';

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
