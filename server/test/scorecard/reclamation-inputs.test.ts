// The reclamation indicator's figures: the proposals whose answer was due in the month, for a unit
// and every unit above it, and how many were answered by their deadline (a lapse is not in time).
import { describe, expect, it } from 'vitest';
import type { PlanIndex } from '@yunqian/plan';
import { reclamationOf, type ProposalDeadline } from '../../src/scorecard/inputs.ts';
import { scoreMonth, DEFAULT_SCORECARD_RULES } from '../../src/scorecard/score.ts';

// A county under a city under the province; a department beside the city.
const index = {
  org: new Map([
    ['province', { ancestors: [] }],
    ['city-a', { ancestors: ['province'] }],
    ['county-a1', { ancestors: ['province', 'city-a'] }],
    ['gat', { ancestors: ['province'] }],
  ]),
} as unknown as PlanIndex;

const p = (department: string, contestBy: string, answeredAt: string | null): ProposalDeadline => ({
  department,
  contestBy,
  answeredAt,
});
const proposals = [
  p('county-a1', '2026-10-09T16:00:00.000Z', '2026-10-08T02:00:00.000Z'), // answered in time
  p('county-a1', '2026-10-20T16:00:00.000Z', null), // lapsed
  p('city-a', '2026-10-31T15:59:59.000Z', '2026-11-02T01:00:00.000Z'), // answered late
  p('gat', '2026-10-15T16:00:00.000Z', '2026-10-15T16:00:00.000Z'), // on the deadline: in time
  p('gat', '2026-11-03T16:00:00.000Z', null), // due next month: not October's
];

describe('the reclamation indicator', () => {
  it('counts the month’s deadlines per unit, rolled up, and those answered by them', () => {
    expect(reclamationOf('county-a1', '2026-10', index, proposals)).toEqual({
      proposals: 2,
      settledInTime: 1,
    });
    expect(reclamationOf('city-a', '2026-10', index, proposals)).toEqual({ proposals: 3, settledInTime: 1 });
    expect(reclamationOf('gat', '2026-10', index, proposals)).toEqual({ proposals: 1, settledInTime: 1 });
    expect(reclamationOf('province', '2026-10', index, proposals)).toEqual({
      proposals: 4,
      settledInTime: 2,
    });
    expect(reclamationOf('gat', '2026-11', index, proposals)).toEqual({ proposals: 1, settledInTime: 0 });
  });

  it('scores them: one of three in time is 33.3', () => {
    const s = scoreMonth(
      {
        migration: { migrated: 0, inScope: 0, targetRate: null },
        onTime: { due: 0, onTime: 0 },
        efficiency: null,
        security: { openGates: 0, drift: 0, filingMissing: 0, assessmentOverdue: 0 },
        reclamation: reclamationOf('city-a', '2026-10', index, proposals),
      },
      DEFAULT_SCORECARD_RULES,
    );
    expect(s.indicators.find((x) => x.id === 'reclamation')!.score).toBe(33.3);
  });
});
