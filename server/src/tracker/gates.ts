// Compliance gates: rules from the two-network model and MLPS 2.0 that a system's placement must
// satisfy. Each violation becomes a compliance blocker.
import { isolationBaseline, lackingDefaultDeny } from './baseline.ts';
import type { PlannedSystem } from '@yunqian/plan';
import type { Blocker, Tenant } from '../model/index.ts';
import type { TrackContext } from './context.ts';

const NO_TENANTS: Tenant[] = [];

export function complianceGates(
  ctx: TrackContext,
  s: PlannedSystem,
  tenants: Tenant[],
  out: Blocker[] = [],
): Blocker[] {
  const all = ctx.tenantsBySystem.get(s.id) ?? NO_TENANTS;
  if (s.classified) {
    const outside = all.filter((t) => t.network !== 'internal');
    if (s.network !== 'internal' || outside.length) {
      out.push({
        kind: 'compliance',
        code: 'classified-off-internal',
        params: { where: outside.map((t) => `${t.cluster}/${t.namespace}`).join(', ') || s.network },
      });
    }
  }
  for (const t of all) {
    const cluster = ctx.clusters.get(t.cluster);
    if (cluster && s.mlps.level > cluster.maxMlps) {
      out.push({
        kind: 'compliance',
        code: 'mlps-above-cluster',
        params: { cluster: t.cluster, level: s.mlps.level, max: cluster.maxMlps },
      });
    }
  }
  for (const t of tenants) {
    // Classified systems may not run without default-deny in both directions.
    const lacking = t.network === 'internal' ? lackingDefaultDeny(isolationBaseline(t)) : '';
    if (lacking) {
      out.push({
        kind: 'compliance',
        code: 'no-default-deny',
        params: { namespace: `${t.cluster}/${t.namespace}`, lacking },
      });
    }
  }
  for (const d of s.dependsOn) {
    const dep = ctx.index.system.get(d.system);
    if (dep && dep.network !== s.network && !d.channel) {
      out.push({
        kind: 'compliance',
        code: 'cross-network-without-channel',
        params: { dependency: d.system, network: dep.network },
      });
    }
  }
  return out;
}
