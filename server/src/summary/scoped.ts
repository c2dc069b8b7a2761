// What a viewer may read of an imported summary: the whole of it province-wide (or network-wide on
// its network); else only the departments in the viewer's scope. Every read of imported summaries
// goes through here, so the filter cannot be forgotten by a new page.
import { inScope, networkInScope, type Scope } from '../auth/policy.ts';
import type { NetworkSummary } from './content.ts';

export interface ImportedSummary {
  summary: NetworkSummary;
  importedAt: string;
  importedBy: string;
  signer: string;
}

export function summariesFor(scope: Scope, imported: readonly ImportedSummary[]) {
  return imported
    .filter((i) => networkInScope(scope, i.summary.network))
    .map((i) => {
      const s = i.summary;
      const whole = scope.kind === 'all';
      return {
        network: s.network,
        sequence: s.sequence,
        asOf: s.asOf,
        exportedAt: s.exportedAt,
        importedAt: i.importedAt,
        /** The signing key's short fingerprint, to tell the source apart. */
        signer: i.signer.slice(-16),
        sourcesStale: s.sourcesStale,
        total: whole ? s.total : null,
        departments: s.departments.filter((d) => inScope(scope, d.code, s.network)),
        waves: whole ? s.waves : [],
        capacity: whole ? s.capacity : null,
      };
    });
}
