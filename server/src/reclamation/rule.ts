// The rule of reclaiming idle resources (闲置资源回收), pure so the scan, the API and the tests read
// one copy: a tenant is idle when the chosen quantile of use ÷ request over the window stays below
// the idle share for CPU and for memory both (a tenant busy in either is left alone: its requests
// are what it needs for that one), and it keeps `keepHeadroom` × that quantile of its use, rounded
// up to whole cores and GiB, never less than one of each (a tenant is never reclaimed to nothing).
export interface ReclamationRules {
  /** Idle below this share of its requests (0.3 = 30 %). */
  idleShare: number;
  /** The quantile of the hourly points that must stay below it (0.95: 95 % of the hours). */
  quantile: number;
  /** The window, in days (7–30). */
  windowDays: number;
  /** Working days the department has to contest a proposal. */
  contestWorkingDays: number;
  /** The quota kept is this × the quantile of use. */
  keepHeadroom: number;
}

export const DEFAULT_RECLAMATION_RULES: ReclamationRules = {
  idleShare: 0.3,
  quantile: 0.95,
  windowDays: 14,
  contestWorkingDays: 5,
  keepHeadroom: 1.2,
};

export const GiB = 2 ** 30;

/** A tenant's reading over the window (cores and bytes). */
export interface TenantReading {
  /** The quantile of use ÷ request per hour. */
  cpuShare: number;
  memoryShare: number;
  /** The quantile of use per hour (cores, bytes). */
  cpuUse: number;
  memoryUse: number;
  /** The quota's hard limits now (cores, GiB), the tightest when several bind. */
  quota: { cpu: number; memoryGiB: number };
}

export interface Proposal {
  /** The quota proposed (whole cores, whole GiB). */
  cpu: number;
  memoryGiB: number;
  /** What it takes off the quota now (never negative). */
  reduceCpu: number;
  reduceMemoryGiB: number;
}

/** Whether the reading is idle by the rule. */
export const isIdle = (r: Pick<TenantReading, 'cpuShare' | 'memoryShare'>, rules: ReclamationRules) =>
  r.cpuShare < rules.idleShare && r.memoryShare < rules.idleShare;

// A product like 1.2 × 2.5 is 3.0000000000000004 in binary: round away the noise before ceil.
const ceilWhole = (x: number) => Math.max(1, Math.ceil(Math.round(x * 1e6) / 1e6));

/** The quota the rule keeps for an idle tenant; null when it keeps the whole quota already. */
export function proposalFor(r: TenantReading, rules: ReclamationRules): Proposal | null {
  if (!isIdle(r, rules)) return null;
  const cpu = Math.min(ceilWhole(rules.keepHeadroom * r.cpuUse), Math.ceil(r.quota.cpu));
  const memoryGiB = Math.min(
    ceilWhole((rules.keepHeadroom * r.memoryUse) / GiB),
    Math.ceil(r.quota.memoryGiB),
  );
  const reduceCpu = Math.max(0, r.quota.cpu - cpu);
  const reduceMemoryGiB = Math.max(0, r.quota.memoryGiB - memoryGiB);
  return reduceCpu > 0 || reduceMemoryGiB > 0 ? { cpu, memoryGiB, reduceCpu, reduceMemoryGiB } : null;
}
