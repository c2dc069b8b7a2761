// Login and logout over plain HTTP (forms post here, not through tRPC): sets the httpOnly
// session cookie and the CSRF cookie the console echoes. Attempts are rate-limited per address
// and per account on top of the per-account lock-out, across replicas (store/signin-state.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { SessionEnd } from '../service/live-feed.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Store } from '../store/db.ts';
import { IDLE_MS, login, logout, touchSession } from '../store/accounts.ts';
import { bodyOr400, setSessionCookies, signedInUser } from './session-cookies.ts';
import type { Role } from './policy.ts';
import { registerSecondFactorRoutes } from './second-factor-routes.ts';
import { cookie, csrfOk, identify } from './sessions.ts';
import { FailureWindow } from '../store/signin-state.ts';
import { CSRF_COOKIE, SESSION_COOKIE, setCookie } from './cookies.ts';

const Login = z
  .object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) })
  .strict();
const WINDOW_MS = 60_000;
/** Failed sign-ins per minute from one client address (the forwarded one only via trusted proxies). */
const PER_ADDRESS = 10;
/** Failed sign-ins per minute naming one account, from anywhere (on top of its lock-out). */
const PER_ACCOUNT = 10;

/** A session's name in live-stream bookkeeping: a digest, never the cookie itself. */
export const sessionKey = (token: string | undefined): string | null =>
  token ? createHash('sha256').update(token).digest('hex') : null;

export interface AuthRouteOptions {
  sandbox: boolean;
  onSessionEnded?: (e: SessionEnd) => void;
  /** Roles that give a second factor after their password (auth.secondFactorRoles). */
  secondFactorRoles?: readonly Role[];
  /** A session nobody acts in for this long ends (auth.idleMinutes). */
  idleMs?: number;
  /** A password older than this many days is changed at sign-in (auth.passwordMaxAgeDays). */
  passwordMaxAgeDays?: number;
}

export function registerAuthRoutes(http: FastifyInstance, store: Store, o: AuthRouteOptions) {
  const { sandbox } = o;
  const onSessionEnded = o.onSessionEnded ?? (() => undefined);
  const idleMs = o.idleMs ?? IDLE_MS;
  // Counted in the database: every replica sees every failure (only failures count, so signing
  // in never locks anyone out).
  const byAddress = new FailureWindow(store.db, 'address', PER_ADDRESS, WINDOW_MS);
  const byAccount = new FailureWindow(store.db, 'account', PER_ACCOUNT, WINDOW_MS);

  http.post('/auth/login', async (req, reply) => {
    const body = bodyOr400(Login, req, reply);
    if (!body) return reply;
    const now = new Date();
    const account = body.username.toLowerCase();
    if ((await byAddress.exceeded(req.ip, now)) || (await byAccount.exceeded(account, now)))
      return reply.code(429).header('retry-after', '60').send({ error: 'too many attempts; wait a minute' });
    const r = await login(store, body.username, body.password, String(req.id), new Date(), {
      address: req.ip,
      secondFactorRoles: o.secondFactorRoles,
      passwordMaxAgeDays: o.passwordMaxAgeDays,
    });
    if (!r.ok) {
      await byAddress.fail(req.ip, now);
      await byAccount.fail(account, now);
      // One answer for a wrong password, an unknown name and a locked account: the answer must
      // not tell which names exist. The lock and its end are in the audit trail.
      return reply.code(401).send({ error: 'wrong user name or password, or the account is locked' });
    }
    setSessionCookies(reply, req, r);
    // Not signed in yet: a password to change, a code to give, or a second factor to enrol.
    if (r.stage !== 'full') return { next: r.stage };
    return { user: signedInUser(r.user) };
  });

  // A sign-in's second step (the code, or enrolment); counted against the same limits.
  registerSecondFactorRoutes(http, store, { byAddress, byAccount }, o);

  // The console's beat while its person uses it (at most once a minute): what keeps a session
  // from ending for inactivity. Background refreshes do not beat.
  http.post('/auth/activity', async (req, reply) => {
    const id = await identify(req, store, sandbox, idleMs);
    if (!id.signedIn) return reply.code(401).send({ error: 'not signed in' });
    if (!csrfOk(req, id)) return reply.code(403).send({ error: 'missing or wrong CSRF token' });
    await touchSession(store.db as Db, cookie(req, SESSION_COOKIE)!);
    return { ok: true };
  });

  http.post('/auth/logout', async (req, reply) => {
    const id = await identify(req, store, sandbox, idleMs);
    if (!csrfOk(req, id)) return reply.code(403).send({ error: 'missing or wrong CSRF token' });
    const token = cookie(req, SESSION_COOKIE);
    const everywhere = (req.body as { everywhere?: boolean } | undefined)?.everywhere === true;
    if (token) {
      await logout(store, token, everywhere, String(req.id));
      if (id.viewer) onSessionEnded({ user: id.viewer.id, session: sessionKey(token), everywhere });
    }
    setCookie(reply, req, SESSION_COOKIE, '', { httpOnly: true, maxAgeS: 0 });
    return { ok: true };
  });

  // The sandbox's demo viewers get a CSRF cookie to echo, as signed-in users do.
  if (sandbox)
    http.addHook('onRequest', async (req, reply) => {
      if (!cookie(req, CSRF_COOKIE))
        setCookie(reply, req, CSRF_COOKIE, randomBytes(18).toString('base64url'), {
          httpOnly: false,
          maxAgeS: 86_400,
        });
    });
}
