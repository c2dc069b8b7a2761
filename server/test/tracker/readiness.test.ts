// Readiness blockers on the sample plan: a system of a wave opening within the horizon is blocked
// while not assessed or not ready, and not before the horizon, nor once the wave has opened; the
// plan's retained systems and a source without answers are not judged.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadPlanDir, type ReadinessAnswers } from '@yunqian/plan';
import { track } from '../../src/tracker/index.ts';
import { DEFAULT_TRACKER_CONFIG } from '../../src/tracker/config.ts';
import type { Observations, ReadinessRows } from '../../src/model/index.ts';

const { plan } = await loadPlanDir(fileURLToPath(new URL('../../../migrations-plan', import.meta.url)));
const w5 = plan!.waves.find((w) => w.id === 'w5')!;
const inW5 = plan!.systems.filter((s) => s.wave === 'w5');
const moving = inW5.find((s) => s.strategy === 'rehost')!;
const retained = inW5.find((s) => s.strategy === 'retain' || s.strategy === 'retire');

const complete: ReadinessAnswers = {
  os: '统信 UOS 20',
  osXinchuang: 'adapted',
  database: '人大金仓 KingbaseES V8',
  databaseXinchuang: 'adapted',
  middleware: '无',
  middlewareXinchuang: 'not-applicable',
  dataVolumeGiB: 50,
  downtimeHours: 8,
  rollbackPlan: true,
  interfaces: 0,
  mlpsStatus: 'assessed',
};

function trackedAt(day: string, readiness: ReadinessRows | undefined, id = moving.id) {
  const obs: Observations = {
    clusters: [],
    sources: [],
    tenants: [],
    declared: null,
    traffic: null,
    signoffs: [],
    blockers: [],
    readiness,
  };
  const state = track(plan!, obs, new Date(`${day}T08:00:00Z`), DEFAULT_TRACKER_CONFIG);
  return state.systems.find((s) => s.id === id)!;
}
const blockersAt = (day: string, readiness: ReadinessRows | undefined, id = moving.id) =>
  trackedAt(day, readiness, id).blockers.filter((b) => b.kind === 'readiness');
const none: ReadinessRows = { answers: [], archetypes: [] };

describe('readiness blockers', () => {
  it('blocks an unassessed system of a wave opening within 30 days, and names the wave', () => {
    expect(w5.start).toBe('2027-01-01');
    expect(blockersAt('2026-12-10', none)).toEqual([
      { kind: 'readiness', code: 'not-assessed', params: { wave: 'w5', opens: '2027-01-01', missing: 11 } },
    ]);
    // Before the horizon, and once the wave has opened, the assessment is not what blocks it.
    expect(blockersAt('2026-11-25', none)).toEqual([]);
    expect(blockersAt('2027-01-01', none)).toEqual([]);
    // A source that holds no people's answers judges nothing.
    expect(blockersAt('2026-12-10', undefined)).toEqual([]);
  });

  it('lifts it when assessed ready (also through an archetype), and blocks a system not ready', () => {
    const answered = (answers: ReadinessAnswers, archetype?: string): ReadinessRows => ({
      answers: [{ system: moving.id, ...(archetype ? { archetype } : {}), answers }],
      archetypes: [{ id: 'std', name: { zh: '标准', en: 'Standard' }, answers: complete }],
    });
    expect(blockersAt('2026-12-10', answered(complete))).toEqual([]);
    expect(blockersAt('2026-12-10', answered({ dataVolumeGiB: 10 }, 'std'))).toEqual([]);
    // The verdict travels with the tracked system (the wave planner reads it); unanswered: none.
    expect(trackedAt('2026-12-10', answered(complete)).readiness).toBe('ready');
    expect(trackedAt('2026-12-10', answered({ rollbackPlan: false }, 'std')).readiness).toBe('not-ready');
    expect(trackedAt('2026-12-10', none).readiness).toBe(undefined);
    expect(blockersAt('2026-12-10', answered({ rollbackPlan: false }, 'std'))).toEqual([
      {
        kind: 'readiness',
        code: 'not-ready',
        params: { wave: 'w5', opens: '2027-01-01', rules: 'no-rollback-plan' },
      },
    ]);
  });

  it('does not judge systems the plan keeps or retires', () => {
    if (retained) expect(blockersAt('2026-12-10', none, retained.id)).toEqual([]);
    expect(retained).toBeDefined();
  });
});
