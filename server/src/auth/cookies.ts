import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'yq-session';
export const CSRF_COOKIE = 'yq-csrf';

/**
 * Appends a cookie. SameSite=Strict by default; single sign-on uses Lax, because the browser
 * arrives from the identity provider's site and a Strict cookie set there would not be sent on
 * the redirect that follows.
 */
export function setCookie(
  reply: FastifyReply,
  req: FastifyRequest,
  name: string,
  value: string,
  o: { httpOnly: boolean; maxAgeS: number; sameSite?: 'Strict' | 'Lax' },
) {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  const attrs = `Path=/; SameSite=${o.sameSite ?? 'Strict'}; Max-Age=${o.maxAgeS}${o.httpOnly ? '; HttpOnly' : ''}${secure}`;
  const prev = reply.getHeader('set-cookie');
  // A later value for the same cookie replaces the earlier one in this response.
  const list = (Array.isArray(prev) ? prev : prev ? [String(prev)] : []).filter(
    (c) => !c.startsWith(`${name}=`),
  );
  // Fastify appends to set-cookie: clear it and write the whole list once.
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', [...list, `${name}=${encodeURIComponent(value)}; ${attrs}`]);
}

/** One cookie's (decoded) value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  const raw = header
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return raw === undefined ? undefined : decodeURIComponent(raw);
}
