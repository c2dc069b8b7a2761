// The wave planner on a plan small enough to reason about by hand: what a move breaks, what it does
// to the run-out and the forecast, and what the proposal may and may not do.
import { describe, expect, it } from 'vitest';
import type { Plan, PlannedSystem } from '@yunqian/plan';
import { analyse, PlanningBase, propose, changesOf, type PlanningInput } from '../../src/planning/index.ts';
import type { Stage } from '../../src/model/index.ts';

const GiB = 2 ** 30;

function sys(id: string, o: Partial<PlannedSystem> = {}): PlannedSystem {
  return {
    id,
    name: { zh: `系统${id}`, en: `System ${id}` },
    department: 'gat',
    network: 'external',
    classified: false,
    mlps: { level: 2, filing: 'x', assessed: undefined },
    strategy: 'rehost',
    wave: 'w2',
    start: '2027-01-10',
    cutover: '2027-03-01',
    resources: { cpu: 10, memoryGiB: 10, storageGiB: 0 },
    currentSite: { kind: 'machine-room', name: 'x' },
    dependsOn: [],
    contacts: [],
    file: 'systems/gat.yaml',
    ...o,
  };
}

function planOf(systems: PlannedSystem[]): Plan {
  return {
    organisations: [],
    waves: [
      { id: 'w1', name: { zh: '一', en: 'One' }, start: '2026-10-01', end: '2026-12-31' },
      { id: 'w2', name: { zh: '二', en: 'Two' }, start: '2027-01-01', end: '2027-06-30' },
      { id: 'w3', name: { zh: '三', en: 'Three' }, start: '2027-07-01', end: '2027-12-31' },
    ],
    targets: [{ id: 't', name: { zh: '目标', en: 'Target' }, rate: 0.5, by: '2027-03-31' }],
    scope: { excludeClassified: true, countApart: ['retire', 'retain'] },
    systems,
    digest: 'x',
  };
}

const input = (systems: PlannedSystem[], o: Partial<PlanningInput> = {}): PlanningInput => ({
  plan: planOf(systems),
  today: '2026-11-01',
  stages: new Map<string, Stage>(),
  headroom: new Map([
    ['external', { cpu: 25, memory: 25 * GiB }],
    ['internal', { cpu: 25, memory: 25 * GiB }],
  ]),
  ...o,
});

describe('what-if', () => {
  const systems = [
    sys('a', { start: '2027-02-01', cutover: '2027-03-01' }),
    sys('b', {
      start: '2027-02-01',
      cutover: '2027-03-15',
      dependsOn: [{ system: 'a', channel: undefined }],
    }),
    sys('c', { wave: 'w3', start: '2027-08-01', cutover: '2027-09-01' }),
  ];

  it('names the dependency it breaks, moves the run-out and the forecast, as a full analysis would', () => {
    const base = new PlanningBase(input(systems));
    expect(base.before.violations).toEqual([]);
    // Demand lands on each start: 10 + 10 by February, 30 > 25 in August.
    expect(base.before.networks.find((n) => n.network === 'external')!.runOut!.date).toBe('2027-08-01');
    expect(base.before.targets[0]).toMatchObject({ due: 2, counted: 3 });

    // c into the first wave, before a and b: the run-out comes forward to c's new start; b before a.
    const w = base.whatIf([
      { system: 'c', wave: 'w1', start: '2026-12-01', cutover: '2026-12-20' },
      { system: 'b', cutover: '2027-02-20' },
    ]);
    expect(w.after.networks.find((n) => n.network === 'external')!.runOut!.date).toBe('2027-02-01');
    expect(w.introduced).toEqual([
      {
        kind: 'dependency-order',
        system: 'b',
        cutover: '2027-02-20',
        dependency: 'a',
        dependencyCutover: '2027-03-01',
      },
    ]);
    expect(w.after.targets[0]).toMatchObject({ due: 3, counted: 3, forecast: 1, meets: true });
    expect(w.after).toEqual(analyse(base.input, w.plan));
    // Only the moved fields become a change to the file.
    expect(
      changesOf(base.input.plan, [{ system: 'c', wave: 'w1', start: '2026-12-01', cutover: '2026-12-20' }]),
    ).toEqual([
      {
        system: 'c',
        file: 'systems/gat.yaml',
        set: { wave: 'w1', start: '2026-12-01', cutover: '2026-12-20' },
      },
    ]);
  });

  it('a move to the other network without an exchange channel is a new cross-network edge; a channel makes it lawful', () => {
    const base = new PlanningBase(input(systems));
    expect(base.whatIf([{ system: 'a', network: 'internal' }]).introduced).toEqual([
      {
        kind: 'cross-network',
        system: 'b',
        network: 'external',
        dependency: 'a',
        dependencyNetwork: 'internal',
      },
    ]);
    const channelled = systems.map((s) =>
      s.id === 'b' ? { ...s, dependsOn: [{ system: 'a', channel: '交换平台' }] } : s,
    );
    expect(
      new PlanningBase(input(channelled)).whatIf([{ system: 'a', network: 'internal' }]).introduced,
    ).toEqual([]);
  });

  it('a wave without dates fits the system in, keeping its span', () => {
    const w = new PlanningBase(input(systems)).whatIf([{ system: 'c', wave: 'w2' }]);
    expect(w.plan.systems[2]).toMatchObject({ wave: 'w2', start: '2027-05-30', cutover: '2027-06-30' });
  });

  it('counts migrated systems and dates still ahead; a passed date without the cut-over promises nothing', () => {
    const late = [
      sys('a', { start: '2026-08-01', cutover: '2026-09-01' }),
      sys('b'),
      sys('m', { cutover: '2026-01-01' }),
    ];
    const a = analyse(input(late, { stages: new Map<string, Stage>([['m', 'migrated']]) }));
    expect(a.targets[0]).toMatchObject({ counted: 3, due: 2 });
  });
});

describe('the proposal', () => {
  it('re-dates a late system, keeps dependencies, stays within the headroom and leaves a not-ready system', () => {
    const systems = [
      sys('late', { wave: 'w1', start: '2026-09-01', cutover: '2026-10-01' }),
      // x depends on the late system: brought in by the target only after it.
      sys('x', {
        wave: 'w3',
        start: '2027-07-01',
        cutover: '2027-08-01',
        dependsOn: [{ system: 'late', channel: undefined }],
      }),
      sys('big', {
        wave: 'w3',
        start: '2027-08-01',
        cutover: '2027-09-01',
        resources: { cpu: 20, memoryGiB: 1, storageGiB: 0 },
      }),
      sys('nr', { wave: 'w3', start: '2027-09-01', cutover: '2027-10-01' }),
    ];
    const i = input(systems, {
      readiness: new Map([['nr', 'not-ready' as const]]),
      headroom: new Map([['external', { cpu: 35, memory: 35 * GiB }]]),
    });
    const p = propose(i);
    const by = new Map(p.moves.map((m) => [m.system, m]));
    expect(by.get('late')).toMatchObject({
      reason: 'late',
      wave: 'w1',
      start: '2026-11-01',
      cutover: '2026-12-01',
    });
    expect(by.get('x')).toMatchObject({
      reason: 'target',
      target: 't',
      wave: 'w2',
      cutover: '2027-03-31',
      readiness: 'not-assessed',
    });
    expect(by.get('x')!.cutover >= by.get('late')!.cutover).toBe(true);
    // 10 (late, landed today) + 10 (x) + 20 (big) would pass 35 in the months big would move across.
    expect(by.has('big')).toBe(false);
    expect(by.has('nr')).toBe(false);
    expect(p.capacityChecked).toBe(true);
    const w = new PlanningBase(i).whatIf(p.moves);
    expect(w.after.violations).toEqual([]);
    expect(w.after.targets[0]!.due).toBeGreaterThan(w.before.targets[0]!.due);
  });
});
