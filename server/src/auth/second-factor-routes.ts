// The second step of a privileged sign-in over HTTP: the key to enrol (once, at the first sign-in)
// and the code that completes it. The half-done session's own CSRF token guards both, and wrong
// codes count against the same limits as wrong passwords.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Store } from '../store/db.ts';
import { pendingSession } from '../store/accounts.ts';
import { enrolmentKey, giveSecondFactor } from '../store/second-factor.ts';
import type { FailureWindow } from '../store/signin-state.ts';
import { SESSION_COOKIE } from './cookies.ts';
import { CSRF_HEADER, cookie } from './sessions.ts';
import { setSessionCookies, signedInUser } from './session-cookies.ts';

/** What authenticator apps show as the account's issuer. */
const ISSUER = 'Yunqian';
const Code = z.object({ code: z.string().trim().min(1).max(16) }).strict();

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
) {
  const noSignIn = { error: 'no sign-in to continue: sign in with your password again' };

  http.post('/auth/second-factor/enrolment', async (req, reply) => {
    const c = await continuing(req, store);
    if (!c || c.stage !== 'enrol') return reply.code(401).send(noSignIn);
    return enrolmentKey(store, c.token, ISSUER);
  });

  http.post('/auth/second-factor', async (req, reply) => {
    const body = Code.safeParse(req.body);
    if (!body.success)
      return reply
        .code(400)
        .send({ error: 'bad request', fieldErrors: z.flattenError(body.error).fieldErrors });
    const c = await continuing(req, store);
    if (!c) return reply.code(401).send(noSignIn);
    const now = new Date();
    const account = c.user.username.toLowerCase();
    if ((await limits.byAddress.exceeded(req.ip, now)) || (await limits.byAccount.exceeded(account, now)))
      return reply.code(429).header('retry-after', '60').send({ error: 'too many attempts; wait a minute' });
    const r = await giveSecondFactor(store, c.token, body.data.code, String(req.id), now, {
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
}
