// One pass over a system's workloads, shared by the stage steps and the health rule.
import type { Tenant } from '../model/index.ts';

export interface WorkloadSummary {
  /** All workloads, including those scaled to zero. */
  total: number;
  /** Workloads that want at least one replica. */
  desired: number;
  /** Of those, how many have fewer ready replicas than desired. */
  belowDesired: number;
  /** Of those, how many have no ready replica at all. */
  noneReady: number;
  /** Of those, how many are not (yet) counted as ready: below desired or without a ready-since time. */
  notReady: number;
  /** The latest ready-since among the wanted workloads ('' if none). */
  readySince: string;
}

export const NO_WORKLOADS: WorkloadSummary = {
  total: 0,
  desired: 0,
  belowDesired: 0,
  noneReady: 0,
  notReady: 0,
  readySince: '',
};

export function summariseWorkloads(tenants: readonly Tenant[]): WorkloadSummary {
  const s: WorkloadSummary = {
    total: 0,
    desired: 0,
    belowDesired: 0,
    noneReady: 0,
    notReady: 0,
    readySince: '',
  };
  for (const t of tenants) {
    for (const w of t.workloads) {
      s.total++;
      if (w.desired <= 0) continue;
      s.desired++;
      if (w.ready < w.desired) s.belowDesired++;
      if (w.ready === 0) s.noneReady++;
      if (w.ready < w.desired || !w.readySince) s.notReady++;
      else if (w.readySince > s.readySince) s.readySince = w.readySince;
    }
  }
  return s;
}
