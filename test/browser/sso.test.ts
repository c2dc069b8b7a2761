// Single sign-on end to end in a browser: a real OpenID provider (oidc-provider) runs in the
// test process; Yunqian discovers it, sends the browser there, and maps the ID token's group and
// department claims to a role and department.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { freePort } from '../harness/ports.ts';

/** The identity platform's directory: who belongs to which group and department. */
const PEOPLE: Record<string, { name: string; groups: string[]; department?: string }> = {
  'wang.gat': { name: '王警官', groups: ['yq-department'], department: 'gat' },
  'li.ops': { name: '李运维', groups: ['yq-operator', 'staff'] },
  'zhao.none': { name: '赵', groups: ['staff'] },
};

let idp: Server;
let server: RunningServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  const [idpPort, yqPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${idpPort}`;
  const yunqian = `http://127.0.0.1:${yqPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'yunqian',
        client_secret: 'yunqian-secret',
        redirect_uris: [`${yunqian}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups', 'department'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-cookie-key'] },
    async findAccount(_ctx, id) {
      const p = PEOPLE[id];
      if (!p) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            preferred_username: id,
            name: p.name,
            groups: p.groups,
            ...(p.department ? { department: p.department } : {}),
          };
        },
      };
    },
  });
  idp = provider.listen(idpPort, '127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'yq-sso-'));
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'auth:',
      '  oidc:',
      `    issuer: ${issuer}`,
      '    clientId: yunqian',
      `    redirectUri: ${yunqian}/auth/oidc/callback`,
      '    allowInsecure: true',
      '    roleMapping:',
      '      yq-department: department',
      '      yq-operator: operator',
      '',
    ].join('\n'),
  );
  [server, browser] = await Promise.all([
    startYunqian(
      {
        YUNQIAN_SANDBOX_SPEED: '0',
        YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00.000Z',
        YUNQIAN_CONFIG: join(dir, 'config.yaml'),
        YUNQIAN_OIDC_CLIENT_SECRET: 'yunqian-secret',
      },
      yqPort,
    ),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((r) => (idp ? idp.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signInAs(login: string) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-sso').click();
  // oidc-provider's development login and consent pages.
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  const consent = page.locator('button[autofocus], button[type="submit"]');
  if (await page.url().includes('/interaction/')) await consent.first().click();
  return { context, page };
}

describe('single sign-on', () => {
  it('signs a department user in through the provider and scopes them to their department', async () => {
    const { context, page } = await signInAs('wang.gat');
    await expect
      .poll(() => page.getByTestId('signed-in-as').textContent(), { timeout: 15_000 })
      .toBe('王警官 · 部门用户');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'yq-session')).toMatchObject({ httpOnly: true });
    const session = await page.evaluate(
      async () =>
        (await (await fetch('/trpc/meta.session')).json()) as {
          result: { data: { viewer: { role: string; department: string } } };
        },
    );
    expect(session.result.data.viewer).toMatchObject({ role: 'department', department: 'gat' });
    await page.screenshot({
      path: new URL('../../docs/screenshots/sso-signed-in-zh.png', import.meta.url).pathname,
    });
    await context.close();
  });

  it('maps a group to the operator role, and refuses someone with no Yunqian group', async () => {
    const ops = await signInAs('li.ops');
    await expect
      .poll(() => ops.page.getByTestId('signed-in-as').textContent(), { timeout: 15_000 })
      .toBe('李运维 · 云运维');
    await ops.context.close();
    const none = await signInAs('zhao.none');
    await expect.poll(() => none.page.textContent('body'), { timeout: 15_000 }).toMatch(/no Yunqian role/);
    await none.context.close();
    const audit = await trpcQuery<{ action: string; actor: string }[]>(server, 'audit.list', 'auditor:', {
      objectType: 'user',
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.sso-create', 'session.sso-login']),
    );
  });

  it("refuses a callback opened in another browser (session swapping with an attacker's unused link)", async () => {
    // The attacker starts a sign-in: Yunqian binds its state to the attacker's browser.
    const start = await fetch(`${server.url}/auth/oidc/login`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const bound = start.headers
      .getSetCookie()
      .find((c) => c.startsWith('yq-oidc-state='))!
      .split(';')[0]!;
    expect(bound).toBe(`yq-oidc-state=${state}`);
    const link = `${server.url}/auth/oidc/callback?code=attackers-code&state=${state}`;
    // The victim's browser has no such cookie: refused before anything is exchanged.
    const victim = await fetch(link, { redirect: 'manual' });
    expect(victim.status).toBe(400);
    expect(await victim.text()).toMatch(/not started in this browser/);
    expect(
      victim.headers.getSetCookie().some((c) => c.startsWith('yq-session=') && !c.includes('Max-Age=0')),
    ).toBe(false);
    // The browser that started it gets past the binding (the made-up code then fails at the provider).
    const own = await fetch(link, { redirect: 'manual', headers: { cookie: bound } });
    expect(own.status).not.toBe(400);
  });
});
