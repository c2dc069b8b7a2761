// Who stands for which party in a request's trial run (三方确认): the department that asked, the
// data bureau (the reviewing operators who work across both networks) and the cloud provider (the
// operations team of the request's network). The party follows from the account, never from a
// choice in a form, so one person cannot confirm for a party that is not theirs.
import { can, type Viewer } from '../auth/policy.ts';
import type { TrialParty } from './lifecycle.ts';

export function partyOf(v: Viewer, r: { network: string }): TrialParty | null {
  if (!can(v, 'requests.confirm')) return null;
  if (v.role === 'department') return 'department';
  if (!can(v, 'requests.decide')) return null;
  if (!v.network) return 'bureau';
  return v.network === r.network ? 'provider' : null;
}
