// Single sign-on with an OpenID provider (the province's unified identity platform): the code
// flow with PKCE, state and nonce; an ID-token claim (group or department code) maps to a role
// and department. The provider decides who someone is; Yunqian decides what they may do.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { Store } from '../store/db.ts';
import { startSession, upsertOidcUser } from '../store/accounts.ts';
import { placementOf, ROLES, UNIT_REQUIRED, type Role } from './policy.ts';
import { CSRF_COOKIE, SESSION_COOKIE, cookieValue, setCookie } from './cookies.ts';

/** The browser that started a sign-in carries its state (checked at the callback). */
const OIDC_COOKIE = 'yq-oidc-state';
import { SESSION_MS } from '../store/accounts.ts';
import { PENDING_MS, startPending, takePending } from '../store/signin-state.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends users back: `<public URL>/auth/oidc/callback`. */
  redirectUri: string;
  /** Claim holding group codes (string or list). */
  roleClaim: string;
  /** Group code → role; the first listed role a user's groups give wins. */
  roleMapping: Record<string, Role>;
  /** Claim holding the organisation unit's code (departments; a city's or county's teams). */
  departmentClaim: string;
  /** Plain-HTTP issuers (tests, or a provider behind a TLS-terminating proxy on loopback). */
  allowInsecure: boolean;
}

export function registerOidc(http: FastifyInstance, store: Store, o: OidcSettings) {
  let discovered: Promise<client.Configuration> | null = null;
  const config = () =>
    (discovered ??= client
      .discovery(
        new URL(o.issuer),
        o.clientId,
        o.clientSecret,
        undefined,
        o.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        discovered = null; // try again on the next sign-in
        throw e;
      }));
  // Sign-ins in flight are kept server-side (nothing for the browser to tamper with) in the
  // database, so the callback may land on any replica.
  http.get('/auth/oidc/login', async (req, reply) => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    // Bounded: a flood of started sign-ins cannot grow the table without end.
    if (!(await startPending(store.db, { state, verifier, nonce })))
      return reply
        .code(503)
        .header('retry-after', '60')
        .send({ error: 'too many sign-ins in progress; try again shortly' });
    // The state is bound to this browser: a callback link opened elsewhere (an attacker's unused
    // link sent to a victim, to sign the victim in as the attacker) is refused.
    setCookie(reply, req, OIDC_COOKIE, state, {
      httpOnly: true,
      maxAgeS: PENDING_MS / 1000,
      sameSite: 'Lax',
    });
    const url = client.buildAuthorizationUrl(await config(), {
      redirect_uri: o.redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return reply.redirect(url.href);
  });

  http.get('/auth/oidc/callback', async (req: FastifyRequest, reply: FastifyReply) => {
    const url = new URL(req.url, o.redirectUri);
    const state = url.searchParams.get('state') ?? '';
    const bound = cookieValue(req.headers.cookie, OIDC_COOKIE);
    setCookie(reply, req, OIDC_COOKIE, '', { httpOnly: true, maxAgeS: 0, sameSite: 'Lax' });
    if (!bound || bound !== state)
      return reply.code(400).send({ error: 'this sign-in was not started in this browser; start again' });
    const p = await takePending(store.db, state);
    if (!p) return reply.code(400).send({ error: 'unknown or expired sign-in; start again' });
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(await config(), url, {
        pkceCodeVerifier: p.verifier,
        expectedState: state,
        expectedNonce: p.nonce,
      });
      claims = tokens.claims();
    } catch (e) {
      req.log.warn({ err: (e as Error).message }, 'single sign-on failed');
      return reply.code(401).send({ error: 'single sign-on failed' });
    }
    if (!claims) return reply.code(401).send({ error: 'no ID token' });
    const groups = ([] as unknown[]).concat(claims[o.roleClaim] ?? []).map(String);
    const role = ROLES.find((r) => groups.some((g) => o.roleMapping[g] === r));
    const department =
      typeof claims[o.departmentClaim] === 'string' ? (claims[o.departmentClaim] as string) : null;
    if (!role || (UNIT_REQUIRED.includes(role) && !department))
      return reply
        .code(403)
        .send({ error: 'your account has no Yunqian role (ask for the group that grants one)' });
    const user = await upsertOidcUser(
      store,
      {
        subject: claims.sub,
        username: String(claims.preferred_username ?? claims.sub),
        displayName: String(claims.name ?? claims.preferred_username ?? claims.sub),
        role,
        // A city's or county's operators carry their unit in the same claim as departments.
        department: placementOf(role, department, null).department,
      },
      String(req.id),
    );
    const { token, csrf } = await startSession(store, user, 'session.sso-login', String(req.id));
    setCookie(reply, req, SESSION_COOKIE, token, {
      httpOnly: true,
      maxAgeS: SESSION_MS / 1000,
      sameSite: 'Lax',
    });
    setCookie(reply, req, CSRF_COOKIE, csrf, {
      httpOnly: false,
      maxAgeS: SESSION_MS / 1000,
      sameSite: 'Lax',
    });
    return reply.redirect('/');
  });
}
