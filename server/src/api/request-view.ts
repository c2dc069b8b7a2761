// A resource request as every console view shows it: the stored row, the system's name, its
// lifecycle's steps with who did what and when, and the current step's clock. The list, the page
// and the live event that patches them are built here, so they cannot differ; the console shows
// these and computes none of them.
import type { Request } from '../store/requests.ts';
import type { StepEvent } from '../store/schema.ts';
import type { LocalizedName, Network } from '../model/index.ts';
import type { WorkCalendar } from '../store/calendar.ts';
import {
  clockAt,
  isOverdue,
  stepsOf,
  TRIAL_PARTIES,
  trialEarliest,
  type Lifecycle,
  type StepName,
} from '../requests/lifecycle.ts';

/** What the views need to know of the province's rules. */
export interface ViewRules {
  calendar: WorkCalendar;
  lifecycle: Lifecycle;
}

/** Where a request stands at one of its steps. */
export type StepState = 'done' | 'current' | 'upcoming' | 'stopped' | 'skipped';

/** The request stopped at its step (refused, rejected, withdrawn, its test lapsed, released). */
const STOPPED = ['rejected', 'withdrawn', 'expired', 'released'];

function stepsView<Name>(r: Request, now: Date, rules: ViewRules, unitName: (id: string) => Name) {
  const steps = stepsOf(r.kind, rules.lifecycle);
  const at = steps.indexOf(r.step);
  const stopped = STOPPED.includes(r.status);
  const named = (e: StepEvent) => ({ ...e, levelName: e.level ? unitName(e.level) : null });
  return steps.map((step, i) => {
    const state: StepState =
      i < at
        ? 'done'
        : i > at
          ? stopped
            ? 'skipped'
            : 'upcoming'
          : stopped
            ? 'stopped'
            : step === 'online'
              ? 'done'
              : 'current';
    const events = r.trail.filter((e) => e.step === step).map(named);
    const current = state === 'current';
    return {
      step,
      state,
      events,
      startedAt: current ? r.stepStartedAt : null,
      /** The step's clock while it is the current one (none for the trial run). */
      clock: current ? clockAt(step, r.dueAt, now, rules.lifecycle, rules.calendar) : null,
      /** A trial run: from when the parties may confirm, and who has for each party. */
      trial:
        step === 'trial' && (current || state === 'done')
          ? {
              earliest: current ? trialEarliest(r.stepStartedAt, rules.lifecycle) : null,
              parties: TRIAL_PARTIES.map((party) => ({
                party,
                confirmed: events.find((e) => e.outcome === 'confirmed' && e.party === party) ?? null,
              })),
            }
          : null,
    };
  });
}

export function requestView<Name>(
  r: Request,
  systemName: (id: string) => Name,
  now: Date,
  rules: ViewRules,
  unitName: (id: string) => Name = systemName,
) {
  const awaited = r.status === 'pending' && r.step === 'review' ? r.reviewLevels[r.reviewStep] : undefined;
  const steps = stepsView(r, now, rules, unitName);
  const clock = steps.find((s) => s.state === 'current')?.clock ?? null;
  return {
    ...r,
    systemName: systemName(r.system),
    steps,
    /** The current step's clock (null when it has none, or the request is done). */
    clock,
    /** Working days left at a step with a working-day clock (negative: overdue); null otherwise. */
    workingDaysLeft: clock?.unit === 'workingDays' ? clock.left : null,
    overdue: isOverdue(r, now),
    /** The level whose review a pending request awaits (step of all), null without levels. */
    awaiting:
      awaited === undefined
        ? null
        : { unit: awaited, name: unitName(awaited), step: r.reviewStep + 1, of: r.reviewLevels.length },
    /** The levels' reviews so far, each with its unit's name. */
    reviews: r.reviews.map((x) => ({ ...x, levelName: unitName(x.level) })),
  };
}

export type RequestView = ReturnType<typeof requestView<LocalizedName | null>>;
export type { StepName };

/** The view with the system's and units' names from a catalog (the viewer's, or the province-wide one). */
export const requestViewIn = (
  catalog: {
    plannedAnyName(id: string): { name: LocalizedName } | undefined;
    orgName(id: string): LocalizedName | null;
  },
  r: Request,
  now: Date,
  rules: ViewRules,
) =>
  requestView(
    r,
    (id) => catalog.plannedAnyName(id)?.name ?? null,
    now,
    rules,
    (id) => catalog.orgName(id),
  );

/** The live event that tells consoles in the request's department and network that it changed. */
export const requestEvent = (request: RequestView) => ({
  kind: 'requests' as const,
  id: request.id,
  department: request.department,
  network: request.network as Network,
  status: request.status,
  request,
});
