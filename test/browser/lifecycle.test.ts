// A resource request walked through every step in Chromium, each by the right person, on a real
// server (PostgreSQL 15) reading a real kube-apiserver 1.20: the department applies with its
// filing number; one data-bureau operator accepts, another approves; the grant is provisioned when
// the tenant's ResourceQuota on the API server carries it (the test applies the quota the tenant
// program declares, as `pulumi up` would); the department confirms its test; the department, the
// data bureau and the cloud provider (the external network's operator) confirm the trial run; the
// system is live. The clocks are visible at each step. The province here sets the trial run's
// minimum to 0 days (the 30-day minimum is tested on the moved clock in integration/lifecycle).
// Two server processes share the database, people act on either, and every notification the
// walk produces reaches the province's webhook receiver exactly once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { loadPlanDir, quotaHardFor, tenantSpec, type PlannedSystem } from '@yunqian/plan';
import { startYunqian, type RunningServer } from '../harness/yunqian.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { kubeAvailable, startKubeCluster, type KubeCluster } from '../harness/kube.ts';
import { launchChromium } from '../harness/chromium.ts';
import { seriousViolations } from '../harness/axe.ts';
import { openStore, rawQuery } from '../../server/src/store/db.ts';
import { createUser } from '../../server/src/store/accounts.ts';

const PLAN = new URL('../../migrations-plan/', import.meta.url).pathname;
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const PASSWORD = 'Correct-Horse-42-Battery';
const HEADROOM = 1.2;
let pg: RunningPostgres;
let kube: KubeCluster;
let server!: RunningServer;
let second!: RunningServer;
let browser: Browser;
let receiver: Server;
/** What the province's webhook receiver was sent. */
const received: { kind: string; recipient: string; subject: string; text: string }[] = [];
let dir: string;
let s: PlannedSystem;
let core: CoreV1Api;

beforeAll(async () => {
  const missing = kubeAvailable();
  if (missing) throw new Error(missing);
  await mkdir(SHOTS, { recursive: true });
  const plan = (await loadPlanDir(PLAN)).plan!;
  // A level-3 system of a province department on the external network.
  s = plan.systems.find((x) => x.department === 'gat' && x.network === 'external' && x.mlps.level >= 3)!;
  [pg, kube, browser] = await Promise.all([
    startPostgres(),
    startKubeCluster({ name: 'lc' }),
    launchChromium(),
  ]);
  // Its tenant as the tenant program made it: namespace and quota, with the plan's estimate.
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  const spec = tenantSpec(
    s,
    {
      labelPrefix: 'yunqian.gov.cn',
      quotaHeadroom: HEADROOM,
      ingressNamespace: 'ingress-nginx',
      departmentGroupPrefix: 'yunqian:department:',
    },
    { department: '省公安厅', system: s.name.zh },
  );
  await core.createNamespace({ body: spec.namespace as never });
  await core.createNamespacedResourceQuota({ namespace: s.id, body: spec.quota as never });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/yunqian`;
  dir = mkdtempSync(join(tmpdir(), 'yq-lifecycle-'));
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'clusters:',
      '  - id: lc',
      '    network: external',
      '    name: { zh: 政务外网, en: External network }',
      '    maxMlps: 3',
      `    kubeconfig: ${kube.kubeconfig}`,
      'auth:',
      '  secondFactorRoles: []',
      'requests:',
      `  quotaHeadroom: ${HEADROOM}`,
      '  lifecycle:',
      '    trial: { minimumDays: 0 }',
      'notifications:',
      '  enabled: true',
      '  pollSeconds: 0.2',
      `  webhook: { url: "${hook}" }`,
      '',
    ].join('\n'),
  );
  const store = await openStore({ url: pg.url });
  try {
    const setup = { id: 'setup', requestId: 'setup' };
    for (const [username, role, department, network] of [
      ['gat-wang', 'department', 'gat', null],
      ['bureau-li', 'operator', null, null],
      ['bureau-zhao', 'operator', null, null],
      ['cloud-chen', 'operator', null, 'external'],
    ] as const)
      await createUser(
        store,
        { username, displayName: username, role, department, network, password: PASSWORD },
        setup,
      );
  } finally {
    await store.close();
  }
  const env = { YUNQIAN_SANDBOX: 'false', DATABASE_URL: pg.url, YUNQIAN_CONFIG: join(dir, 'config.yaml') };
  [server, second] = await Promise.all([startYunqian(env), startYunqian(env)]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), second?.stop()]);
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  await Promise.all([pg?.stop(), kube?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A browser signed in as `username` with its password. */
async function signedIn(username: string, on: RunningServer = server): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1100 } });
  const page = await context.newPage();
  await page.goto(`${on.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect
    .poll(() => page.getByTestId('signed-in-as').textContent())
    .toMatch(new RegExp(`^${username} · `));
  return page;
}

const stepOf = (page: Page) => page.getByTestId('request-step').getAttribute('data-step');
const act = async (page: Page, action: string, comment: string) => {
  await page.getByTestId(`request-${action}`).click();
  await page.getByTestId(`ask-${action}-comment`).fill(comment);
  await page.getByTestId(`ask-${action}-ok`).click();
};

describe('a request through every step, in the browser', () => {
  it('is applied for, accepted, approved, provisioned by the live quota, tested, confirmed by three parties, and live', async () => {
    // 申请: the department, with the filing number.
    const dept = await signedIn('gat-wang');
    await dept.goto(`${server.url}/requests`);
    await dept.getByRole('combobox', { name: '信息系统' }).fill(s.name.zh);
    await dept.getByRole('option', { name: s.name.zh }).first().click();
    await dept.getByTestId('request-filing').fill(s.mlps.filing!);
    await dept.getByTestId('request-cpu').fill('4');
    await dept.getByTestId('request-memoryGiB').fill('8');
    await dept.getByTestId('request-reason').fill('新业务上线，需要扩容');
    await dept.getByTestId('request-submit').click();
    const id = /#(\d+)/.exec((await dept.getByTestId('request-made').textContent())!)![1]!;
    const url = `${server.url}/requests/${id}`;

    // 受理 by one of the data bureau, on its 3-working-day clock.
    const li = await signedIn('bureau-li');
    await li.goto(url);
    await expect.poll(() => li.getByTestId('step-accept-clock').textContent()).toMatch(/^剩余 3 个工作日/);
    await li.getByTestId('request-accept').click();
    await li.getByTestId('accept-do').click();
    await expect.poll(() => stepOf(li)).toBe('review');
    // The one who accepted may also review, but another does here; the clock is the review's.
    const zhao = await signedIn('bureau-zhao', second);
    await zhao.goto(url.replace(server.url, second.url));
    await expect.poll(() => zhao.getByTestId('step-review-clock').textContent()).toMatch(/^剩余 2 个工作日/);
    await zhao.getByTestId('request-decide').click();
    await zhao.getByTestId('decide-comment').fill('同意');
    await zhao.getByTestId('decide-approve').click();
    await expect.poll(() => stepOf(zhao)).toBe('provision');
    await expect
      .poll(() => zhao.getByTestId('step-provision-clock').textContent())
      .toMatch(/^剩余 2 个工作日/);

    // 开通: the tenant program applies the grant (the quota it declares now), and the engine sees it.
    const hard = quotaHardFor(s, HEADROOM, [{ system: s.id, cpu: 4, memoryGiB: 8, storageGiB: 0 }]);
    const [quota] = (await core.listNamespacedResourceQuota({ namespace: s.id })).items;
    quota!.spec = { hard };
    await core.replaceNamespacedResourceQuota({
      name: quota!.metadata!.name!,
      namespace: s.id,
      body: quota!,
    });
    await dept.goto(url);
    // Within the reconciler's 10 s throttle and a watch event (the quota change alone moves it on).
    await expect.poll(() => stepOf(dept), { timeout: 25_000 }).toBe('test');
    await expect.poll(() => dept.getByTestId('step-test-clock').textContent()).toMatch(/^剩余 15 天/);
    expect(await seriousViolations(dept)).toEqual([]);
    await dept.screenshot({ path: `${SHOTS}request-test-zh.png`, fullPage: true });

    // 测试: the department confirms; the provider cannot.
    const chen = await signedIn('cloud-chen', second);
    const otherUrl = url.replace(server.url, second.url);
    await chen.goto(otherUrl);
    expect(await chen.getByTestId('request-passTest').count()).toBe(0);
    await act(dept, 'passTest', '功能与性能测试通过');
    await expect.poll(() => stepOf(dept)).toBe('trial');

    // 试运行: three parties, three people; the third takes the system live.
    await act(dept, 'confirmTrial', '运行平稳');
    await expect.poll(() => dept.getByTestId('trial-department').getAttribute('data-confirmed')).toBe('true');
    expect(await dept.getByTestId('request-confirmTrial').count()).toBe(0);
    await li.goto(url);
    await expect
      .poll(() => li.getByTestId('request-actions').textContent())
      .toContain('您以“数据局”身份确认');
    await act(li, 'confirmTrial', '');
    await chen.goto(url);
    await expect
      .poll(() => chen.getByTestId('request-actions').textContent())
      .toContain('您以“云服务商”身份确认');
    await act(chen, 'confirmTrial', '资源运行正常');
    await expect.poll(() => stepOf(chen)).toBe('online');
    for (const step of ['accept', 'review', 'provision', 'test', 'trial', 'online'])
      expect(await chen.getByTestId(`step-${step}`).getAttribute('data-state')).toBe('done');
    expect(await chen.getByTestId('trial-provider').getAttribute('data-confirmed')).toBe('true');
    expect(await seriousViolations(chen)).toEqual([]);
    await chen.screenshot({ path: `${SHOTS}request-online-zh.png`, fullPage: true });

    // Every notification the walk enqueued, sent once by one of the two processes.
    const store = await openStore({ url: pg.url });
    try {
      const outbox = () =>
        rawQuery<{ recipient: string; kind: string; status: string }>(
          store.db,
          "SELECT recipient, kind, status FROM notification_outbox WHERE channel = 'webhook' ORDER BY id",
        );
      await expect
        .poll(async () => (await outbox()).every((r) => r.status === 'sent'), { timeout: 20_000 })
        .toBe(true);
      const rows = await outbox();
      // Acceptance, each level's review, provisioning, the test and the trial run were waited for.
      expect(rows.filter((r) => r.kind === 'request.awaiting').length).toBeGreaterThanOrEqual(5);
      expect(
        received.length,
        JSON.stringify({ rows, received: received.map((b) => [b.recipient, b.kind]) }),
      ).toBe(rows.length);
      const told = received.map((b) => `${b.recipient}|${b.subject}|${b.text}`);
      expect(new Set(told).size).toBe(told.length);
      expect(received.filter((b) => b.recipient === 'gat-wang').map((b) => b.text)).toEqual(
        expect.arrayContaining([expect.stringContaining('已到“测试”环节，等待您完成测试')]),
      );
    } finally {
      await store.close();
    }
  });
});
