// The department scorecard (考核): weighted indicators, each scored 0–100 from figures a month
// produced, by published rules. A pure function of its inputs and the province's weights, so a
// closed month recomputed from its frozen inputs gives the same scores and the same hash.
//
// The rules, as the README states them:
//  - migration  上云率达标: min(1, migration rate at month end ÷ the target's rate).
//  - onTime     按期完成率: systems cut over by their planned date ÷ those due.
//  - efficiency 资源使用效率: min(1, usage ÷ request ÷ the province's efficiency goal).
//  - security   安全合规: 100 − per-item deductions (open compliance gates and drift findings,
//               level-3+ systems without a filing number, assessments overdue), never below 0.
//  - reclamation 闲置回收: reclamation proposals settled in time ÷ proposals.
// An indicator without figures (no system due yet, no proposal, no usage read) is not scored and
// its weight is left out of the total, which says which share of the weights it covers.

export const INDICATORS = ['migration', 'onTime', 'efficiency', 'security', 'reclamation'] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface ScorecardRules {
  /** Relative weights (any positive scale; shown as shares of their sum). */
  weights: Record<Indicator, number>;
  /** usage ÷ request that scores full marks. */
  efficiencyGoal: number;
  /** Points taken off the security indicator per item. */
  deductions: { gateOrDrift: number; filingMissing: number; assessmentOverdue: number };
}

export const DEFAULT_SCORECARD_RULES: ScorecardRules = {
  weights: { migration: 40, onTime: 20, efficiency: 15, security: 20, reclamation: 5 },
  efficiencyGoal: 0.6,
  deductions: { gateOrDrift: 10, filingMissing: 20, assessmentOverdue: 20 },
};

/** What a unit's month produced: counts only, frozen when the month is closed. */
export interface MonthInputs {
  migration: { migrated: number; inScope: number; targetRate: number | null };
  onTime: { due: number; onTime: number };
  /** Core-hours used and requested over the month (or at closing); null when not read. */
  efficiency: { usage: number; request: number } | null;
  security: { openGates: number; drift: number; filingMissing: number; assessmentOverdue: number };
  reclamation: { proposals: number; settledInTime: number };
}

export interface IndicatorScore {
  id: Indicator;
  /** The measured figure (a share, or the deduction total for security); null when not scored. */
  value: number | null;
  /** 0–100, rounded to one decimal; null when not scored. */
  score: number | null;
  weight: number;
}

export interface Scorecard {
  indicators: IndicatorScore[];
  /** Weighted mean of the scored indicators, 0–100, one decimal; null when none is scored. */
  total: number | null;
  /** The share of the weights the scored indicators carry (1 when every indicator is scored). */
  coverage: number;
}

/** One decimal, computed on integers so that every platform rounds the same way. */
const oneDecimal = (x: number) => Math.round(x * 10) / 10;
const share = (num: number, den: number) => (den > 0 ? num / den : null);

function measure(
  id: Indicator,
  i: MonthInputs,
  r: ScorecardRules,
): { value: number | null; score: number | null } {
  switch (id) {
    case 'migration': {
      const rate = share(i.migration.migrated, i.migration.inScope);
      if (rate === null || !i.migration.targetRate) return { value: rate, score: null };
      return { value: rate, score: 100 * Math.min(1, rate / i.migration.targetRate) };
    }
    case 'onTime': {
      const v = share(i.onTime.onTime, i.onTime.due);
      return { value: v, score: v === null ? null : 100 * v };
    }
    case 'efficiency': {
      const v = i.efficiency ? share(i.efficiency.usage, i.efficiency.request) : null;
      return { value: v, score: v === null ? null : 100 * Math.min(1, v / r.efficiencyGoal) };
    }
    case 'security': {
      const s = i.security;
      const off =
        (s.openGates + s.drift) * r.deductions.gateOrDrift +
        s.filingMissing * r.deductions.filingMissing +
        s.assessmentOverdue * r.deductions.assessmentOverdue;
      return { value: off, score: Math.max(0, 100 - off) };
    }
    case 'reclamation': {
      const v = share(i.reclamation.settledInTime, i.reclamation.proposals);
      return { value: v, score: v === null ? null : 100 * v };
    }
  }
}

export function scoreMonth(inputs: MonthInputs, rules: ScorecardRules): Scorecard {
  const indicators = INDICATORS.map((id) => {
    const m = measure(id, inputs, rules);
    return {
      id,
      value: m.value,
      score: m.score === null ? null : oneDecimal(m.score),
      weight: rules.weights[id],
    };
  });
  const scored = indicators.filter((x) => x.score !== null);
  const all = indicators.reduce((a, x) => a + x.weight, 0);
  const carried = scored.reduce((a, x) => a + x.weight, 0);
  return {
    indicators,
    total: carried > 0 ? oneDecimal(scored.reduce((a, x) => a + x.weight * x.score!, 0) / carried) : null,
    coverage: all > 0 ? carried / all : 0,
  };
}
