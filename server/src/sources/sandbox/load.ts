// What each sandbox tenant requests and uses at a given moment: one function feeds both the
// sandbox's Kubernetes (quota status) and its Prometheus (kube-state-metrics and cAdvisor
// series), so the two sources tell the same story. Amounts are cores and bytes.
import type { Plan, PlannedSystem } from '@yunqian/plan';
import { hash, milestones } from './timeline.ts';
import { handEdits, namespaceFor, placement, quotaHard, SANDBOX_CLUSTERS } from './clusters.ts';

const GiB = 2 ** 30;
const DAY = 86_400_000;

export interface TenantLoad {
  cluster: string;
  namespace: string;
  requests: { cpu: number; memory: number };
  usage: { cpu: number; memory: number };
  quotaHard: { cpu: number; memory: number };
  /** Bytes of persistent volume claims. */
  storage: number;
}

/** Nodes per sandbox cluster and each node's allocatable: sized so the external network runs short in the plan. */
export const SANDBOX_NODES: Record<string, number> = {
  'nw-core': 22,
  'nw-office': 18,
  'ww-services': 40,
  'ww-data': 30,
};
export const NODE_ALLOCATABLE = { cpu: 63, memory: 250 * GiB };
export const NODE_CAPACITY = { cpu: 64, memory: 256 * GiB };

/** Shared platform namespaces each sandbox cluster runs, with what they request and use. */
export const PLATFORM_LOAD: Record<string, { cpu: number; memory: number; usageShare: number }> = {
  'kube-system': { cpu: 6, memory: 24 * GiB, usageShare: 0.4 },
  monitoring: { cpu: 8, memory: 48 * GiB, usageShare: 0.6 },
  'ingress-nginx': { cpu: 4, memory: 8 * GiB, usageShare: 0.3 },
};

/** Systems that have used their whole quota (the tracker flags them). */
export const quotaFull = (s: PlannedSystem) => s.id.length % 29 === 0;

const round = (x: number, step: number) => Math.round(x / step) * step;

/** A tenant's load once its workloads are deployed; null before (or for systems not moving). */
export function tenantLoad(s: PlannedSystem, at: number): TenantLoad | null {
  if (s.strategy === 'retire' || s.strategy === 'retain') return null;
  if (at < milestones(s).deployed) return null;
  const h = hash(s.id);
  const hard = quotaHard(s);
  const hardCpu = Number(hard['requests.cpu']);
  const hardMem = parseInt(hard['requests.memory']!, 10) * GiB;
  const full = quotaFull(s);
  const cpu = full ? hardCpu : round(s.resources.cpu * (0.5 + (h % 41) / 100), 0.1);
  const memory = full
    ? hardMem
    : round(s.resources.memoryGiB * (0.45 + ((h >>> 8) % 41) / 100) * GiB, 2 ** 20);
  // CPU use is steady (a counter's rate); memory moves a little from day to day.
  const day = Math.floor(at / DAY);
  const wobble = 1 + 0.1 * Math.sin(day + (h % 7));
  return {
    cluster: placement(s).id,
    namespace: namespaceFor(s),
    requests: { cpu, memory },
    usage: {
      cpu: round(cpu * (0.1 + ((h >>> 12) % 70) / 100), 0.001),
      memory: round(memory * (0.3 + ((h >>> 16) % 50) / 100) * wobble, 2 ** 20),
    },
    // kube-state-metrics reports the live quota, hand edits included.
    quotaHard: { cpu: hardCpu + (handEdits(s).raisedQuota ? 4 : 0), memory: hardMem },
    storage: round(s.resources.storageGiB * 0.6 * GiB, 2 ** 20),
  };
}

/** Platform namespaces' load (no quota). */
export function platformLoads(at: number): TenantLoad[] {
  const day = Math.floor(at / DAY);
  return SANDBOX_CLUSTERS.flatMap((c) =>
    Object.entries(PLATFORM_LOAD).map(([namespace, p]) => ({
      cluster: c.id,
      namespace,
      requests: { cpu: p.cpu, memory: p.memory },
      usage: {
        cpu: round(p.cpu * p.usageShare, 0.001),
        memory: round(p.memory * p.usageShare * (1 + 0.05 * Math.sin(day)), 2 ** 20),
      },
      quotaHard: { cpu: 0, memory: 0 },
      storage: namespace === 'monitoring' ? 500 * GiB : 0,
    })),
  );
}

/** Every namespace's load at a moment: tenants of the plan plus the platform. */
export function provinceLoad(plan: Plan, at: number): TenantLoad[] {
  const out: TenantLoad[] = [];
  for (const s of plan.systems) {
    const l = tenantLoad(s, at);
    if (l) out.push(l);
  }
  return out.concat(platformLoads(at));
}
