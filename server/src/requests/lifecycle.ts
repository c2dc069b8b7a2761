// The resource request's lifecycle as the published city and provincial rules describe it
// (Huangshan, Pingdingshan, Xinyu): apply (申请) → accept (受理) → review (审核, level by level) →
// provision (开通) → test (测试) → trial run (试运行, three parties confirm) → live (上线); a change
// (变更) and an exit (退出) are requests of their own kind with their own steps. Which steps a
// kind goes through, and each step's clock, are the province's configuration; the rules here are
// pure so the store, the views and the notifications read one copy.
import { addWorkingDays, workingDaysBetween, type WorkCalendar } from '../store/calendar.ts';

/** The steps after applying, in their order; `online` (上线) is where a request ends well. */
export const STEPS = ['accept', 'review', 'provision', 'test', 'trial', 'online'] as const;
export type StepName = (typeof STEPS)[number];
/** The steps a province may choose for a kind of request (every request ends online). */
export type ConfigurableStep = Exclude<StepName, 'online'>;

/** A request for a new system's resources, a change to a live system's, or its exit. */
export const KINDS = ['new', 'change', 'exit'] as const;
export type RequestKind = (typeof KINDS)[number];

/** The parties whose confirmations end a trial run (三方确认): each a different person. */
export const TRIAL_PARTIES = ['department', 'bureau', 'provider'] as const;
export type TrialParty = (typeof TRIAL_PARTIES)[number];

/** A step's clock: working days on the holiday calendar, or calendar days. */
export type Clock = { workingDays: number } | { calendarDays: number };

export interface Lifecycle {
  /** 受理: accept or refuse the application. */
  accept: { workingDays: number };
  /** 审核: per review level (county, city, province), the clock restarting at each. */
  review: { workingDays: number };
  /** 开通: from approval until the live quota carries the grant. */
  provision: { workingDays: number };
  /** 测试: test resources that expire by themselves at the end of it unless the test is passed. */
  test: { calendarDays: number };
  /** 试运行: the three parties confirm no earlier than this many days after it starts. */
  trial: { minimumDays: number };
  /** The steps each kind goes through (review and provision always; the rest as configured). */
  steps: Record<RequestKind, ConfigurableStep[]>;
}

/** The example rules' figures (Huangshan's 3 + 2 + 2 working days, 15 days of test, 30 of trial). */
export const DEFAULT_LIFECYCLE: Lifecycle = {
  accept: { workingDays: 3 },
  review: { workingDays: 2 },
  provision: { workingDays: 2 },
  test: { calendarDays: 15 },
  trial: { minimumDays: 30 },
  steps: {
    new: ['accept', 'review', 'provision', 'test', 'trial'],
    change: ['accept', 'review', 'provision'],
    exit: ['accept', 'review', 'provision'],
  },
};

/** The steps `kind` goes through in the lifecycle's order, ending with `online`. */
export function stepsOf(kind: RequestKind, l: Lifecycle): StepName[] {
  const chosen = new Set<StepName>(l.steps[kind]);
  return STEPS.filter((s) => s === 'online' || chosen.has(s));
}

/** Where a new request of `kind` starts: acceptance where the province has it, else review. */
export const firstStep = (kind: RequestKind, l: Lifecycle): StepName => stepsOf(kind, l)[0]!;

/** The step after `step` for `kind` (`online` after the last). */
export function stepAfter(kind: RequestKind, step: StepName, l: Lifecycle): StepName {
  const steps = stepsOf(kind, l);
  return steps[steps.indexOf(step) + 1] ?? 'online';
}

/** The clock of `step` (none for the trial run, which has a minimum instead, nor once live). */
export function clockOf(step: StepName, l: Lifecycle): Clock | null {
  switch (step) {
    case 'accept':
    case 'review':
    case 'provision':
      return l[step];
    case 'test':
      return l.test;
    default:
      return null;
  }
}

const DAY = 86_400_000;

/** When a step started at `from` is due (null: no clock). */
export function dueOf(step: StepName, from: Date, l: Lifecycle, calendar: WorkCalendar): Date | null {
  const c = clockOf(step, l);
  if (!c) return null;
  return 'workingDays' in c
    ? addWorkingDays(from, c.workingDays, calendar)
    : new Date(from.getTime() + c.calendarDays * DAY);
}

/** The earliest moment a trial run started at `from` may be confirmed. */
export const trialEarliest = (from: Date, l: Lifecycle) =>
  new Date(from.getTime() + l.trial.minimumDays * DAY);

/** A step's clock as a page shows it: what is left, in the unit the step counts in. */
export interface StepClock {
  due: Date;
  unit: 'workingDays' | 'days';
  /** Whole days left (negative once lapsed). */
  left: number;
  lapsed: boolean;
}

/** The clock of `step`, due at `due`, seen at `now`. */
export function clockAt(
  step: StepName,
  due: Date | null,
  now: Date,
  l: Lifecycle,
  calendar: WorkCalendar,
): StepClock | null {
  const c = clockOf(step, l);
  if (!c || !due) return null;
  const lapsed = due.getTime() < now.getTime();
  if ('workingDays' in c)
    return { due, unit: 'workingDays', left: workingDaysBetween(now, due, calendar), lapsed };
  const days = (due.getTime() - now.getTime()) / DAY;
  return { due, unit: 'days', left: lapsed ? Math.floor(days) : Math.ceil(days), lapsed };
}

/** The steps whose clock is an SLA someone owes (a lapsed test is an expiry, not a delay). */
const OWED: readonly StepName[] = ['accept', 'review', 'provision'];

/** Whether a request at `step`, due at `due`, is late at `now` (the one rule every count uses). */
export const isOverdue = (r: { step: StepName; dueAt: Date | null; status: string }, now: Date) =>
  (r.status === 'pending' || r.status === 'approved') &&
  OWED.includes(r.step) &&
  r.dueAt !== null &&
  r.dueAt < now;
