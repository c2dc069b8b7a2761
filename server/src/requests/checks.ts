// Who may do what to a request at its step, as pure checks: the store runs them inside the
// transaction and throws what they return; the request's page runs the same ones to offer only the
// acts that would be accepted. One copy of each rule.
import type { Request } from '../store/request-transition.ts';
import { FourEyesError, OutOfTurnError, TooEarlyError, WrongStepError } from '../store/errors.ts';
import { TRIAL_PARTIES, trialEarliest, type Lifecycle, type StepName, type TrialParty } from './lifecycle.ts';

export type Refusal = Error | null;

/** An act at another step than the request's (or on a request no longer pending). */
export function atStep(r: Request, step: StepName, status = 'pending'): Refusal {
  return r.status !== status || r.step !== step
    ? new WrongStepError(
        `resource request ${r.id} is ${r.status} at ${r.step}, not ${status} at ${step}`,
        r.step,
      )
    : null;
}

/** Four eyes: who asked never accepts, reviews nor decides. */
const notTheApplicant = (r: Request, by: string): Refusal =>
  r.requestedBy === by
    ? new FourEyesError(`${by} asked for resource request ${r.id} and cannot decide it`, 'own-request')
    : null;

/** Only the one who asked changes or withdraws a request, and only while it is undecided. */
export function byApplicantWhilePending(r: Request, by: string, act: string): Refusal {
  if (r.requestedBy !== by)
    return new FourEyesError(`only ${r.requestedBy} may ${act} request ${r.id}`, 'not-own-request');
  return r.status !== 'pending'
    ? new WrongStepError(`resource request ${r.id} is ${r.status}`, r.step)
    : null;
}

/** 受理: at the request's first level (the province's where it has none), never by who asked. */
export function canAccept(r: Request, by: string, level: string | null | undefined): Refusal {
  const first = r.reviewLevels[0];
  return (
    notTheApplicant(r, by) ??
    atStep(r, 'accept') ??
    (first !== undefined && first !== level
      ? new OutOfTurnError(`resource request ${r.id} is accepted at ${first}`, first)
      : null)
  );
}

/** 审核: at the awaited level's turn, by someone who has not reviewed it already. */
export function canReview(r: Request, by: string, level: string | null | undefined): Refusal {
  const awaiting = r.reviewLevels[r.reviewStep];
  return (
    notTheApplicant(r, by) ??
    atStep(r, 'review') ??
    (awaiting !== undefined && awaiting !== level
      ? new OutOfTurnError(`resource request ${r.id} awaits the review of ${awaiting}`, awaiting)
      : null) ??
    (r.reviews.some((x) => x.by === by)
      ? new FourEyesError(`${by} already reviewed resource request ${r.id}`, 'reviewed-already')
      : null)
  );
}

/** 测试: passed before its resources lapse. */
export function canPassTest(r: Request, now: Date): Refusal {
  return (
    atStep(r, 'test', 'live') ??
    (r.dueAt && r.dueAt < now
      ? new WrongStepError(
          `resource request ${r.id}'s test resources lapsed at ${r.dueAt.toISOString()}`,
          r.step,
        )
      : null)
  );
}

/** The trial run's confirmations so far (of its current run). */
export const trialConfirmations = (r: Request) =>
  r.trail.filter(
    (e) => e.step === 'trial' && e.outcome === 'confirmed' && e.at >= r.stepStartedAt.toISOString(),
  );

/** 试运行: after its minimum days, once per party, each party by a different person. */
export function canConfirmTrial(r: Request, by: string, party: TrialParty, now: Date, l: Lifecycle): Refusal {
  const wrong = atStep(r, 'trial', 'live');
  if (wrong) return wrong;
  const earliest = trialEarliest(r.stepStartedAt, l);
  if (now < earliest)
    return new TooEarlyError(
      `resource request ${r.id}'s trial run may be confirmed from ${earliest.toISOString()}`,
      earliest,
    );
  const confirmed = trialConfirmations(r);
  if (confirmed.some((e) => e.by === by))
    return new FourEyesError(`${by} already confirmed request ${r.id}'s trial run`, 'confirmed-already');
  if (confirmed.some((e) => e.party === party))
    return new WrongStepError(
      `request ${r.id}'s trial run is already confirmed for the ${party} party`,
      r.step,
    );
  return null;
}

/** Whether `party`'s confirmation would complete the trial run. */
export const completesTrial = (r: Request, party: TrialParty) => {
  const parties = new Set([...trialConfirmations(r).map((e) => e.party), party]);
  return TRIAL_PARTIES.every((p) => parties.has(p));
};

/** Granted resources (approved or live) are what can be released. */
export const GRANTED = ['approved', 'live'];
export const canRelease = (r: Request): Refusal =>
  GRANTED.includes(r.status)
    ? null
    : new WrongStepError(`resource request ${r.id} is not granted (${r.status})`, r.step);

/** Throws a refusal (inside the store's transaction). */
export function enforce(refusal: Refusal): void {
  if (refusal) throw refusal;
}
