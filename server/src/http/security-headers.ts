// Headers every answer carries. The console is a single-origin app: scripts, data and frames only
// from itself (MUI writes its styles inline, hence style-src 'unsafe-inline'); it is never framed
// (clickjacking), its content types are not sniffed, and referrers stay on the origin. Over TLS
// (directly or through a trusted proxy) browsers are told to keep to HTTPS.
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function registerSecurityHeaders(http: FastifyInstance): void {
  http.addHook('onSend', async (req, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
  });
}
