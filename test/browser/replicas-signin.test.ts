// Sign-in across two replicas on one PostgreSQL, as `infra/deploy` runs them behind one Service
// with no session affinity: a single sign-on started on replica A completes on replica B, and
// wrong passwords spread over both replicas are limited and lock the account exactly as on one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { startYunqian, type RunningServer } from '../harness/yunqian.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { startKubeCluster, type KubeCluster } from '../harness/kube.ts';
import { launchChromium } from '../harness/chromium.ts';
import { freePort } from '../harness/ports.ts';
import { openStore, rawQuery } from '../../server/src/store/db.ts';
import { MAX_FAILED } from '../../server/src/store/accounts.ts';

const BIN = new URL('../../server/bin/yunqian.mjs', import.meta.url).pathname;
const PASSWORD = 'Correct-Horse-42-Battery';

let pg: RunningPostgres;
let kube: KubeCluster;
let idp: Server;
let a: RunningServer;
let b: RunningServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  [pg, kube] = await Promise.all([startPostgres(), startKubeCluster({ name: 'rsi' })]);
  const [idpPort, aPort, bPort] = [await freePort(), await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${idpPort}`;
  // The provider sends every browser back to replica B: the sign-in is started on A.
  const callback = `http://127.0.0.1:${bPort}/auth/oidc/callback`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'yunqian',
        client_secret: 'yunqian-secret',
        redirect_uris: [callback],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-cookie-key'] },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        claims: async () => ({ sub: id, preferred_username: id, name: '李运维', groups: ['yq-operator'] }),
      };
    },
  });
  idp = provider.listen(idpPort, '127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'yq-replicas-'));
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      // One real cluster (a server needs one outside the sandbox); sign-in does not touch it.
      'clusters:',
      '  - id: rsi',
      '    network: external',
      '    name: { zh: 外网, en: External }',
      '    maxMlps: 3',
      `    kubeconfig: ${kube.kubeconfig}`,
      'server:',
      // The test sends X-Forwarded-For as a load balancer would, to sign in from two addresses.
      '  trustedProxies: ["127.0.0.1"]',
      'auth:',
      '  oidc:',
      `    issuer: ${issuer}`,
      '    clientId: yunqian',
      `    redirectUri: ${callback}`,
      '    allowInsecure: true',
      '    roleMapping:',
      '      yq-operator: operator',
      '',
    ].join('\n'),
  );
  const env = {
    YUNQIAN_SANDBOX: 'false',
    DATABASE_URL: pg.url,
    YUNQIAN_CONFIG: join(dir, 'config.yaml'),
    YUNQIAN_OIDC_CLIENT_SECRET: 'yunqian-secret',
  };
  // Two accounts for the password test, made with the command line on the shared database.
  for (const user of ['zhang.one', 'zhang.two']) {
    const r = spawnSync(process.execPath, [BIN, 'user', 'create', user, 'operator'], {
      env: { ...process.env, ...env, YUNQIAN_NEW_PASSWORD: PASSWORD },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
  }
  [a, b, browser] = await Promise.all([startYunqian(env, aPort), startYunqian(env, bPort), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await new Promise<void>((r) => (idp ? idp.close(() => r()) : r()));
  await Promise.all([pg?.stop(), kube?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sign-in across replicas', () => {
  it('a single sign-on started on replica A completes on replica B', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${a.url}/auth/oidc/login`);
    await page.locator('input[name="login"]').fill('li.ops');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    if (page.url().includes('/interaction/')) await page.locator('button[type="submit"]').first().click();
    // Back on B, signed in: B found the sign-in A started.
    await expect.poll(() => new URL(page.url()).port, { timeout: 15_000 }).toBe(new URL(b.url).port);
    const viewer = async (url: string) =>
      page.evaluate(
        async (u) =>
          (
            (await (await fetch(`${u}/trpc/meta.session`)).json()) as {
              result: { data: { viewer: unknown } };
            }
          ).result.data.viewer,
        url,
      );
    await expect.poll(() => viewer(b.url), { timeout: 15_000 }).toMatchObject({ role: 'operator' });
    // The same session on A (the Service may send the next request anywhere).
    await page.goto(`${a.url}/`);
    expect(await viewer(a.url)).toMatchObject({ role: 'operator' });
    await context.close();
  });

  it('twenty wrong passwords over two replicas limit and lock exactly as on one', async () => {
    const attempt = (server: RunningServer, user: string, from: string) =>
      fetch(`${server.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ username: user, password: 'wrong-password' }),
      }).then((r) => r.status);
    const one: number[] = [];
    for (let i = 0; i < 20; i++) one.push(await attempt(a, 'zhang.one', '10.1.0.1'));
    const spread: number[] = [];
    for (let i = 0; i < 20; i++) spread.push(await attempt(i % 2 ? b : a, 'zhang.two', '10.1.0.2'));
    // Ten failures a minute from one address, then refused, wherever the attempts land.
    expect(one).toEqual([...Array<number>(10).fill(401), ...Array<number>(10).fill(429)]);
    expect(spread).toEqual(one);
    // Both accounts are locked after the same number of failures.
    const store = await openStore({ url: pg.url });
    try {
      const rows = await rawQuery<{ username: string; failed_logins: number; locked: boolean }>(
        store.db,
        "SELECT username, failed_logins, locked_until IS NOT NULL AS locked FROM users WHERE username LIKE 'zhang.%' ORDER BY username",
      );
      expect(rows.map((r) => r.locked)).toEqual([true, true]);
      expect(rows[0]!.failed_logins).toBe(rows[1]!.failed_logins);
      expect(rows[0]!.failed_logins).toBeGreaterThanOrEqual(MAX_FAILED);
    } finally {
      await store.close();
    }
    // From a new address, on the other replica, even the right password is refused: the
    // account's own limit counts every replica's failures.
    const right = await fetch(`${b.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.0.3' },
      body: JSON.stringify({ username: 'zhang.two', password: PASSWORD }),
    });
    expect(right.status).toBe(429);
  });
});
