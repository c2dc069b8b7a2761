// A statement says which department each namespace belongs to by the clusters' tenancy labels: a
// month is never closed while a cluster's namespaces are not in sync (a stale or unreachable
// cluster would put its tenants' cost on the wrong line, or on none).
import type { SourceStatus } from '../model/index.ts';
import { MeteringRefusal } from './refusal.ts';

export function requireTenancyInSync(sources: readonly SourceStatus[]): void {
  const behind = sources.find((s) => s.kind === 'kubernetes' && s.state !== 'synced');
  if (behind)
    throw new MeteringRefusal('month', 'metering.tenancyStale', { cluster: behind.id, state: behind.state });
}
