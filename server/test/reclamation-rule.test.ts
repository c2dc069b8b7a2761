// The reclamation rule on its own: idle only when both resources stay below the share; the quota
// kept is keepHeadroom × the quantile of use rounded up to whole cores and GiB, at least one of
// each, never above the quota; nothing proposed when nothing would be taken.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECLAMATION_RULES as R, GiB, isIdle, proposalFor } from '../src/reclamation/rule.ts';

const reading = (o: Partial<Parameters<typeof proposalFor>[0]> = {}) => ({
  cpuShare: 0.1,
  memoryShare: 0.2,
  cpuUse: 0.5,
  memoryUse: 1.5 * GiB,
  quota: { cpu: 8, memoryGiB: 16 },
  ...o,
});

describe('reclamation rule', () => {
  it('is idle only when CPU and memory both stay below the share', () => {
    expect(isIdle(reading(), R)).toBe(true);
    expect(isIdle(reading({ cpuShare: 0.3 }), R)).toBe(false);
    expect(isIdle(reading({ memoryShare: 0.31 }), R)).toBe(false);
  });

  it('keeps 1.2 × the quantile of use, rounded up, at least one core and one GiB', () => {
    expect(proposalFor(reading(), R)).toEqual({ cpu: 1, memoryGiB: 2, reduceCpu: 7, reduceMemoryGiB: 14 });
    expect(proposalFor(reading({ cpuUse: 2.5, memoryUse: 2.5 * GiB }), R)).toMatchObject({
      cpu: 3, // 1.2 × 2.5 = 3.0000000000000004 in binary: still 3
      memoryGiB: 3,
    });
    expect(proposalFor(reading({ cpuUse: 0, memoryUse: 0 }), R)).toMatchObject({ cpu: 1, memoryGiB: 1 });
  });

  it('proposes nothing when the quota is already what it keeps, or the tenant is busy', () => {
    expect(proposalFor(reading({ quota: { cpu: 1, memoryGiB: 2 } }), R)).toBeNull();
    expect(proposalFor(reading({ cpuShare: 0.9 }), R)).toBeNull();
    // Only one resource to take back: the other is kept as it is.
    expect(proposalFor(reading({ quota: { cpu: 1, memoryGiB: 16 } }), R)).toEqual({
      cpu: 1,
      memoryGiB: 2,
      reduceCpu: 0,
      reduceMemoryGiB: 14,
    });
  });
});
