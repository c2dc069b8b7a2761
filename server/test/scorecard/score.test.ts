// The scorecard as a pure function of hand-made inputs and the published default weights
// (migration 40, on time 20, efficiency 15, security 20, reclamation 5): each rule's figure, the
// weighted total, and indicators without figures left out of the total (and its coverage).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD_RULES as RULES, scoreMonth, type MonthInputs } from '../../src/scorecard/score.ts';

const base: MonthInputs = {
  migration: { migrated: 6, inScope: 10, targetRate: 0.8 },
  onTime: { due: 4, onTime: 3 },
  efficiency: { usage: 30, request: 100 },
  security: { openGates: 1, drift: 1, filingMissing: 0, assessmentOverdue: 1 },
  reclamation: { proposals: 2, settledInTime: 1 },
};
const scores = (i: MonthInputs, rules = RULES) =>
  Object.fromEntries(scoreMonth(i, rules).indicators.map((x) => [x.id, x.score]));

describe('the department scorecard', () => {
  it('scores each indicator by its published rule', () => {
    expect(scores(base)).toEqual({
      migration: 75, // 0.6 ÷ 0.8
      onTime: 75, // 3 ÷ 4
      efficiency: 50, // 0.3 ÷ 0.6
      security: 60, // 100 − (1 gate + 1 drift) × 10 − 1 overdue assessment × 20
      reclamation: 50, // 1 ÷ 2
    });
  });

  it('weights them into the total: (40×75 + 20×75 + 15×50 + 20×60 + 5×50) ÷ 100', () => {
    const s = scoreMonth(base, RULES);
    expect(s.total).toBe(67);
    expect(s.coverage).toBe(1);
  });

  it('caps at full marks: ahead of the target, more efficient than the goal', () => {
    const s = scores({
      ...base,
      migration: { migrated: 9, inScope: 10, targetRate: 0.8 },
      efficiency: { usage: 90, request: 100 },
    });
    expect([s.migration, s.efficiency]).toEqual([100, 100]);
  });

  it('never scores security below zero', () => {
    expect(
      scores({ ...base, security: { openGates: 9, drift: 9, filingMissing: 9, assessmentOverdue: 9 } })
        .security,
    ).toBe(0);
  });

  it('leaves out what has no figures: no system due, no proposal, no usage read', () => {
    const s = scoreMonth(
      {
        ...base,
        onTime: { due: 0, onTime: 0 },
        efficiency: null,
        reclamation: { proposals: 0, settledInTime: 0 },
      },
      RULES,
    );
    expect(s.indicators.filter((x) => x.score === null).map((x) => x.id)).toEqual([
      'onTime',
      'efficiency',
      'reclamation',
    ]);
    // (40×75 + 20×60) ÷ 60
    expect(s.total).toBe(70);
    expect(s.coverage).toBeCloseTo(0.6, 10);
  });

  it('follows the province’s weights', () => {
    const onlyMigration = {
      ...RULES,
      weights: { migration: 1, onTime: 0, efficiency: 0, security: 0, reclamation: 0 },
    };
    expect(scoreMonth(base, onlyMigration).total).toBe(75);
  });

  it('has no total when nothing can be scored', () => {
    const none = {
      ...RULES,
      weights: { migration: 0, onTime: 0, efficiency: 0, security: 0, reclamation: 0 },
    };
    expect(scoreMonth(base, none).total).toBeNull();
  });
});
