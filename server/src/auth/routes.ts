// Login and logout over plain HTTP (forms post here, not through tRPC): sets the httpOnly
// session cookie and the CSRF cookie the console echoes. Attempts are rate-limited per address
// on top of the per-account lock-out.
import { createHash, randomBytes } from 'node:crypto';
import type { SessionEnd } from '../service/live-feed.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Store } from '../store/db.ts';
import { login, logout, SESSION_MS } from '../store/accounts.ts';
import { cookie, csrfOk, identify } from './sessions.ts';
import { CSRF_COOKIE, SESSION_COOKIE, setCookie } from './cookies.ts';

const Login = z
  .object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) })
  .strict();
const WINDOW_MS = 60_000;
/** Failed sign-ins per minute from one client address (the forwarded one only via trusted proxies). */
const PER_ADDRESS = 10;
/** Failed sign-ins per minute naming one account, from anywhere (on top of its lock-out). */
const PER_ACCOUNT = 10;
/** Keys kept at most per limiter: a flood of addresses cannot grow the map without end. */
const MAX_KEYS = 100_000;

/** Failures per key in a sliding minute; only failures count, so signing in never locks anyone out. */
class FailureWindow {
  private readonly times = new Map<string, number[]>();
  constructor(private readonly limit: number) {}

  exceeded(key: string, now: number): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    if (!this.times.has(key) && this.times.size >= MAX_KEYS) this.prune(now);
    this.times.set(key, recent);
  }

  private recent(key: string, now: number): number[] {
    return (this.times.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  }

  private prune(now: number): void {
    for (const [k, ts] of this.times) if (!ts.some((t) => now - t < WINDOW_MS)) this.times.delete(k);
    // Still full of live keys: drop the oldest (a Map iterates in insertion order).
    while (this.times.size >= MAX_KEYS) this.times.delete(this.times.keys().next().value!);
  }
}

/** A session's name in live-stream bookkeeping: a digest, never the cookie itself. */
export const sessionKey = (token: string | undefined): string | null =>
  token ? createHash('sha256').update(token).digest('hex') : null;

export function registerAuthRoutes(
  http: FastifyInstance,
  store: Store,
  sandbox: boolean,
  onSessionEnded: (e: SessionEnd) => void = () => undefined,
) {
  const byAddress = new FailureWindow(PER_ADDRESS);
  const byAccount = new FailureWindow(PER_ACCOUNT);

  http.post('/auth/login', async (req, reply) => {
    const body = Login.safeParse(req.body);
    if (!body.success)
      return reply
        .code(400)
        .send({ error: 'bad request', fieldErrors: z.flattenError(body.error).fieldErrors });
    const now = Date.now();
    const account = body.data.username.toLowerCase();
    if (byAddress.exceeded(req.ip, now) || byAccount.exceeded(account, now))
      return reply.code(429).header('retry-after', '60').send({ error: 'too many attempts; wait a minute' });
    const r = await login(store, body.data.username, body.data.password, String(req.id));
    if (!r.ok) {
      byAddress.fail(req.ip, now);
      byAccount.fail(account, now);
      // One answer for a wrong password, an unknown name and a locked account: the answer must
      // not tell which names exist. The lock and its end are in the audit trail.
      return reply.code(401).send({ error: 'wrong user name or password, or the account is locked' });
    }
    setCookie(reply, req, SESSION_COOKIE, r.token, { httpOnly: true, maxAgeS: SESSION_MS / 1000 });
    setCookie(reply, req, CSRF_COOKIE, r.csrf, { httpOnly: false, maxAgeS: SESSION_MS / 1000 });
    return {
      user: {
        username: r.user.username,
        name: r.user.displayName,
        role: r.user.role,
        department: r.user.department,
      },
    };
  });

  http.post('/auth/logout', async (req, reply) => {
    const id = await identify(req, store, sandbox);
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
