// Sign-in over HTTP: wrong passwords, lock-out, the per-address rate limit, cookies' attributes,
// and CSRF on mutations, against the real app (Fastify inject).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';

let app: App;
beforeAll(async () => {
  process.env.YUNQIAN_ADMIN_USERNAME = 'root-admin';
  process.env.YUNQIAN_ADMIN_PASSWORD = 'A-very-long-passw0rd';
  const config = loadConfig({
    YUNQIAN_SANDBOX: 'true',
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
    YUNQIAN_LOG_LEVEL: 'silent',
  });
  process.env.YUNQIAN_METRICS_TOKEN = 'm-token';
  app = await createApp({
    ...config,
    plan: { ...config.plan, watch: false },
    server: { ...config.server, trustedProxies: ['192.0.2.10'], idleTimeoutSeconds: 1 },
    // Cookies, CSRF and limits on the password step; the second factor has its own test (auth/).
    auth: { ...config.auth, secondFactorRoles: [] },
  });
  delete process.env.YUNQIAN_ADMIN_PASSWORD;
  delete process.env.YUNQIAN_METRICS_TOKEN;
}, 60_000);
afterAll(() => app?.close());

const signIn = (username: string, password: string, ip = '10.0.0.1', headers: Record<string, string> = {}) =>
  app.http.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { username, password },
    remoteAddress: ip,
    headers,
  });
const loginAs = (password: string, ip = '10.0.0.1') => signIn('root-admin', password, ip);

describe('sign-in over HTTP', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const r = await loginAs('A-very-long-passw0rd');
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
    const body = { system: 'x', kind: 'cut-over', version: 1 };
    const without = await app.http.inject({
      method: 'POST',
      url: '/trpc/workflows.confirm',
      headers: { cookie: session },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    const withToken = await app.http.inject({
      method: 'POST',
      url: '/trpc/workflows.confirm',
      headers: { cookie: session, 'x-csrf-token': csrf },
      payload: body,
    });
    expect(withToken.statusCode).toBe(404); // past CSRF and authorisation: the system does not exist
  });

  it('locks after five wrong passwords, answers locked and unknown alike, and limits per address and per account', async () => {
    for (let i = 0; i < 5; i++) expect((await loginAs('wrong', '10.0.0.2')).statusCode).toBe(401);
    // Locked: even the right password is refused, with the answer an unknown name gets.
    const locked = await loginAs('A-very-long-passw0rd', '10.0.0.3');
    const unknown = await signIn('no-such-person', 'whatever-it-is', '10.0.0.3');
    expect([locked.statusCode, locked.body]).toEqual([unknown.statusCode, unknown.body]);
    expect(locked.statusCode).toBe(401);
    // Per address: ten failures, whatever names they try, then 429 from that address only.
    const fromOne = [];
    for (let i = 0; i < 11; i++)
      fromOne.push((await signIn(`guess-${i}`, 'whatever-it-is', '10.0.0.4')).statusCode);
    expect(fromOne.slice(-2)).toEqual([401, 429]);
    // Per account: failures naming one account from many addresses stop at ten a minute.
    const spread = [];
    for (let i = 0; i < 11; i++)
      spread.push((await signIn('target-user', 'whatever-it-is', `10.0.1.${i}`)).statusCode);
    expect(spread.slice(-2)).toEqual([401, 429]);
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

  it('keeps a client request id only from a trusted proxy, in a strict format', async () => {
    // A visitor plants a spreadsheet formula as its request id; the change it makes is audited.
    const sys = app.readModel().state!.systems.find((x) => x.department === 'gat')!;
    const planted = await app.http.inject({
      method: 'POST',
      url: '/trpc/requests.create',
      headers: {
        'x-request-id': '=HYPERLINK("http://evil.example/","invoice")',
        cookie: 'yq-csrf=t; yq-demo=department%3Agat',
        'x-csrf-token': 't',
        'content-type': 'application/json',
      },
      payload: {
        system: sys.id,
        network: sys.network,
        cpu: 1,
        memoryGiB: 1,
        storageGiB: 0,
        reason: '扩容测试',
        filing: app.readModel().index!.system.get(sys.id)!.mlps.filing,
      },
      remoteAddress: '10.0.0.9',
    });
    expect(planted.statusCode).toBe(200);
    const { listAudit } = await import('../src/store/audit.ts');
    const [row] = (await listAudit(app.store.db as never, {})).filter((r) => r.action === 'request.create');
    expect(row!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Even a well-formed id is the client's own word without a trusted proxy in front.
    const { auditCsv } = await import('../src/store/audit.ts');
    const csv = auditCsv([
      {
        id: 1,
        at: new Date('2026-11-25T08:00:00Z'),
        actor: 'x',
        action: 'session.login-failed',
        objectType: 'user',
        objectId: '=HYPERLINK("http://evil.example/")',
        before: null,
        after: null,
        requestId: '\t=1+1',
        hash: 'h',
      } as never,
    ]);
    // Every formula-starting cell is neutralised, tab- and CR-prefixed ones too.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/"")"`);
    expect(csv).toContain(`'\t=1+1`);
  });

  it('answers an internal error with an id, never its text', async () => {
    const db = app.store.db as unknown as { select: unknown };
    const select = db.select;
    db.select = () => {
      throw new Error('relation "users" violates: SELECT password_hash FROM users WHERE username = $1');
    };
    try {
      const r = await app.http.inject({
        url: '/trpc/audit.list?input=%7B%7D',
        headers: { cookie: 'yq-csrf=t; yq-demo=auditor%3A' },
      });
      expect(r.statusCode).toBe(500);
      expect(r.body).not.toMatch(/SELECT|password_hash|users/);
      expect(JSON.parse(r.body).error.message).toMatch(/^internal error \(id [\w-]+\)$/);
    } finally {
      db.select = select;
    }
  });

  it('sends security headers, and marks cookies Secure behind a trusted TLS proxy', async () => {
    const page = await app.http.inject({ url: '/healthz' });
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    // The proxy in front terminates TLS: it says so, and only its word counts.
    const { createUser } = await import('../src/store/accounts.ts');
    await createUser(
      app.store,
      { username: 'tls-user', displayName: 'TLS', role: 'operator', password: 'Another-long-passw0rd' },
      { id: 'test', requestId: 'test' },
    );
    const spoofed = await signIn('tls-user', 'Another-long-passw0rd', '10.0.0.77', {
      'x-forwarded-proto': 'https',
    });
    const proxied = await signIn('tls-user', 'Another-long-passw0rd', '192.0.2.10', {
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '10.1.2.3',
    });
    const session = (r: typeof proxied) =>
      ([] as string[]).concat(r.headers['set-cookie'] as string[]).find((c) => c.startsWith('yq-session='))!;
    expect(session(proxied)).toMatch(/; Secure/);
    expect(proxied.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(session(spoofed)).not.toMatch(/Secure/);
  });

  it('serves /metrics only with its bearer token', async () => {
    expect((await app.http.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await app.http.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(401);
    const ok = await app.http.inject({ url: '/metrics', headers: { authorization: 'Bearer m-token' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('yunqian_migration_rate_ratio');
  });

  it('cuts off a sender whose body never arrives', async () => {
    const { connect } = await import('node:net');
    const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const socket = connect(Number(new URL(address).port), '127.0.0.1');
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => undefined);
    });
    // Headers promise a body that never comes.
    socket.write(
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    expect(await closed).toBeLessThan(5_000);
  }, 20_000);

  it('answers a long tRPC batch (Fastify limited path parameters to 100 characters: 414)', async () => {
    const paths = Array.from({ length: 12 }, () => 'meta.session').join(',');
    expect(paths.length).toBeGreaterThan(100);
    const r = await app.http.inject({ url: `/trpc/${paths}?batch=1&input=%7B%7D` });
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toHaveLength(12);
  });
});
