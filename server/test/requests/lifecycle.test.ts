// Every step's clock on a fixed calendar: the 2026 National Day holiday (1–7 October, 5–7 off
// in exchange for two worked weekend days: Sunday 27 September and Saturday 10 October, 调休).
import { describe, expect, it } from 'vitest';
import {
  clockAt,
  DEFAULT_LIFECYCLE,
  dueOf,
  firstStep,
  isOverdue,
  stepAfter,
  stepsOf,
  trialEarliest,
  type Lifecycle,
} from '../../src/requests/lifecycle.ts';
import type { WorkCalendar } from '../../src/store/calendar.ts';

const CAL: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workingWeekends: ['2026-09-27', '2026-10-10'],
};
const L = DEFAULT_LIFECYCLE;
/** 10:00 in Beijing on an ISO date. */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('each step’s clock on the holiday calendar', () => {
  it('受理 (3 working days) skips the holiday and counts the worked Saturday', () => {
    // Applied Wednesday 30 September: Sat 3 and Sun 4 are weekends, 1–2 and 5–7 holidays; Thu 8,
    // Fri 9, Sat 10 (worked in exchange).
    expect(iso(dueOf('accept', at('2026-09-30'), L, CAL))).toBe(iso(at('2026-10-10')));
  });

  it('审核 (2 working days per level) counts the worked Sunday before the holiday', () => {
    // Friday 25 September: Sat 26 off, Sun 27 worked, Mon 28.
    expect(iso(dueOf('review', at('2026-09-25'), L, CAL))).toBe(iso(at('2026-09-28')));
  });

  it('开通 (2 working days) started on a holiday counts from the next working day', () => {
    expect(iso(dueOf('provision', at('2026-10-03', '15:30'), L, CAL))).toBe(iso(at('2026-10-09', '15:30')));
  });

  it('测试 (15 calendar days) counts holidays and weekends alike', () => {
    expect(iso(dueOf('test', at('2026-09-30'), L, CAL))).toBe(iso(at('2026-10-15')));
  });

  it('试运行 has no clock, only a minimum of 30 days before the parties may confirm', () => {
    expect(dueOf('trial', at('2026-09-30'), L, CAL)).toBeNull();
    expect(iso(trialEarliest(at('2026-09-30'), L))).toBe(iso(at('2026-10-30')));
    expect(dueOf('online', at('2026-09-30'), L, CAL)).toBeNull();
  });

  it('shows what is left in the step’s own unit, and lapses after the due moment', () => {
    const due = dueOf('accept', at('2026-09-30'), L, CAL)!;
    // On Thursday 1 October (a holiday), three working days are left: 8, 9 and 10.
    expect(clockAt('accept', due, at('2026-10-01'), L, CAL)).toMatchObject({
      unit: 'workingDays',
      left: 3,
      lapsed: false,
    });
    expect(clockAt('accept', due, at('2026-10-12'), L, CAL)).toMatchObject({ left: -1, lapsed: true });
    const testDue = dueOf('test', at('2026-09-30'), L, CAL)!;
    expect(clockAt('test', testDue, at('2026-10-14', '22:00'), L, CAL)).toMatchObject({
      unit: 'days',
      left: 1,
      lapsed: false,
    });
    expect(clockAt('test', testDue, at('2026-10-16'), L, CAL)).toMatchObject({ left: -1, lapsed: true });
    expect(clockAt('trial', null, at('2026-10-16'), L, CAL)).toBeNull();
  });

  it('counts what is left by dates, not by the hour: a minute after applying, all three days are left', () => {
    const applied = at('2026-12-02', '13:28');
    const due = dueOf('accept', applied, L, CAL)!;
    expect(iso(due)).toBe(iso(at('2026-12-07', '13:28')));
    expect(clockAt('accept', due, at('2026-12-02', '13:29'), L, CAL)).toMatchObject({ left: 3 });
    // On the due day itself, before the hour: nothing left, not yet late.
    expect(clockAt('accept', due, at('2026-12-07', '09:00'), L, CAL)).toMatchObject({
      left: 0,
      lapsed: false,
    });
  });

  it('calls late only a lapsed clock someone owes (acceptance, review, provisioning)', () => {
    const now = at('2026-10-12');
    const lapsed = at('2026-10-10');
    expect(isOverdue({ step: 'accept', status: 'pending', dueAt: lapsed }, now)).toBe(true);
    expect(isOverdue({ step: 'provision', status: 'approved', dueAt: lapsed }, now)).toBe(true);
    expect(isOverdue({ step: 'review', status: 'rejected', dueAt: lapsed }, now)).toBe(false);
    // A lapsed test is an expiry of its resources, not a delay of anyone's.
    expect(isOverdue({ step: 'test', status: 'live', dueAt: lapsed }, now)).toBe(false);
    expect(isOverdue({ step: 'review', status: 'pending', dueAt: at('2026-10-13') }, now)).toBe(false);
  });
});

describe('the steps each kind of request goes through', () => {
  it('follows the published order, as the province configures it', () => {
    expect(stepsOf('new', L)).toEqual(['accept', 'review', 'provision', 'test', 'trial', 'online']);
    expect(stepsOf('change', L)).toEqual(['accept', 'review', 'provision', 'online']);
    expect(stepsOf('exit', L)).toEqual(['accept', 'review', 'provision', 'online']);
    expect(stepAfter('new', 'provision', L)).toBe('test');
    expect(stepAfter('change', 'provision', L)).toBe('online');
    expect(stepAfter('new', 'trial', L)).toBe('online');
    // A province without a separate acceptance, and without a test for new systems.
    const lean: Lifecycle = { ...L, steps: { ...L.steps, new: ['trial', 'review', 'provision'] } };
    expect(firstStep('new', lean)).toBe('review');
    expect(stepsOf('new', lean)).toEqual(['review', 'provision', 'trial', 'online']);
    expect(stepAfter('new', 'provision', lean)).toBe('trial');
  });
});
