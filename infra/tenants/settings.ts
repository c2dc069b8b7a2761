// A network stack's settings, from Pulumi stack config (`Pulumi.<stack>.yaml`), checked up front
// so a typo stops the update with the key's name instead of provisioning the wrong thing.
import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_TENANT_SETTINGS, type ApprovedIncrease, type TenantSettings } from '@yunqian/plan';

export interface StackSettings extends TenantSettings {
  network: 'internal' | 'external';
  /** kubeconfig context of the network's cluster; unset = the current context. */
  kubeContext: string | undefined;
  /** The plan folder (the same one the server reads). */
  planDir: string;
  approvedRequests: ApprovedIncrease[];
}

export function readSettings(config = new pulumi.Config('yunqian-tenants')): StackSettings {
  const network = config.require('network');
  if (network !== 'internal' && network !== 'external')
    throw new Error(`yunqian-tenants:network must be "internal" or "external", not "${network}"`);
  const quotaHeadroom = config.getNumber('quotaHeadroom') ?? DEFAULT_TENANT_SETTINGS.quotaHeadroom;
  if (!(quotaHeadroom >= 1)) throw new Error('yunqian-tenants:quotaHeadroom must be at least 1');
  // Approvals come inline, or from the reviewed file `yunqian requests export` writes.
  const file = config.get('approvedRequestsFile');
  const approved = [
    ...(config.getObject<ApprovedIncrease[]>('approvedRequests') ?? []),
    ...(file ? ((parseYaml(readFileSync(file, 'utf8')) as ApprovedIncrease[] | null) ?? []) : []),
  ];
  for (const [i, a] of approved.entries())
    if (
      typeof a?.system !== 'string' ||
      ![a.cpu, a.memoryGiB, a.storageGiB].every((x) => typeof x === 'number' && x >= 0)
    )
      throw new Error(
        `yunqian-tenants:approvedRequests[${i}] needs system, cpu, memoryGiB and storageGiB (≥ 0)`,
      );
  return {
    network,
    kubeContext: config.get('kubeContext'),
    planDir: config.get('planDir') ?? new URL('../../migrations-plan/', import.meta.url).pathname,
    labelPrefix: config.get('labelPrefix') ?? DEFAULT_TENANT_SETTINGS.labelPrefix,
    quotaHeadroom,
    ingressNamespace: config.get('ingressNamespace') ?? DEFAULT_TENANT_SETTINGS.ingressNamespace,
    departmentGroupPrefix:
      config.get('departmentGroupPrefix') ?? DEFAULT_TENANT_SETTINGS.departmentGroupPrefix,
    approvedRequests: approved,
  };
}
