// In the sandbox there are no accounts: a visitor picks a demo role (and unit, and network) in the
// console, carried in a cookie as `role:unit:network`. Real deployments use the identity module;
// this resolver is only wired in when the sandbox is on.
import { NETWORKS, type Network } from '../model/network.ts';
import { placementOf, ROLES, type Role, type Viewer } from './policy.ts';
import { cookieValue } from './cookies.ts';

export const DEMO_COOKIE = 'yq-demo';

export function sandboxViewer(cookieHeader: string | undefined): Viewer {
  const [role, unit, net] = (cookieValue(cookieHeader, DEMO_COOKIE) ?? '').split(':');
  const r = (ROLES as readonly string[]).includes(role ?? '') ? (role as Role) : 'leader';
  const network = (NETWORKS as readonly string[]).includes(net ?? '') ? (net as Network) : null;
  let placement: ReturnType<typeof placementOf>;
  try {
    placement = placementOf(r, unit || null, network);
  } catch {
    placement = { department: null, network: null };
  }
  // Each demo user is itself in the audit trail and on sign-offs (not one shared id): a city's
  // operator is not the province's.
  const who = ['demo', r, placement.department, placement.network].filter(Boolean).join('-');
  return {
    id: who,
    name: who.replace(/^demo-/, 'demo '),
    role: r,
    department: placement.department ?? undefined,
    network: placement.network ?? undefined,
  };
}
