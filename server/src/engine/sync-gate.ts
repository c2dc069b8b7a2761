// Which sources have never listed (or read) everything since start, per network: client-go's
// HasSynced. A cluster counts for its own network; a cloud-wide source (stacks, metrics) for both.
// Systems on such a network keep their recorded stage until it has synced (tracker/hold.ts).
import type { Cluster, Network, SourceStatus } from '../model/index.ts';

const neverSynced = (s: SourceStatus) => s.state === 'connecting' || s.state === 'failed';

export function unsyncedByNetwork(
  clusters: readonly Cluster[],
  sources: readonly SourceStatus[],
): Record<Network, SourceStatus[]> {
  const networkOf = new Map(clusters.map((c) => [c.id, c.network]));
  const out: Record<Network, SourceStatus[]> = { internal: [], external: [] };
  for (const s of sources) {
    if (!neverSynced(s)) continue;
    const network = s.cluster === undefined ? undefined : networkOf.get(s.cluster);
    if (network) out[network].push(s);
    else {
      out.internal.push(s);
      out.external.push(s);
    }
  }
  return out;
}
