// Who is calling: a session cookie (httpOnly, SameSite=Strict) for accounts, or — in the sandbox
// only — the demo role picker. Mutations must carry the session's CSRF token in a header.
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/db.ts';
import { IDLE_MS, sessionUser } from '../store/accounts.ts';
import { sandboxViewer } from './sandbox-identity.ts';
import type { Role, Viewer } from './policy.ts';
import type { Network } from '../model/network.ts';

import { CSRF_COOKIE, SESSION_COOKIE, cookieValue } from './cookies.ts';
export const CSRF_HEADER = 'x-csrf-token';

export const cookie = (req: FastifyRequest, name: string) => cookieValue(req.headers.cookie, name);

export interface Identity {
  viewer: Viewer | null;
  /** Signed in with an account (not a sandbox demo role). */
  signedIn: boolean;
  /** The CSRF token mutations must echo; null when there is nothing to protect (anonymous). */
  csrf: string | null;
  /** The account's sign-in before this session's (shown once), when signed in. */
  previousSignIn?: { at: string; address: string | null } | null;
}

export async function identify(
  req: FastifyRequest,
  store: Store,
  sandbox: boolean,
  idleMs = IDLE_MS,
): Promise<Identity> {
  const token = cookie(req, SESSION_COOKIE);
  if (token) {
    // Sessions count real time, as the person at the screen does (not the sandbox's clock).
    const found = await sessionUser(store.db, token, new Date(), idleMs);
    if (found)
      return {
        viewer: {
          id: found.user.username,
          name: found.user.displayName,
          role: found.user.role as Role,
          department: found.user.department ?? undefined,
          network: (found.user.network as Network | null) ?? undefined,
        },
        signedIn: true,
        csrf: found.csrf,
        previousSignIn: found.session.previousLoginAt && {
          at: found.session.previousLoginAt.toISOString(),
          address: found.session.previousLoginAddress,
        },
      };
  }
  // The sandbox's demo viewers use a double-submit token: the cookie the console echoes.
  if (sandbox)
    return {
      viewer: sandboxViewer(req.headers.cookie),
      signedIn: false,
      csrf: cookie(req, CSRF_COOKIE) ?? '',
    };
  return { viewer: null, signedIn: false, csrf: null };
}

/** A state-changing call must echo the CSRF token (a cross-site form cannot read it). */
export function csrfOk(req: FastifyRequest, id: Identity): boolean {
  if (id.csrf === null) return true;
  const sent = req.headers[CSRF_HEADER];
  return typeof sent === 'string' && sent.length > 0 && sent === id.csrf;
}
