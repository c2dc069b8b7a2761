// The backup gate fed from one recompute's observations: each tenant's Velero evidence and its
// cluster's source state, indexed once per observation (not once per system).
import type { PlannedSystem } from '@yunqian/plan';
import type { SourceStatus, Stage, Tenant, TenantBackups } from '../model/index.ts';
import type { TrackContext } from './context.ts';
import { backupGate, DEFAULT_BACKUP_RULE, type BackupGate } from './backups.ts';

const byTenant = new WeakMap<readonly TenantBackups[], Map<string, TenantBackups>>();
const bySource = new WeakMap<readonly SourceStatus[], Map<string, SourceStatus>>();

function index<T, V>(
  cache: WeakMap<readonly T[], Map<string, V>>,
  list: readonly T[],
  key: (t: T) => string,
  v: (t: T) => V,
) {
  let m = cache.get(list);
  if (!m) cache.set(list, (m = new Map(list.map((t) => [key(t), v(t)]))));
  return m;
}

export function backupGateFor(
  ctx: TrackContext,
  s: PlannedSystem,
  stage: Stage,
  tenants: readonly Tenant[],
): BackupGate | null {
  const all = ctx.obs.backups;
  if (!all || !tenants.length) return null;
  const backups = index(
    byTenant,
    all,
    (b) => `${b.cluster}/${b.namespace}`,
    (b) => b,
  );
  const sources = index(
    bySource,
    ctx.obs.sources,
    (x) => x.id,
    (x) => x,
  );
  const evidence = tenants.flatMap((t) => {
    const b = backups.get(`${t.cluster}/${t.namespace}`);
    return b ? [b] : [];
  });
  return backupGate({
    level: s.mlps.level,
    stage,
    tenants: evidence,
    clusterSource: (cluster) => sources.get(`kubernetes/${cluster}`),
    now: ctx.now,
    rule: ctx.config.backups ?? DEFAULT_BACKUP_RULE,
  });
}
