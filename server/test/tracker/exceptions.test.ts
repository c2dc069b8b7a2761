// Exceptions (不上云例外) in the tracker: one in force counts the system apart exactly as the plan's
// `retain` strategy does (and every roll-up with it), keeps it off its plan dates and says so in
// its evidence; once its last day has passed it is a blocker, and the system is back on its path.
import { describe, expect, it } from 'vitest';
import { track, retrack } from '../../src/tracker/index.ts';
import type { RetainException } from '../../src/model/index.ts';
import { NOW, obs, readyWorkload, tenant, testPlan } from './fixtures.ts';

const plan = testPlan();
const exception = (system: string, until: string, id = 1): RetainException => ({
  id,
  system,
  until,
  approvedBy: 'ops',
  approvedAt: '2026-06-01T08:00:00Z',
});
const at = (iso: string) => new Date(iso);

describe('an approved exception', () => {
  it('in force: retained, counted apart like `retain`, no plan date missed, evidence names it', () => {
    const before = track(plan, obs({ tenants: [tenant('app')] }), NOW);
    const after = track(
      plan,
      obs({ tenants: [tenant('app')], exceptions: [exception('app', '2026-12-31')] }),
      NOW,
    );
    const app = after.systems.find((s) => s.id === 'app')!;
    expect(app).toMatchObject({
      stage: 'retained',
      inScope: false,
      overdue: false,
      onTime: null,
      exception: { id: 1, until: '2026-12-31', approvedBy: 'ops' },
      waitingFor: null,
    });
    expect(app.evidence.at(-1)).toMatchObject({
      stage: 'retained',
      source: 'exception',
      code: 'retained-by-exception',
      params: { until: '2026-12-31', approvedBy: 'ops' },
      observedAt: '2026-06-01T08:00:00Z',
    });
    // The plan's own retained system counts the same way.
    const keep = after.systems.find((s) => s.id === 'keep')!;
    expect([keep.stage, keep.inScope]).toEqual([app.stage, app.inScope]);
    // One system fewer counted, everywhere it rolls up; the roll-ups say how many by exception.
    for (const pick of [
      (s: typeof after) => s.rollups.total,
      (s: typeof after) => s.rollups.departments.d1!,
      (s: typeof after) => s.rollups.departments.province!,
      (s: typeof after) => s.rollups.networks.internal,
      (s: typeof after) => s.rollups.waves.w1!,
    ]) {
      expect(pick(after).inScope).toBe(pick(before).inScope - 1);
      expect(pick(after).total).toBe(pick(before).total);
      expect(pick(after).excepted).toBe(1);
      expect(pick(before).excepted).toBe(0);
    }
    expect(after.rollups.departments.d2!.excepted).toBe(0);
  });

  it('holds through its last day (UTC) and is a blocker from the next, the system back on its path', () => {
    const o = obs({
      tenants: [tenant('app', { workloads: [readyWorkload()] })],
      exceptions: [exception('app', '2026-06-30')],
    });
    const last = track(plan, o, at('2026-06-30T23:59:59Z')).systems.find((s) => s.id === 'app')!;
    expect(last).toMatchObject({ stage: 'retained', inScope: false, blockers: [] });
    const next = track(plan, o, at('2026-07-02T08:00:00Z'));
    const app = next.systems.find((s) => s.id === 'app')!;
    expect(app.stage).toBe('serving'); // (no metrics source: running counts as serving)
    expect(app.inScope).toBe(true);
    expect(app.exception).toBeUndefined();
    expect(app.blockers).toContainEqual({
      kind: 'exception',
      code: 'exception-expired',
      params: { until: '2026-06-30', days: 2 },
      since: '2026-07-01T00:00:00.000Z',
    });
    expect(next.rollups.total.blocked).toBeGreaterThanOrEqual(1);
    expect(next.rollups.total.excepted).toBe(0);
  });

  it('no blocker for a system that migrated meanwhile, and none for the plan’s own retain or retire', () => {
    const signed = (kind: 'cut-over' | 'legacy-retired') => ({
      system: 'app',
      kind,
      signedBy: 'dept',
      signedAt: '2026-06-10T00:00:00Z',
      confirmedBy: 'ops',
      confirmedAt: '2026-06-10T01:00:00Z',
    });
    const migrated = track(
      plan,
      obs({
        tenants: [tenant('app', { workloads: [readyWorkload()] })],
        signoffs: [signed('cut-over'), signed('legacy-retired')],
        exceptions: [exception('app', '2026-01-31')],
      }),
      NOW,
    ).systems.find((s) => s.id === 'app')!;
    expect(migrated.stage).toBe('migrated');
    expect(migrated.blockers.filter((b) => b.kind === 'exception')).toEqual([]);
    const planned = track(
      plan,
      obs({ exceptions: [exception('keep', '2026-01-31', 2), exception('old', '2026-12-31', 3)] }),
      NOW,
    );
    for (const id of ['keep', 'old'])
      expect(
        planned.systems.find((s) => s.id === id)!.blockers.filter((b) => b.kind === 'exception'),
      ).toEqual([]);
    expect(planned.rollups.total.excepted).toBe(0);
  });

  it('retrack of the one system equals a full track', () => {
    const o = obs({ tenants: [tenant('app')] });
    const prev = track(plan, o, NOW);
    const withException = { ...o, exceptions: [exception('app', '2026-12-31')] };
    expect(retrack(prev, new Set(['app']), plan, withException, NOW)).toEqual(
      track(plan, withException, NOW),
    );
  });
});
