// The readiness verdict (上云就绪评估): a pure function of a system, its answers and the archetypes,
// with every rule stated in words beside its test. The API returns the rules that fired and the
// console shows them as they are; the tracker and the wave planner read the same verdict.
import type { PlannedSystem } from '../plan.ts';
import {
  ANSWER_FIELDS,
  REQUIRED_FIELDS,
  type AnswerField,
  type Archetype,
  type ReadinessAnswers,
  type SystemAnswers,
} from './questionnaire.ts';

export const VERDICTS = ['ready', 'ready-with-conditions', 'not-ready', 'not-assessed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A risk raises a condition (ready with conditions) or blocks (not ready). */
export type RiskSeverity = 'condition' | 'blocking';

/** Data copied per hour of downtime in a plain cut-over (about 0.5 Gbit/s sustained, with checks). */
export const COPY_GIB_PER_HOUR = 200;
/** More external interfaces than this need a cut-over plan of their own. */
export const MANY_INTERFACES = 10;

export interface ReadinessRule {
  id: string;
  severity: RiskSeverity;
  /** The rule in words, with {placeholders} filled from the risk's params. */
  words: { zh: string; en: string };
}

export interface Risk {
  rule: string;
  severity: RiskSeverity;
  params: Record<string, string | number>;
}

export interface ReadinessResult {
  verdict: Verdict;
  risks: Risk[];
  /** Required answers neither the system nor its archetype gives (why it is not assessed). */
  missing: AnswerField[];
  /** The answers in force: the archetype's, overridden field by field by the system's own. */
  effective: ReadinessAnswers;
  /** Where each answer in force comes from. */
  from: Partial<Record<AnswerField, 'system' | 'archetype'>>;
  /** The archetype inherited from, when it exists. */
  archetype: string | null;
}

type System = Pick<PlannedSystem, 'id' | 'strategy' | 'mlps'>;

interface RuleCheck extends ReadinessRule {
  /** The params of each time the rule fires (none: it does not). */
  check(s: System, a: Required<ReadinessAnswers>): Record<string, string | number>[];
}

const COMPONENTS = [
  { field: 'osXinchuang', name: 'os', zh: '操作系统', en: 'operating system' },
  { field: 'databaseXinchuang', name: 'database', zh: '数据库', en: 'database' },
  { field: 'middlewareXinchuang', name: 'middleware', zh: '中间件', en: 'middleware' },
] as const;

/** Strategies that keep the system's software as it is on the cloud (the 信创 stack must run it). */
const KEEPS_SOFTWARE = new Set(['rehost', 'replatform']);

const RULES: RuleCheck[] = [
  {
    id: 'xinchuang-not-adapted',
    severity: 'blocking',
    words: {
      zh: '{component}（{product}）未完成信创适配，且迁移方式沿用现有软件：适配完成前不能上信创云。',
      en: 'The {component} ({product}) is not adapted to the 信创 stack and the strategy keeps the current software: it cannot move to the 信创 cloud until adapted.',
    },
    check: (s, a) =>
      KEEPS_SOFTWARE.has(s.strategy)
        ? COMPONENTS.filter((c) => a[c.field] === 'not-adapted').map((c) => ({
            component: c.name,
            product: a[c.name],
          }))
        : [],
  },
  {
    id: 'xinchuang-adapting',
    severity: 'condition',
    words: {
      zh: '{component}（{product}）信创适配尚在进行：割接前须完成适配验证。',
      en: 'The {component} ({product}) is still being adapted to the 信创 stack: the adaptation must be verified before cut-over.',
    },
    check: (s, a) =>
      COMPONENTS.filter(
        (c) => a[c.field] === 'adapting' || (!KEEPS_SOFTWARE.has(s.strategy) && a[c.field] === 'not-adapted'),
      ).map((c) => ({ component: c.name, product: a[c.name] })),
  },
  {
    id: 'no-rollback-plan',
    severity: 'blocking',
    words: {
      zh: '没有回退方案：割接失败时无法恢复原系统，须先制定回退方案。',
      en: 'No rollback plan: a failed cut-over could not return to the current system; a rollback plan comes first.',
    },
    check: (_s, a) => (a.rollbackPlan ? [] : [{}]),
  },
  {
    id: 'mlps-not-assessed',
    severity: 'blocking',
    words: {
      zh: '等保{level}级系统尚未开展等保测评：上云前须完成测评。',
      en: 'An MLPS level {level} system has not been assessed: the assessment must be done before it moves.',
    },
    check: (s, a) => (s.mlps.level >= 3 && a.mlpsStatus === 'not-assessed' ? [{ level: s.mlps.level }] : []),
  },
  {
    id: 'mlps-in-progress',
    severity: 'condition',
    words: {
      zh: '等保{level}级系统测评尚未完成：割接前须取得测评结论。',
      en: 'The MLPS level {level} assessment is not finished: its conclusion is needed before cut-over.',
    },
    check: (s, a) =>
      a.mlpsStatus === 'in-progress' ||
      (s.mlps.level < 3 && s.mlps.level >= 2 && a.mlpsStatus === 'not-assessed')
        ? [{ level: s.mlps.level }]
        : [],
  },
  {
    id: 'data-exceeds-downtime',
    severity: 'condition',
    words: {
      zh: '数据量 {dataVolumeGiB} GiB 在允许停机 {downtimeHours} 小时内无法整体迁移（约每小时 {rate} GiB）：须先做增量同步。',
      en: '{dataVolumeGiB} GiB of data cannot be copied within the allowed {downtimeHours} hours of downtime (about {rate} GiB an hour): sync incrementally first.',
    },
    check: (_s, a) =>
      a.dataVolumeGiB > a.downtimeHours * COPY_GIB_PER_HOUR
        ? [{ dataVolumeGiB: a.dataVolumeGiB, downtimeHours: a.downtimeHours, rate: COPY_GIB_PER_HOUR }]
        : [],
  },
  {
    id: 'many-interfaces',
    severity: 'condition',
    words: {
      zh: '有 {interfaces} 个外部接口（超过 {limit} 个）：须逐一确认割接顺序与对端切换。',
      en: '{interfaces} external interfaces (more than {limit}): each one’s cut-over order and switch-over at the other end must be agreed.',
    },
    check: (_s, a) =>
      a.interfaces > MANY_INTERFACES ? [{ interfaces: a.interfaces, limit: MANY_INTERFACES }] : [],
  },
  {
    id: 'interfaces-unlisted',
    severity: 'condition',
    words: {
      zh: '有 {interfaces} 个外部接口但未列出清单：须补充接口清单。',
      en: '{interfaces} external interfaces but no list of them: the list is needed.',
    },
    check: (_s, a) => (a.interfaces > 0 && !a.interfaceList ? [{ interfaces: a.interfaces }] : []),
  },
];

/** The rules, in words, in the order they are checked (the console lists them; the README too). */
export const READINESS_RULES: readonly ReadinessRule[] = RULES.map(({ id, severity, words }) => ({
  id,
  severity,
  words,
}));

/** The answers in force: the archetype's, each overridden by the system's own when it gives one. */
export function effectiveAnswers(
  own: SystemAnswers | null | undefined,
  archetypes: ReadonlyMap<string, Archetype> | readonly Archetype[],
): Pick<ReadinessResult, 'effective' | 'from' | 'archetype'> {
  const byId = Array.isArray(archetypes)
    ? new Map((archetypes as readonly Archetype[]).map((a) => [a.id, a]))
    : (archetypes as ReadonlyMap<string, Archetype>);
  const archetype = own?.archetype ? (byId.get(own.archetype) ?? null) : null;
  const effective: Record<string, unknown> = {};
  const from: ReadinessResult['from'] = {};
  for (const f of ANSWER_FIELDS) {
    const mine = own?.answers[f];
    const inherited = archetype?.answers[f];
    if (mine !== undefined) {
      effective[f] = mine;
      from[f] = 'system';
    } else if (inherited !== undefined) {
      effective[f] = inherited;
      from[f] = 'archetype';
    }
  }
  return { effective: effective as ReadinessAnswers, from, archetype: archetype?.id ?? null };
}

/**
 * A system's readiness: not assessed while a required answer is missing; else not ready when a
 * blocking rule fires, ready with conditions when only conditions do, and ready when none does.
 */
export function readinessOf(
  system: System,
  answers: SystemAnswers | null | undefined,
  archetypes: ReadonlyMap<string, Archetype> | readonly Archetype[],
): ReadinessResult {
  const base = effectiveAnswers(answers, archetypes);
  const missing = REQUIRED_FIELDS.filter((f) => base.effective[f] === undefined);
  if (missing.length) return { verdict: 'not-assessed', risks: [], missing, ...base };
  const a = { interfaceList: '', ...base.effective } as Required<ReadinessAnswers>;
  const risks: Risk[] = RULES.flatMap((r) =>
    r.check(system, a).map((params) => ({ rule: r.id, severity: r.severity, params })),
  );
  const verdict: Verdict = risks.some((r) => r.severity === 'blocking')
    ? 'not-ready'
    : risks.length
      ? 'ready-with-conditions'
      : 'ready';
  return { verdict, risks, missing, ...base };
}

/** A rule's words for a risk, its placeholders filled (the API sends these to the console). */
export function riskWords(risk: Risk, locale: 'zh' | 'en'): string {
  const rule = RULES.find((r) => r.id === risk.rule);
  if (!rule) return risk.rule;
  const componentWords = (v: string | number) => COMPONENTS.find((c) => c.name === v)?.[locale] ?? String(v);
  return rule.words[locale].replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = risk.params[k];
    if (v === undefined) return `{${k}}`;
    return k === 'component' ? componentWords(v) : String(v);
  });
}
