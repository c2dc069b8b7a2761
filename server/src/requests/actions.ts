// What the viewer may do to a request now: the acts whose checks (requests/checks.ts) would pass
// for them, with the permission each needs. The request's page offers these and no others; the
// store runs the same checks when the act arrives.
import { can, type Viewer } from '../auth/policy.ts';
import type { Request } from '../store/request-transition.ts';
import type { Lifecycle } from './lifecycle.ts';
import { partyOf } from './parties.ts';
import {
  byApplicantWhilePending,
  canAccept,
  canConfirmTrial,
  canPassTest,
  canRelease,
  canReview,
} from './checks.ts';

export const REQUEST_ACTIONS = [
  'amend',
  'withdraw',
  'accept',
  'decide',
  'passTest',
  'confirmTrial',
  'release',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export function actionsFor(
  v: Viewer | null,
  r: Request,
  o: { level: string | null | undefined; now: Date; lifecycle: Lifecycle },
): RequestAction[] {
  if (!v) return [];
  const party = partyOf(v, r);
  const allowed: Record<RequestAction, boolean> = {
    amend: can(v, 'requests.create') && !byApplicantWhilePending(r, v.id, 'amend'),
    withdraw: can(v, 'requests.create') && !byApplicantWhilePending(r, v.id, 'withdraw'),
    accept: can(v, 'requests.decide') && !canAccept(r, v.id, o.level),
    decide: can(v, 'requests.decide') && !canReview(r, v.id, o.level),
    passTest: party === 'department' && !canPassTest(r, o.now),
    confirmTrial: !!party && !canConfirmTrial(r, v.id, party, o.now, o.lifecycle),
    release: can(v, 'requests.decide') && !canRelease(r),
  };
  return REQUEST_ACTIONS.filter((a) => allowed[a]);
}
