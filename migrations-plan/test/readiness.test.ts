// The readiness verdict: each rule fires on its answers alone, archetypes give what a system leaves
// blank (its own answer wins), and a missing required answer means not assessed.
import { describe, expect, it } from 'vitest';
import {
  READINESS_RULES,
  readinessOf,
  riskWords,
  type Archetype,
  type ReadinessAnswers,
} from '../src/readiness/index.ts';

const system = { id: 'czt-portal', strategy: 'rehost' as const, mlps: { level: 3 } };
const clean: Required<Omit<ReadinessAnswers, 'interfaceList'>> & Pick<ReadinessAnswers, 'interfaceList'> = {
  os: '银河麒麟 V10',
  osXinchuang: 'adapted',
  database: '达梦 DM8',
  databaseXinchuang: 'adapted',
  middleware: '东方通 TongWeb 7',
  middlewareXinchuang: 'adapted',
  dataVolumeGiB: 300,
  downtimeHours: 4,
  rollbackPlan: true,
  interfaces: 2,
  interfaceList: '统一身份认证；支付平台',
  mlpsStatus: 'assessed',
};
const verdictOf = (answers: ReadinessAnswers, s: Parameters<typeof readinessOf>[0] = system) =>
  readinessOf(s, { answers }, []);
const rules = (answers: ReadinessAnswers, s?: Parameters<typeof readinessOf>[0]) =>
  verdictOf(answers, s).risks.map((r) => r.rule);

describe('readinessOf', () => {
  it('is ready when every answer is given and no rule fires', () => {
    expect(verdictOf(clean)).toMatchObject({ verdict: 'ready', risks: [], missing: [] });
  });

  it('is not assessed without answers, or with a required one missing (and says which)', () => {
    expect(readinessOf(system, null, [])).toMatchObject({
      verdict: 'not-assessed',
      missing: expect.arrayContaining(['os', 'mlpsStatus']),
    });
    const { rollbackPlan: _, ...noRollback } = clean;
    expect(verdictOf(noRollback)).toMatchObject({ verdict: 'not-assessed', missing: ['rollbackPlan'] });
  });

  it('blocks a component not adapted to 信创 when the software moves as it is, and only conditions it when it is rebuilt', () => {
    expect(verdictOf({ ...clean, databaseXinchuang: 'not-adapted' })).toMatchObject({
      verdict: 'not-ready',
      risks: [
        {
          rule: 'xinchuang-not-adapted',
          severity: 'blocking',
          params: { component: 'database', product: '达梦 DM8' },
        },
      ],
    });
    const refactor = { ...system, strategy: 'refactor' as const };
    expect(verdictOf({ ...clean, databaseXinchuang: 'not-adapted' }, refactor).verdict).toBe(
      'ready-with-conditions',
    );
    expect(rules({ ...clean, osXinchuang: 'adapting', middlewareXinchuang: 'adapting' })).toEqual([
      'xinchuang-adapting',
      'xinchuang-adapting',
    ]);
  });

  it('blocks without a rollback plan, and a level-3 system never assessed', () => {
    expect(rules({ ...clean, rollbackPlan: false })).toEqual(['no-rollback-plan']);
    expect(verdictOf({ ...clean, mlpsStatus: 'not-assessed' }).verdict).toBe('not-ready');
    expect(verdictOf({ ...clean, mlpsStatus: 'in-progress' }).verdict).toBe('ready-with-conditions');
    // A level-2 system not yet assessed is a condition, a level-1 one nothing.
    expect(rules({ ...clean, mlpsStatus: 'not-assessed' }, { ...system, mlps: { level: 2 } })).toEqual([
      'mlps-in-progress',
    ]);
    expect(rules({ ...clean, mlpsStatus: 'not-assessed' }, { ...system, mlps: { level: 1 } })).toEqual([]);
  });

  it('conditions data that cannot be copied in the allowed downtime, many interfaces, and interfaces not listed', () => {
    expect(rules({ ...clean, dataVolumeGiB: 800, downtimeHours: 4 })).toEqual([]);
    expect(rules({ ...clean, dataVolumeGiB: 801, downtimeHours: 4 })).toEqual(['data-exceeds-downtime']);
    expect(rules({ ...clean, downtimeHours: 0 })).toEqual(['data-exceeds-downtime']);
    expect(rules({ ...clean, interfaces: 11 })).toEqual(['many-interfaces']);
    const { interfaceList: _, ...unlisted } = clean;
    expect(rules(unlisted)).toEqual(['interfaces-unlisted']);
    expect(rules({ ...unlisted, interfaces: 0 })).toEqual([]);
  });

  it('inherits from the archetype field by field; the system’s own answer wins', () => {
    const archetype: Archetype = {
      id: 'portal-kylin-dm',
      name: { zh: '门户网站', en: 'Portal' },
      answers: { ...clean, rollbackPlan: false },
    };
    const r = readinessOf(
      system,
      { archetype: archetype.id, answers: { rollbackPlan: true, dataVolumeGiB: 10 } },
      [archetype],
    );
    expect(r).toMatchObject({ verdict: 'ready', archetype: 'portal-kylin-dm' });
    expect(r.effective).toMatchObject({ rollbackPlan: true, dataVolumeGiB: 10, os: '银河麒麟 V10' });
    expect(r.from).toMatchObject({ rollbackPlan: 'system', dataVolumeGiB: 'system', os: 'archetype' });
    expect(readinessOf(system, { archetype: archetype.id, answers: {} }, [archetype]).verdict).toBe(
      'not-ready',
    );
    // An archetype that does not exist gives nothing.
    expect(readinessOf(system, { archetype: 'gone', answers: {} }, [archetype]).verdict).toBe('not-assessed');
  });

  it('states every rule in both languages and fills its words from the risk', () => {
    for (const r of READINESS_RULES) {
      expect(r.words.zh.length).toBeGreaterThan(5);
      expect(r.words.en.length).toBeGreaterThan(5);
    }
    const [risk] = verdictOf({ ...clean, databaseXinchuang: 'not-adapted' }).risks;
    expect(riskWords(risk!, 'zh')).toBe(
      '数据库（达梦 DM8）未完成信创适配，且迁移方式沿用现有软件：适配完成前不能上信创云。',
    );
    expect(riskWords(risk!, 'en')).toContain('The database (达梦 DM8) is not adapted');
  });
});
