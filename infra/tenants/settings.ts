// A network stack's settings, from Pulumi stack config (`Pulumi.<stack>.yaml`), checked up front
// so a typo stops the update with the key's name instead of provisioning the wrong thing.
import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { parse as parseYaml } from 'yaml';
import {
  DEFAULT_TENANT_SETTINGS,
  increasesInForce,
  type ApprovedIncrease,
  type QuotaReduction,
  type TenantSettings,
} from '@yunqian/plan';

export interface StackSettings extends TenantSettings {
  network: 'internal' | 'external';
  /** kubeconfig context of the network's cluster; unset = the current context. */
  kubeContext: string | undefined;
  /** The plan folder (the same one the server reads). */
  planDir: string;
  /** The approved increases in force (test resources past their end already dropped). */
  approvedRequests: ApprovedIncrease[];
  /** Systems whose exit (退出) is approved: their tenants are removed. */
  exits: string[];
  /** Idle quota taken back (闲置资源回收): subtracted from the quota. */
  reductions?: QuotaReduction[] | undefined;
}

/** What `yunqian requests export` writes: the list alone (older files), or increases and exits. */
type Exported =
  | ApprovedIncrease[]
  | { approvedRequests?: ApprovedIncrease[]; exits?: { system: string }[]; reductions?: QuotaReduction[] }
  | null;

export function readSettings(
  config = new pulumi.Config('yunqian-tenants'),
  /** When `pulumi up` runs: test resources whose end has passed are not provisioned again. */
  now = new Date(),
): StackSettings {
  const network = config.require('network');
  if (network !== 'internal' && network !== 'external')
    throw new Error(`yunqian-tenants:network must be "internal" or "external", not "${network}"`);
  const quotaHeadroom = config.getNumber('quotaHeadroom') ?? DEFAULT_TENANT_SETTINGS.quotaHeadroom;
  if (!(quotaHeadroom >= 1)) throw new Error('yunqian-tenants:quotaHeadroom must be at least 1');
  // Approvals come inline, or from the reviewed file `yunqian requests export` writes.
  const file = config.get('approvedRequestsFile');
  const exported = (file ? parseYaml(readFileSync(file, 'utf8')) : null) as Exported;
  const approved = [
    ...(config.getObject<ApprovedIncrease[]>('approvedRequests') ?? []),
    ...(Array.isArray(exported) ? exported : (exported?.approvedRequests ?? [])),
  ];
  const exits = Array.isArray(exported) ? [] : (exported?.exits ?? []);
  const reductions = Array.isArray(exported) ? [] : (exported?.reductions ?? []);
  for (const [i, r] of reductions.entries())
    if (typeof r?.system !== 'string' || ![r.cpu, r.memoryGiB].every((x) => typeof x === 'number' && x >= 0))
      throw new Error(
        `yunqian-tenants:approvedRequestsFile reductions[${i}] needs system, cpu and memoryGiB (≥ 0)`,
      );
  for (const [i, e] of exits.entries())
    if (typeof e?.system !== 'string')
      throw new Error(`yunqian-tenants:approvedRequestsFile exits[${i}] needs system`);
  for (const [i, a] of approved.entries())
    if (
      typeof a?.system !== 'string' ||
      ![a.cpu, a.memoryGiB, a.storageGiB].every((x) => typeof x === 'number' && x >= 0)
    )
      throw new Error(
        `yunqian-tenants:approvedRequests[${i}] needs system, cpu, memoryGiB and storageGiB (≥ 0)`,
      );
    else if (a.expiresAt !== undefined && Number.isNaN(Date.parse(a.expiresAt)))
      throw new Error(`yunqian-tenants:approvedRequests[${i}].expiresAt is not a date: ${a.expiresAt}`);
  return {
    network,
    kubeContext: config.get('kubeContext'),
    planDir: config.get('planDir') ?? new URL('../../migrations-plan/', import.meta.url).pathname,
    labelPrefix: config.get('labelPrefix') ?? DEFAULT_TENANT_SETTINGS.labelPrefix,
    quotaHeadroom,
    ingressNamespace: config.get('ingressNamespace') ?? DEFAULT_TENANT_SETTINGS.ingressNamespace,
    departmentGroupPrefix:
      config.get('departmentGroupPrefix') ?? DEFAULT_TENANT_SETTINGS.departmentGroupPrefix,
    approvedRequests: increasesInForce(approved, now),
    exits: exits.map((e) => e.system),
    reductions,
  };
}
