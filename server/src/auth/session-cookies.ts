// The cookies a sign-in sets (the httpOnly session, the CSRF token the console echoes), and the
// user as a sign-in answers with it. A half-done sign-in's cookies last only as long as it does.
import { PENDING_MS, SESSION_MS, type SessionStage } from '../store/accounts.ts';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE, setCookie } from './cookies.ts';

/** The user as a sign-in answers with it. */
export const signedInUser = (u: {
  username: string;
  displayName: string;
  role: string;
  department: string | null;
}) => ({
  username: u.username,
  name: u.displayName,
  role: u.role,
  department: u.department,
});

/** Sets the session and CSRF cookies for a session at this stage. */
export function setSessionCookies(
  reply: Parameters<typeof setCookie>[0],
  req: Parameters<typeof setCookie>[1],
  s: { token: string; csrf: string; stage: SessionStage },
) {
  const maxAgeS = (s.stage === 'full' ? SESSION_MS : PENDING_MS) / 1000;
  setCookie(reply, req, SESSION_COOKIE, s.token, { httpOnly: true, maxAgeS });
  setCookie(reply, req, CSRF_COOKIE, s.csrf, { httpOnly: false, maxAgeS });
}

/** The body as `schema` reads it, or null once a 400 naming each field's problem has been sent. */
export function bodyOr400<T>(
  schema: z.ZodType<T>,
  req: { body: unknown },
  reply: { code(n: number): { send(b: unknown): unknown } },
): T | null {
  const body = schema.safeParse(req.body);
  if (body.success) return body.data;
  reply.code(400).send({ error: 'bad request', fieldErrors: z.flattenError(body.error).fieldErrors });
  return null;
}
