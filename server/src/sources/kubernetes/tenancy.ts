// Which department and system a namespace belongs to: Yunqian's own labels first, then the
// tenancy labels of Capsule and Rancher through a configured mapping, so a cloud that already
// uses them works on day one.
import type { Network } from '../../model/index.ts';
import type { NamespaceRec } from './trim.ts';

export interface TenantMapping {
  department: string;
  system?: string | undefined;
}

export interface TenancyConfig {
  labelPrefix: string;
  capsule: Record<string, TenantMapping>;
  rancher: Record<string, TenantMapping>;
}

export const DEFAULT_TENANCY: TenancyConfig = { labelPrefix: 'yunqian.gov.cn', capsule: {}, rancher: {} };

export interface Resolution {
  department: string;
  system: string | null;
  network: Network | null;
  via: 'labels' | 'capsule' | 'rancher';
}

export const tenantLabels = (prefix: string) => ({
  department: `${prefix}/department`,
  system: `${prefix}/system`,
  network: `${prefix}/network`,
  departmentName: `${prefix}/department-name`,
  systemName: `${prefix}/system-name`,
});

export function resolveTenant(ns: NamespaceRec, cfg: TenancyConfig): Resolution | null {
  const keys = tenantLabels(cfg.labelPrefix);
  const label = ns.labels[keys.department];
  const network = ns.labels[keys.network];
  const net = network === 'internal' || network === 'external' ? network : null;
  if (label)
    return { department: label, system: ns.labels[keys.system] ?? null, network: net, via: 'labels' };
  const capsule = ns.labels['capsule.clastix.io/tenant'];
  const fromCapsule = capsule ? cfg.capsule[capsule] : undefined;
  if (fromCapsule)
    return {
      department: fromCapsule.department,
      system: fromCapsule.system ?? null,
      network: net,
      via: 'capsule',
    };
  const project = ns.annotations['field.cattle.io/projectId'] ?? ns.labels['field.cattle.io/projectId'];
  const fromRancher = project
    ? (cfg.rancher[project] ?? cfg.rancher[project.split(':').at(-1) ?? ''])
    : undefined;
  if (fromRancher)
    return {
      department: fromRancher.department,
      system: fromRancher.system ?? null,
      network: net,
      via: 'rancher',
    };
  return null;
}
