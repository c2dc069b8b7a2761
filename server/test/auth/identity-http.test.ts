// MLPS level 3 identity over HTTP, against the real app (Fastify inject): a privileged account
// enrols a second factor at its first sign-in and gives a code at every later one (never the same
// code twice); the sign-in before this one is shown; a session ends after inactivity, measured on
// a fake wall clock, and only its person's acts (not background refreshes) keep it open.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createUser } from '../../src/store/accounts.ts';
import { listAudit } from '../../src/store/audit.ts';
import { updateUser } from '../../src/store/user-admin.ts';
import { sql as drizzleSql } from 'drizzle-orm';
import { base32Decode, hotp, stepAt } from '../../src/auth/totp.ts';

const PASSWORD = 'A-very-long-passw0rd';
let app: App;
beforeAll(async () => {
  process.env.YUNQIAN_ADMIN_USERNAME = 'root-admin';
  process.env.YUNQIAN_ADMIN_PASSWORD = PASSWORD;
  const config = loadConfig({
    YUNQIAN_SANDBOX: 'true',
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
    YUNQIAN_LOG_LEVEL: 'silent',
    YUNQIAN_AUTH_IDLE_MINUTES: '30',
  });
  app = await createApp({ ...config, plan: { ...config.plan, watch: false } });
  delete process.env.YUNQIAN_ADMIN_PASSWORD;
  await createUser(
    app.store,
    { username: 'li-leader', displayName: '李', role: 'leader', password: PASSWORD },
    { id: 'test', requestId: 't' },
  );
}, 60_000);
afterAll(() => app?.close());
afterEach(() => vi.useRealTimers());

/** A browser's cookie jar, enough for these calls. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: { headers: Record<string, unknown> }) {
    for (const c of ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? [])) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get csrf() {
    return decodeURIComponent(this.cookies.get('yq-csrf') ?? '');
  }
}

async function post(jar: Jar, url: string, payload: unknown = {}, ip = '10.0.0.7') {
  const res = await app.http.inject({
    method: 'POST',
    url,
    payload: payload as object,
    remoteAddress: ip,
    headers: { cookie: jar.header, 'x-csrf-token': jar.csrf },
  });
  jar.take(res);
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
async function session(jar: Jar) {
  const res = await app.http.inject({ url: '/trpc/meta.session', headers: { cookie: jar.header } });
  return JSON.parse(res.body).result.data as {
    signedIn: boolean;
    viewer: { id: string } | null;
    previousSignIn: { at: string; address: string | null } | null;
    idleMinutes: number | null;
  };
}
const signIn = (jar: Jar, username: string, ip?: string) =>
  post(jar, '/auth/login', { username, password: PASSWORD }, ip);

describe('a second factor for privileged accounts', () => {
  it('enrols at the first sign-in, asks a code at every later one, and never takes a code twice', async () => {
    const jar = new Jar();
    expect(await signIn(jar, 'root-admin')).toEqual({ status: 200, body: { next: 'enrol' } });
    // The password alone grants nothing.
    expect((await session(jar)).signedIn).toBe(false);
    const noCsrf = await app.http.inject({
      method: 'POST',
      url: '/auth/second-factor/enrolment',
      headers: { cookie: jar.header },
    });
    expect(noCsrf.statusCode).toBe(401);
    const key = await post(jar, '/auth/second-factor/enrolment');
    expect(key.status).toBe(200);
    expect(key.body.uri).toMatch(/^otpauth:\/\/totp\/Yunqian:root-admin\?secret=[A-Z2-7]{32}&issuer=Yunqian/);
    // Asked again, the same key (the app may already hold it).
    expect((await post(jar, '/auth/second-factor/enrolment')).body.secret).toBe(key.body.secret);
    const secret = base32Decode(key.body.secret);
    const step = stepAt(Date.now());
    expect((await post(jar, '/auth/second-factor', { code: '000000' })).status).toBe(401);
    const done = await post(jar, '/auth/second-factor', { code: hotp(secret, step) });
    expect(done).toMatchObject({ status: 200, body: { user: { username: 'root-admin', role: 'admin' } } });
    expect(await session(jar)).toMatchObject({ signedIn: true, previousSignIn: null, idleMinutes: 30 });

    // The next sign-in, from another address: a code is asked, the one just used is refused.
    const again = new Jar();
    expect(await signIn(again, 'root-admin', '10.0.0.8')).toMatchObject({ body: { next: 'second-factor' } });
    expect((await post(again, '/auth/second-factor/enrolment')).status).toBe(401);
    expect((await post(again, '/auth/second-factor', { code: hotp(secret, step) }, '10.0.0.8')).status).toBe(
      401,
    );
    expect((await session(again)).signedIn).toBe(false);
    const next = await post(again, '/auth/second-factor', { code: hotp(secret, step + 1) }, '10.0.0.8');
    expect(next.status).toBe(200);
    // It shows the sign-in before it: when, and from where.
    const shown = await session(again);
    expect(shown.signedIn).toBe(true);
    expect(shown.previousSignIn!.address).toBe('10.0.0.7');
    expect(Date.parse(shown.previousSignIn!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('locks the account after five wrong codes and ends the half-done sign-in', async () => {
    await createUser(
      app.store,
      { username: 'ops-wu', displayName: '吴', role: 'operator', password: PASSWORD },
      { id: 'test', requestId: 't' },
    );
    const jar = new Jar();
    expect((await signIn(jar, 'ops-wu', '10.0.1.1')).body).toEqual({ next: 'enrol' });
    await post(jar, '/auth/second-factor/enrolment');
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push((await post(jar, '/auth/second-factor', { code: '123456' }, '10.0.1.1')).body.reason);
    expect(answers).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked']);
    expect(
      (await post(jar, '/auth/second-factor', { code: '123456' }, '10.0.1.1')).body.reason,
    ).toBeUndefined();
    // The password is refused while locked too.
    expect((await signIn(new Jar(), 'ops-wu', '10.0.1.2')).status).toBe(401);
  });
});

describe('a second factor that cannot be got round', () => {
  const operator = async (username: string) =>
    createUser(
      app.store,
      { username, displayName: username, role: 'operator', password: PASSWORD },
      { id: 'test', requestId: 't' },
    );
  const enrolled = async (username: string, ip: string) => {
    const jar = new Jar();
    await signIn(jar, username, ip);
    const secret = base32Decode((await post(jar, '/auth/second-factor/enrolment', {}, ip)).body.secret);
    expect(
      (await post(jar, '/auth/second-factor', { code: hotp(secret, stepAt(Date.now())) }, ip)).status,
    ).toBe(200);
    return secret;
  };

  it('giving the password again does not reset the count of wrong codes', async () => {
    await operator('ops-zhao');
    await enrolled('ops-zhao', '10.0.3.1');
    const jar = new Jar();
    await signIn(jar, 'ops-zhao', '10.0.3.1');
    for (let i = 0; i < 4; i++) await post(jar, '/auth/second-factor', { code: '000000' }, '10.0.3.1');
    const again = new Jar();
    expect((await signIn(again, 'ops-zhao', '10.0.3.2')).body).toEqual({ next: 'second-factor' });
    expect((await post(again, '/auth/second-factor', { code: '000000' }, '10.0.3.2')).body.reason).toBe(
      'locked',
    );
  });

  it('one right code signs in once, even sent twice at once; the password-only token never signs in', async () => {
    await operator('ops-qian');
    const secret = await enrolled('ops-qian', '10.0.4.1');
    const [a, b] = [new Jar(), new Jar()];
    await signIn(a, 'ops-qian', '10.0.4.1');
    await signIn(b, 'ops-qian', '10.0.4.2');
    const halfDone = a.header;
    const code = hotp(secret, stepAt(Date.now()) + 1);
    const answers = await Promise.all([
      post(a, '/auth/second-factor', { code }, '10.0.4.1'),
      post(b, '/auth/second-factor', { code }, '10.0.4.2'),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = answers[0]!.status === 200 ? a : b;
    expect((await session(winner)).signedIn).toBe(true);
    // The winner's token is new: the cookie that carried the password alone is worth nothing.
    if (winner === a) {
      expect(a.header).not.toBe(halfDone);
      const old = await app.http.inject({ url: '/trpc/meta.session', headers: { cookie: halfDone } });
      expect(JSON.parse(old.body).result.data.signedIn).toBe(false);
    }
  });

  it('signing out ends a half-done sign-in too', async () => {
    const jar = new Jar();
    await signIn(jar, 'ops-qian', '10.0.5.1');
    const [cookie, csrf] = [jar.header, jar.csrf];
    expect((await post(jar, '/auth/logout', {}, '10.0.5.1')).status).toBe(200);
    // The same cookie, sent again: the sign-in it carried is gone on the server.
    const again = await app.http.inject({
      method: 'POST',
      url: '/auth/second-factor',
      payload: { code: '123456' },
      remoteAddress: '10.0.5.1',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(again.statusCode).toBe(401);
    expect(JSON.parse(again.body).error).toMatch(/^no sign-in to continue/);
  });
});

describe('inactivity', () => {
  it("ends a session after 30 idle minutes; its person's acts keep it, background reads do not", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.parse('2026-12-01T09:00:00Z');
    vi.setSystemTime(t0);
    const minutes = (m: number) => vi.setSystemTime(t0 + m * 60_000);
    const jar = new Jar();
    expect(await signIn(jar, 'li-leader', '10.0.2.1')).toMatchObject({
      status: 200,
      body: { user: { role: 'leader' } },
    });
    minutes(20);
    expect((await session(jar)).signedIn).toBe(true);
    // The console's activity beat at minute 20: idle from there.
    expect((await post(jar, '/auth/activity')).status).toBe(200);
    minutes(45);
    // A background refresh at minute 45 is no act.
    expect((await session(jar)).signedIn).toBe(true);
    minutes(49);
    expect((await session(jar)).signedIn).toBe(true);
    minutes(50);
    expect((await session(jar)).signedIn).toBe(false);
    expect((await post(jar, '/auth/activity')).status).toBe(401);

    // A second session, idle from its sign-in.
    minutes(100);
    const other = new Jar();
    await signIn(other, 'li-leader', '10.0.2.1');
    minutes(129);
    expect((await session(other)).signedIn).toBe(true);
    minutes(130);
    expect((await session(other)).signedIn).toBe(false);
  });
});

describe('exports of the audit', () => {
  it('are themselves audited: who took which rows out', async () => {
    const res = await app.http.inject({
      url: '/audit.csv?objectType=user',
      headers: { cookie: 'yq-demo=auditor%3A' },
    });
    expect(res.statusCode).toBe(200);
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    const [row] = await listAudit(app.store.db, { objectType: 'audit', limit: 1 });
    expect(row).toMatchObject({
      actor: 'demo-auditor',
      action: 'audit.export',
      objectId: 'csv',
      after: { filter: { objectType: 'user' }, rows: lines.length - 1 },
    });
  });
});

describe('passwords over time', () => {
  const sql = async (q: string) =>
    (app.store.db as unknown as { execute: (q: unknown) => Promise<unknown> }).execute(drizzleSql.raw(q));

  it('a password an administrator set is changed by its owner at the next sign-in, and none of the last is reused', async () => {
    await createUser(
      app.store,
      { username: 'zhao-dept', displayName: '赵', role: 'department', department: 'gat', password: PASSWORD },
      { id: 'test', requestId: 't' },
    );
    const reset = 'Temporary-passw0rd-1';
    await updateUser(app.store, { id: 'root-admin', requestId: 't' }, 'zhao-dept', { password: reset });
    const jar = new Jar();
    expect(
      (await post(jar, '/auth/login', { username: 'zhao-dept', password: reset }, '10.0.6.1')).body,
    ).toEqual({
      next: 'change-password',
    });
    expect((await session(jar)).signedIn).toBe(false);
    // The code step cannot be jumped to, and the new password is checked: the policy, then reuse.
    expect((await post(jar, '/auth/second-factor', { code: '123456' }, '10.0.6.1')).status).toBe(401);
    expect((await post(jar, '/auth/password', { password: 'short' }, '10.0.6.1')).body.problems).toEqual([
      'too-short',
      'too-few-classes',
    ]);
    for (const old of [reset, PASSWORD])
      expect((await post(jar, '/auth/password', { password: old }, '10.0.6.1')).body.problems).toEqual([
        'reused',
      ]);
    const chosen = 'Own-new-passw0rd-2';
    const done = await post(jar, '/auth/password', { password: chosen }, '10.0.6.1');
    expect(done).toMatchObject({ status: 200, body: { user: { username: 'zhao-dept' } } });
    expect((await session(jar)).signedIn).toBe(true);
    // Next time, the new password signs in at once.
    expect(
      (await post(new Jar(), '/auth/login', { username: 'zhao-dept', password: chosen }, '10.0.6.1')).body,
    ).toMatchObject({
      user: { username: 'zhao-dept' },
    });
  });

  it('a password older than the policy allows (90 days) is changed at sign-in, then the second factor follows', async () => {
    await sql(
      `UPDATE users SET password_changed_at = now() - interval '91 days' WHERE username = 'ops-qian'`,
    );
    const jar = new Jar();
    expect((await signIn(jar, 'ops-qian', '10.0.7.1')).body).toEqual({ next: 'change-password' });
    expect((await post(jar, '/auth/password', { password: 'Rotated-passw0rd-3' }, '10.0.7.1')).body).toEqual({
      next: 'second-factor',
    });
    await sql(
      `UPDATE users SET password_changed_at = now() - interval '89 days' WHERE username = 'li-leader'`,
    );
    expect((await signIn(new Jar(), 'li-leader', '10.0.7.2')).body).toMatchObject({
      user: { role: 'leader' },
    });
  });
});
