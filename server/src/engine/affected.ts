// Which systems a change concerns: those with a tenant in a namespace that changed (labelled for
// them before the change or after it), and those named outright (a sign-off or blocker changed).
// Only these are evaluated again.
import type { Tenant } from '../model/index.ts';

const keyOf = (t: Pick<Tenant, 'cluster' | 'namespace'>) => `${t.cluster}/${t.namespace}`;

/** "cluster/namespace" → the system its labels name (tenants without a system are left out). */
export function systemsByNamespace(tenants: readonly Tenant[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of tenants) if (t.system) m.set(keyOf(t), t.system);
  return m;
}

export function affectedSystems(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  changed: readonly { cluster: string; namespaces: ReadonlySet<string> }[],
  named: ReadonlySet<string>,
): Set<string> {
  const ids = new Set(named);
  for (const c of changed)
    for (const ns of c.namespaces)
      for (const m of [before, after]) {
        const id = m.get(`${c.cluster}/${ns}`);
        if (id) ids.add(id);
      }
  return ids;
}
