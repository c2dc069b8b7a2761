// Drift: what the stacks declare against what is live, per tenant. Each difference names what
// differs and both values, so an operator can decide which side is wrong.
import type { DeclaredTenant, ResourceAmounts, Tenant } from '../model/index.ts';

export const DRIFT_KINDS = [
  'declared-not-live',
  'live-not-declared',
  'quota-differs',
  'policy-missing',
  'policy-changed',
  'rolebinding-missing',
  'rolebinding-changed',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface Drift {
  kind: DriftKind;
  cluster: string | null;
  namespace: string;
  stack: string | null;
  department: string | null;
  system: string | null;
  params: Record<string, string | number>;
}

const QUOTA_KEYS: (keyof ResourceAmounts)[] = ['cpu', 'memory', 'storage', 'pods'];

/** Differences between one declared tenant and its live namespace (null: not live). */
export function tenantDrift(d: DeclaredTenant, live: Tenant | null): Drift[] {
  const at = (kind: DriftKind, params: Drift['params']): Drift => ({
    kind,
    cluster: live?.cluster ?? null,
    namespace: d.namespace,
    stack: d.stack,
    department: d.department,
    system: d.system,
    params,
  });
  if (!live) return [at('declared-not-live', { namespace: d.namespace, stack: d.stack })];
  const out: Drift[] = [];
  const where = `${live.cluster}/${live.namespace}`;
  if (d.quota)
    for (const k of QUOTA_KEYS) {
      const want = d.quota[k];
      if (want === undefined) continue;
      const have = live.quota?.hard[k];
      if (have !== want)
        out.push(
          at('quota-differs', { namespace: where, resource: k, declared: want, live: have ?? 'none' }),
        );
    }
  if (d.networkPolicies) {
    const liveByName = new Map(live.networkPolicies.map((p) => [p.name, p.digest]));
    for (const p of d.networkPolicies) {
      const digest = liveByName.get(p.name);
      if (digest === undefined) out.push(at('policy-missing', { namespace: where, policy: p.name }));
      else if (digest !== p.digest) out.push(at('policy-changed', { namespace: where, policy: p.name }));
    }
  }
  if (d.roleBindings) {
    const liveByName = new Map(live.roleBindings.map((b) => [b.name, b]));
    for (const b of d.roleBindings) {
      const l = liveByName.get(b.name);
      if (!l)
        out.push(
          at('rolebinding-missing', { namespace: where, binding: b.name, subjects: b.subjects.join(', ') }),
        );
      else if (l.roleRef !== b.roleRef || l.subjects.join() !== b.subjects.join())
        out.push(
          at('rolebinding-changed', {
            namespace: where,
            binding: b.name,
            declared: `${b.roleRef} → ${b.subjects.join(', ')}`,
            live: `${l.roleRef} → ${l.subjects.join(', ')}`,
          }),
        );
    }
  }
  return out;
}

/** The live tenant a declaration stands for: same namespace, on the declared network. */
export function liveFor(d: DeclaredTenant, live: readonly Tenant[]): Tenant | null {
  return live.find((t) => t.namespace === d.namespace && (!d.network || d.network === t.network)) ?? null;
}

/** Drift across the whole cloud, including live tenant namespaces no stack declares (unmanaged). */
export function findDrift(declared: readonly DeclaredTenant[], live: readonly Tenant[]): Drift[] {
  const out = declared.flatMap((d) => tenantDrift(d, liveFor(d, live)));
  const declaredKeys = new Set(declared.map((d) => `${d.network ?? '*'}/${d.namespace}`));
  for (const t of live)
    if (!declaredKeys.has(`${t.network}/${t.namespace}`) && !declaredKeys.has(`*/${t.namespace}`))
      out.push({
        kind: 'live-not-declared',
        cluster: t.cluster,
        namespace: t.namespace,
        stack: null,
        department: t.department,
        system: t.system,
        params: { namespace: `${t.cluster}/${t.namespace}` },
      });
  return out;
}
