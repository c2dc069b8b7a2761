// The second step of a privileged sign-in over HTTP: the key to enrol (once, at the first sign-in)
// and the code that completes it. The half-done session's own CSRF token guards both, and wrong
// codes count against the same limits as wrong passwords.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Store } from '../store/db.ts';
import { pendingSession, type SignInOptions } from '../store/accounts.ts';
import { changePasswordAtSignIn } from '../store/passwords.ts';
import { enrolmentKey, giveSecondFactor } from '../store/second-factor.ts';
import type { FailureWindow } from '../store/signin-state.ts';
import { SESSION_COOKIE } from './cookies.ts';
import { CSRF_HEADER, cookie } from './sessions.ts';
import { bodyOr400, setSessionCookies, signedInUser } from './session-cookies.ts';

/** What authenticator apps show as the account's issuer. */
const ISSUER = 'Yunqian';
const Code = z.object({ code: z.string().trim().min(1).max(16) }).strict();
const NewPassword = z.object({ password: z.string().min(1).max(1024) }).strict();

/** The half-done sign-in this request continues, if its CSRF token is right. */
async function continuing(req: FastifyRequest, store: Store) {
  const token = cookie(req, SESSION_COOKIE);
  if (!token) return null;
  const pending = await pendingSession(store.db as Db, token);
  if (!pending || req.headers[CSRF_HEADER] !== pending.csrf) return null;
  return { token, ...pending };
}

export function registerSecondFactorRoutes(
  http: FastifyInstance,
  store: Store,
  limits: { byAddress: FailureWindow; byAccount: FailureWindow },
  rules: Pick<SignInOptions, 'secondFactorRoles' | 'passwordMaxAgeDays'> = {},
) {
  const noSignIn = { error: 'no sign-in to continue: sign in with your password again' };

  http.post('/auth/second-factor/enrolment', async (req, reply) => {
    const c = await continuing(req, store);
    if (!c || c.stage !== 'enrol') return reply.code(401).send(noSignIn);
    return enrolmentKey(store, c.token, ISSUER);
  });

  http.post('/auth/second-factor', async (req, reply) => {
    const body = bodyOr400(Code, req, reply);
    if (!body) return reply;
    const c = await continuing(req, store);
    if (!c) return reply.code(401).send(noSignIn);
    const now = new Date();
    const account = c.user.username.toLowerCase();
    if ((await limits.byAddress.exceeded(req.ip, now)) || (await limits.byAccount.exceeded(account, now)))
      return reply.code(429).header('retry-after', '60').send({ error: 'too many attempts; wait a minute' });
    const r = await giveSecondFactor(store, c.token, body.code, String(req.id), now, {
      address: req.ip,
    });
    if (!r.ok) {
      await limits.byAddress.fail(req.ip, now);
      await limits.byAccount.fail(account, now);
      // A locked account ends the half-done sign-in: the password must be given again.
      return reply.code(401).send({ error: 'wrong code', reason: r.reason });
    }
    // A new token: the one that carried the password alone signs nobody in.
    setSessionCookies(reply, req, { token: r.token, csrf: r.csrf, stage: 'full' });
    return { user: signedInUser(r.user) };
  });

  // A password due for a change (set by an administrator, or older than the policy allows): the
  // owner, who has just given the old one, chooses the new one. Then the second factor, if any.
  http.post('/auth/password', async (req, reply) => {
    const body = bodyOr400(NewPassword, req, reply);
    if (!body) return reply;
    const c = await continuing(req, store);
    if (!c) return reply.code(401).send(noSignIn);
    const r = await changePasswordAtSignIn(store, c.token, body.password, String(req.id), new Date(), {
      ...rules,
      address: req.ip,
    });
    if (!r.ok && r.reason === 'no-sign-in') return reply.code(401).send(noSignIn);
    if (!r.ok) return reply.code(400).send({ error: 'password refused', problems: r.problems });
    setSessionCookies(reply, req, { token: r.token, csrf: r.csrf, stage: r.stage });
    return r.stage === 'full' ? { user: signedInUser(r.user) } : { next: r.stage };
  });
}
