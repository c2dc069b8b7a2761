// "Quota at 80 %": a tenant namespace whose ResourceQuota is used to 80 % or more of its hard
// limit for CPU, memory, storage or pods, as Kubernetes counts it (status.used against
// status.hard), read only from clusters that have synced. A lasting condition (marks.ts): told
// when it reaches 80 %, and again only after it fell below 70 % and came back (so a figure
// wavering at the line is not told every minute). To the operators whose scope covers the tenant
// and to the users of its department (and of the units above it).
import type { PlanIndex } from '@yunqian/plan';
import type { ResourceAmounts, Tenant } from '../model/index.ts';
import type { ClusterView } from '../read-model/read-model.ts';
import { lockFor, type Db } from '../store/db.ts';
import type { ChannelName } from './events.ts';
import { enqueue, type Notification } from './outbox.ts';
import { activeAccounts, covering } from './audience.ts';
import { lookAgain } from './marks.ts';
import { joined, networkWords, RESOURCE_WORDS, unitName } from './words.ts';

export const QUOTA_HIGH = 0.8;
/** Below this an episode ends; between it and QUOTA_HIGH one goes on. */
export const QUOTA_CLEARED = 0.7;
const RESOURCES: (keyof ResourceAmounts)[] = ['cpu', 'memory', 'storage', 'pods'];
const PREFIX = 'quota:';

export interface QuotaInput {
  index: PlanIndex;
  clusters: readonly Pick<ClusterView, 'cluster' | 'status' | 'tenants'>[];
}

/** A share in whole percent, down (8.1 of 10 is 81 %, not 80.99…). */
const percentOf = (share: number) => Math.floor(share * 100 + 1e-9);

/** Each resource's used / hard of a tenant's quota (those with a positive hard limit). */
export function quotaShares(t: Tenant): { resource: keyof ResourceAmounts; share: number }[] {
  if (!t.quota) return [];
  return RESOURCES.flatMap((resource) => {
    const hard = t.quota!.hard[resource];
    const used = t.quota!.used[resource];
    return hard !== undefined && hard > 0 && used !== undefined ? [{ resource, share: used / hard }] : [];
  });
}

/** Enqueues "quota at 80 %" for the tenants that reached it since the last look; returns the rows added. */
export async function notifyQuotaHigh(
  db: Db,
  v: QuotaInput,
  available: readonly ChannelName[],
): Promise<number> {
  if (!available.length) return 0;
  const synced = new Set(v.clusters.filter((c) => c.status?.state === 'synced').map((c) => c.cluster.id));
  const readings = v.clusters
    .filter((c) => synced.has(c.cluster.id))
    .flatMap((c) => c.tenants)
    .filter((t) => t.department !== null)
    .flatMap((t) =>
      quotaShares(t).map((q) => ({ t, ...q, subject: `${PREFIX}${t.cluster}:${t.namespace}:${q.resource}` })),
    );
  return db.transaction(async (tx) => {
    await lockFor(tx, 'notify.quota');
    const begun = await lookAgain(tx, PREFIX, {
      start: readings.filter((r) => r.share >= QUOTA_HIGH).map((r) => r.subject),
      hold: readings.filter((r) => r.share >= QUOTA_CLEARED).map((r) => r.subject),
      judged: (subject) => synced.has(subject.slice(PREFIX.length).split(':')[0]!),
    });
    if (!begun.size) return 0;
    const byTenant = new Map<string, { r: typeof readings; episode: number }>();
    for (const r of readings) {
      const episode = begun.get(r.subject);
      if (episode === undefined) continue;
      const key = `${r.t.cluster}:${r.t.namespace}`;
      const x = byTenant.get(key) ?? { r: [], episode };
      x.r.push(r);
      x.episode = Math.min(x.episode, episode);
      byTenant.set(key, x);
    }
    const accounts = await activeAccounts(tx);
    const out: Notification[] = [];
    for (const [key, x] of byTenant) {
      const t = x.r[0]!.t;
      const unit = unitName(v.index, t.department!);
      const net = networkWords(t.network);
      const detail = joined(
        x.r.map((r) => {
          const w = RESOURCE_WORDS[r.resource]!;
          const pct = percentOf(r.share);
          return { zh: `${w.zh} ${pct}%`, en: `${w.en} ${pct}%` };
        }),
        { zh: '、', en: ', ' },
      );
      const params = {
        namespace: t.namespace,
        department: unit.zh,
        departmentEn: unit.en,
        network: net.zh,
        networkEn: net.en,
        percent: percentOf(Math.max(...x.r.map((r) => r.share))),
        detail: detail.zh,
        detailEn: detail.en,
      };
      for (const recipient of covering(
        accounts,
        v.index,
        ['operator', 'department'],
        t.department!,
        t.network,
      ))
        out.push({ recipient, kind: 'quota.high', params, dedupeKey: `quota:${key}:${x.episode}` });
    }
    return enqueue(tx, out, available);
  });
}
