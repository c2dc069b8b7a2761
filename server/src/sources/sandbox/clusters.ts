import type { Cluster } from '../../model/index.ts';
import { DEFAULT_TENANT_SETTINGS, quotaHardFor, tenantSpec, type PlannedSystem } from '@yunqian/plan';
import { hash } from './timeline.ts';

export const SANDBOX_CLUSTERS: Cluster[] = [
  {
    id: 'nw-core',
    network: 'internal',
    name: { zh: '内网核心集群', en: 'Internal core cluster' },
    maxMlps: 4,
  },
  {
    id: 'nw-office',
    network: 'internal',
    name: { zh: '内网办公集群', en: 'Internal office cluster' },
    maxMlps: 3,
  },
  {
    id: 'ww-services',
    network: 'external',
    name: { zh: '外网政务服务集群', en: 'External services cluster' },
    maxMlps: 3,
  },
  {
    id: 'ww-data',
    network: 'external',
    name: { zh: '外网数据集群', en: 'External data cluster' },
    maxMlps: 3,
  },
];

/** Level-4 systems go to the cluster rated for them; the rest spread by a stable hash. */
export function placement(s: PlannedSystem): Cluster {
  const candidates = SANDBOX_CLUSTERS.filter((c) => c.network === s.network && c.maxMlps >= s.mlps.level);
  const pool = candidates.length ? candidates : SANDBOX_CLUSTERS.filter((c) => c.network === s.network);
  return pool[hash(s.id) % pool.length]!;
}

/** One namespace per system, named by its (plan-wide unique, DNS-safe) id. */
export const namespaceFor = (s: PlannedSystem) => s.id;

/** The sandbox's tenant program: the shared tenant spec with the default settings. */
export function sandboxTenant(s: PlannedSystem, labelPrefix: string, orgName: (id: string) => string) {
  return tenantSpec(
    s,
    { ...DEFAULT_TENANT_SETTINGS, labelPrefix },
    { department: orgName(s.department), system: s.name.zh },
  );
}

/** The quota the sandbox's tenant program declares (the plan estimate with 20% headroom). */
export const quotaHard = (s: PlannedSystem) => quotaHardFor(s, DEFAULT_TENANT_SETTINGS.quotaHeadroom);

/**
 * Where the sandbox's live clusters differ from the code, as real ones do: a few tenants lost a
 * policy or binding to hand edits, a few had their quota raised by hand.
 */
export const handEdits = (s: PlannedSystem) => ({
  droppedEgressPolicy: s.network === 'internal' && hash(s.id) % 19 === 3,
  droppedRoleBinding: hash(s.id) % 41 === 0,
  raisedQuota: hash(s.id) % 37 === 1,
});
