// Sign-in over HTTP: wrong passwords, lock-out, the per-address rate limit, cookies' attributes,
// and CSRF on mutations, against the real app (Fastify inject).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';

let app: App;
beforeAll(async () => {
  process.env.YUNQIAN_ADMIN_USERNAME = 'root-admin';
  process.env.YUNQIAN_ADMIN_PASSWORD = 'a-very-long-password';
  const config = loadConfig({
    YUNQIAN_SANDBOX: 'true',
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
    YUNQIAN_LOG_LEVEL: 'silent',
  });
  app = await createApp({ ...config, plan: { ...config.plan, watch: false } });
  delete process.env.YUNQIAN_ADMIN_PASSWORD;
}, 60_000);
afterAll(() => app?.close());

const loginAs = (password: string, ip = '10.0.0.1') =>
  app.http.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { username: 'root-admin', password },
    remoteAddress: ip,
  });

describe('sign-in over HTTP', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const r = await loginAs('a-very-long-password');
    expect(r.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(r.headers['set-cookie'] as string | string[]);
    expect(cookies.filter((c) => c.startsWith('yq-csrf='))).toHaveLength(1);
    expect(cookies.find((c) => c.startsWith('yq-session='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('yq-session='))).toMatch(/SameSite=Strict/);
    expect(cookies.find((c) => c.startsWith('yq-csrf='))).not.toMatch(/HttpOnly/);
    const session = cookies.find((c) => c.startsWith('yq-session='))!.split(';')[0]!;
    const csrf = decodeURIComponent(
      cookies
        .find((c) => c.startsWith('yq-csrf='))!
        .split(';')[0]!
        .split('=')[1]!,
    );
    const who = await app.http.inject({ url: '/trpc/meta.session', headers: { cookie: session } });
    expect(JSON.parse(who.body).result.data).toMatchObject({ signedIn: true, viewer: { role: 'admin' } });
    const body = { system: 'x', kind: 'cut-over' };
    const without = await app.http.inject({
      method: 'POST',
      url: '/trpc/workflows.sign',
      headers: { cookie: session },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    const withToken = await app.http.inject({
      method: 'POST',
      url: '/trpc/workflows.sign',
      headers: { cookie: session, 'x-csrf-token': csrf },
      payload: body,
    });
    expect(withToken.statusCode).toBe(404); // past CSRF and authorisation: the system does not exist
  });

  it('locks the account after five wrong passwords, and rate-limits an address', async () => {
    for (let i = 0; i < 4; i++) expect((await loginAs('wrong', '10.0.0.2')).statusCode).toBe(401);
    expect((await loginAs('wrong', '10.0.0.2')).statusCode).toBe(423);
    expect((await loginAs('a-very-long-password', '10.0.0.3')).statusCode).toBe(423);
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await loginAs('wrong', '10.0.0.4')).statusCode);
    expect(codes.slice(-2)).toEqual([429, 429]);
  });

  it('refuses oversized and deeply nested payloads before they reach a procedure', async () => {
    const big = await app.http.inject({
      method: 'POST',
      url: '/trpc/requests.create',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ reason: 'x'.repeat(2_000_000) }),
    });
    expect(big.statusCode).toBe(413);
    const deep = await app.http.inject({
      method: 'POST',
      url: '/trpc/requests.create',
      headers: {
        'content-type': 'application/json',
        cookie: 'yq-csrf=t; yq-demo=department%3Agat',
        'x-csrf-token': 't',
      },
      payload: '['.repeat(200_000) + ']'.repeat(200_000),
    });
    expect(deep.statusCode).toBe(400);
    // The server is still answering.
    expect((await app.http.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
