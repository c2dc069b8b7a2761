// "Drift found": a tenant whose live configuration departs from what the infrastructure code
// declares (tracker/drift.ts). Judged per network, and only where every cluster of the network and
// every stack backend has synced: a cluster not answering has not lost a namespace. Each drift is a
// lasting condition (marks.ts): told once when it appears, again only after it was fixed and came
// back. The new drift of one tenant makes one notification, to the operators whose scope covers
// the tenant and to the users of its department (and of the units above it).
import type { PlanIndex } from '@yunqian/plan';
import type { DeclaredTenant, SourceStatus } from '../model/index.ts';
import { NETWORKS, type Network } from '../model/network.ts';
import type { ClusterView } from '../read-model/read-model.ts';
import { findDrift, type Drift } from '../tracker/drift.ts';
import { lockFor, type Db, type Tx } from '../store/db.ts';
import type { ChannelName } from './events.ts';
import { enqueue, type Notification } from './outbox.ts';
import { activeAccounts, covering } from './audience.ts';
import { lookAgain } from './marks.ts';
import { driftWords, joined, networkWords, systemName, unitName } from './words.ts';

export interface DriftInput {
  index: PlanIndex;
  /** What the stacks declare; null when no stack backend is configured (no drift then). */
  declared: readonly DeclaredTenant[] | null;
  clusters: readonly Pick<ClusterView, 'cluster' | 'status' | 'tenants'>[];
  sources: readonly SourceStatus[];
}

const PREFIX = 'drift:';

/** The networks whose clusters (at least one) and stack backends have all synced. */
export function networksSynced(
  clusters: DriftInput['clusters'],
  sources: readonly SourceStatus[],
): Set<Network> {
  const stacks = sources.filter((s) => s.kind === 'pulumi').every((s) => s.state === 'synced');
  return new Set(
    NETWORKS.filter((n) => {
      const mine = clusters.filter((c) => c.cluster.network === n);
      return stacks && mine.length > 0 && mine.every((c) => c.status?.state === 'synced');
    }),
  );
}

/** Enqueues "drift found" for the drift that appeared since the last look; returns the rows added. */
export async function notifyDrift(db: Db, v: DriftInput, available: readonly ChannelName[]): Promise<number> {
  if (!available.length || v.declared === null) return 0;
  const synced = networksSynced(v.clusters, v.sources);
  const judged = (network: Network | null) =>
    network === null ? synced.size === NETWORKS.length : synced.has(network);
  const networkOfCluster = new Map(v.clusters.map((c) => [c.cluster.id, c.cluster.network]));
  const networkOf = (d: Drift): Network | null =>
    (d.cluster !== null ? networkOfCluster.get(d.cluster) : undefined) ??
    v.declared!.find((x) => x.namespace === d.namespace && x.stack === d.stack)?.network ??
    (d.system ? v.index.system.get(d.system)?.network : undefined) ??
    null;
  const items = findDrift(
    v.declared,
    v.clusters.flatMap((c) => c.tenants),
  ).flatMap((d) => {
    const network = networkOf(d);
    if (d.department === null || !judged(network)) return [];
    const what = d.params.resource ?? d.params.policy ?? d.params.binding ?? '';
    return [{ d, network, subject: `${PREFIX}${network ?? '*'}:${d.namespace}:${d.kind}:${what}` }];
  });
  return db.transaction(async (tx) => {
    // One look at a time across replicas: the second sees what the first marked.
    await lockFor(tx, 'notify.drift');
    const begun = await lookAgain(tx, PREFIX, {
      start: items.map((i) => i.subject),
      judged: (subject) => {
        const n = subject.slice(PREFIX.length).split(':')[0];
        return judged(n === '*' ? null : (n as Network));
      },
    });
    if (!begun.size) return 0;
    // The new drift of each tenant, together.
    const byTenant = new Map<string, { items: typeof items; episode: number }>();
    for (const i of items) {
      const episode = begun.get(i.subject);
      if (episode === undefined) continue;
      const key = `${i.network ?? '*'}:${i.d.namespace}`;
      const t = byTenant.get(key) ?? { items: [], episode };
      t.items.push(i);
      t.episode = Math.min(t.episode, episode);
      byTenant.set(key, t);
    }
    return enqueue(tx, await tenantNotices(tx, v.index, byTenant), available);
  });
}

async function tenantNotices(
  tx: Tx,
  index: PlanIndex,
  byTenant: Map<string, { items: { d: Drift; network: Network | null }[]; episode: number }>,
): Promise<Notification[]> {
  const accounts = await activeAccounts(tx);
  const out: Notification[] = [];
  for (const [key, t] of byTenant) {
    const { d, network } = t.items[0]!;
    const department = d.department!;
    const unit = unitName(index, department);
    const net = networkWords(network);
    const system = d.system ? systemName(index, d.system) : null;
    const detail = joined(t.items.map((i) => driftWords(i.d.kind, i.d.params)));
    const params = {
      namespace: d.namespace,
      department: unit.zh,
      departmentEn: unit.en,
      where: system ? `${net.zh}，系统 ${system.zh}` : net.zh,
      whereEn: system ? `${net.en}, system ${system.en}` : net.en,
      detail: detail.zh,
      detailEn: detail.en,
      count: t.items.length,
    };
    for (const recipient of covering(accounts, index, ['operator', 'department'], department, network))
      out.push({ recipient, kind: 'drift.found', params, dedupeKey: `drift:${key}:${t.episode}` });
  }
  return out;
}
