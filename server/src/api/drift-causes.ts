// Each drift row with the change that caused it, attached when read: the drift comes from the
// engine's version (through the viewer's catalog), the changes from what the clusters' audit
// webhooks sent (store/kube-changes.ts). The tracker stays a pure function of observations.
import type { CallContext } from './trpc.ts';
import type { Db } from '../store/db.ts';
import { latestChangesIn } from '../store/kube-changes.ts';
import { driftCauses, driftObject, type DriftCause, type DriftRef } from '../kube-audit/attribution.ts';

export async function withCauses<T extends DriftRef>(
  ctx: Pick<CallContext, 'data' | 'store' | 'clock'>,
  items: readonly T[],
): Promise<(T & { cause: DriftCause | null })[]> {
  if (!items.length) return [];
  // Only the clusters the viewer sees: a change on another network's cluster is never shown.
  const clusters = ctx.data.clusterList().map((c) => c.id);
  // The drift is seen now (it is derived from the current version at each read): a change counts
  // if it was made at or before this moment.
  const changes = await latestChangesIn(ctx.store.db as Db, {
    clusters,
    namespaces: [...new Set(items.map((d) => d.namespace))],
    resources: [...new Set(items.map((d) => driftObject(d).resource).filter(Boolean))],
    seenAt: ctx.clock(),
  });
  const causes = driftCauses(items, changes, clusters);
  return items.map((d, i) => ({ ...d, cause: causes[i]! }));
}
