// Maps a stack's resources to the tenants it declares: each Kubernetes Namespace with Yunqian's
// tenant labels, and the ResourceQuota declared in it.
import type { DeclaredTenant, Network } from '../../model/index.ts';
import { amounts } from '../kubernetes/trim.ts';
import { tenantLabels } from '../kubernetes/tenancy.ts';
import type { StackState } from './diy.ts';

interface K8sMeta {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { hard?: Record<string, string> };
}

export function declaredTenants(state: StackState, backend: string, labelPrefix: string): DeclaredTenant[] {
  const keys = tenantLabels(labelPrefix);
  const resources = (state.deployment.resources ?? []).filter((r) => !r.delete);
  const quotas = new Map<string, Record<string, string>>();
  for (const r of resources) {
    if (r.type !== 'kubernetes:core/v1:ResourceQuota') continue;
    const o = (r.outputs ?? r.inputs ?? {}) as K8sMeta;
    if (o.metadata?.namespace && o.spec?.hard) quotas.set(o.metadata.namespace, o.spec.hard);
  }
  const out: DeclaredTenant[] = [];
  for (const r of resources) {
    if (r.type !== 'kubernetes:core/v1:Namespace') continue;
    const o = (r.outputs ?? r.inputs ?? {}) as K8sMeta;
    const name = o.metadata?.name;
    const labels = o.metadata?.labels ?? {};
    if (!name) continue;
    const net = labels[keys.network];
    const quota = quotas.get(name);
    out.push({
      backend,
      stack: `${state.project}/${state.stack}`,
      network: net === 'internal' || net === 'external' ? (net as Network) : null,
      namespace: name,
      department: labels[keys.department] ?? null,
      system: labels[keys.system] ?? null,
      quota: quota ? amounts(quota) : null,
      updatedAt: r.modified ?? state.modifiedAt,
    });
  }
  return out;
}
