// The resource-request workflow and identity in a real browser: a department asks, an operator
// approves in the dialog, a stale dialog loses to a faster decision with a clear message; the three
// administrators sign in with local accounts: the system administrator manages accounts but may not
// read the audit, the audit administrator reads it and its CSV, the security administrator grants roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { consoleAs, mutate as mutateAs } from '../harness/console.ts';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { seriousViolations } from '../harness/axe.ts';
import { Authenticator } from '../harness/second-factor.ts';
import { RUNBOOK_ITEMS } from '../../server/src/workflows/runbook.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';
import { loadPlanDir, type PlannedSystem } from '@yunqian/plan';

/** The plan the sandbox serves: where a department finds its systems' MLPS filing numbers. */
const PLAN = new URL('../../migrations-plan/', import.meta.url).pathname;
let planned: PlannedSystem[] = [];
const filingOf = (id: string) => planned.find((p) => p.id === id)?.mlps.filing;

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const ADMIN_PASSWORD = 'Correct-horse-battery-staple-9';
let server: RunningServer;
let browser: Browser;
/** The administrators' authenticator app (each enrols at its first sign-in). */
const app = new Authenticator();

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([
    startYunqian({
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: AT,
      YUNQIAN_ADMIN_USERNAME: 'admin',
      YUNQIAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      YUNQIAN_SECURITY_USERNAME: 'security',
      YUNQIAN_SECURITY_PASSWORD: ADMIN_PASSWORD,
      YUNQIAN_AUDITOR_USERNAME: 'audit',
      YUNQIAN_AUDITOR_PASSWORD: ADMIN_PASSWORD,
    }),
    launchChromium(),
  ]);
  planned = (await loadPlanDir(PLAN)).plan!.systems;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const as = (viewer: string | null) => consoleAs(browser, server, viewer);

/**
 * Signs in as `username` from the sign-in page (every administrator has the same test password):
 * the password, then the second factor — enrolled from the key the page shows at the first
 * sign-in, a fresh code at every later one.
 */
async function signInAs(page: import('playwright-core').Page, username: string) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  const code = page.getByLabel('动态验证码');
  await code.waitFor();
  if (await page.getByTestId('enrol-key').count()) await app.enrol(page, username);
  await code.fill(app.code(username));
  await page.getByTestId('login-submit').click();
  await expect
    .poll(() => page.getByTestId('signed-in-as').textContent())
    .toMatch(new RegExp(`^${username} · `));
}

/** Signs out whoever is signed in, and in as `username`. */
async function signOutAndIn(page: import('playwright-core').Page, username: string) {
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/login$/);
  await signInAs(page, username);
}
const mutate = (path: string, viewer: string, input: unknown, csrf?: string | null) =>
  mutateAs(server, path, viewer, input, csrf);

describe('resource requests', () => {
  it('a department asks (limits stated, errors on the field, one request per submission), an operator approves less after confirming', async () => {
    const [dctx, dept] = await as('department:gat');
    await dept.goto(`${server.url}/requests`);
    const form = dept.getByTestId('request-form');
    // The limits are said before anything is typed.
    await expect.poll(() => form.textContent()).toContain('上限 1,024');
    // One of its systems at MLPS level 3: the request carries the filing number the plan records.
    const s = planned.find((p) => p.department === 'gat' && p.mlps.level >= 3 && p.mlps.filing)!;
    await dept.getByRole('combobox', { name: '信息系统' }).fill(s.name.zh);
    await dept.getByRole('option', { name: s.name.zh }).first().click();
    await dept.getByTestId('request-cpu').fill('8');
    await dept.getByTestId('request-memoryGiB').fill('16');
    await dept.getByTestId('request-reason').fill('扩容');
    await dept.getByTestId('request-submit').click();
    // Refused on the field, in Chinese, with nothing of the validator's own output.
    await expect.poll(() => form.textContent()).toContain('至少 4 个字');
    const text = (await form.textContent())!;
    expect(text).not.toMatch(/[[{]"|too_small|expected|characters/);
    await dept.getByTestId('request-reason').fill('年底统计高峰，需要扩容');
    await dept.getByTestId('request-submit').click();
    await expect.poll(() => form.textContent()).toContain('申请须填写其备案号');
    await dept.getByTestId('request-filing').fill(s.mlps.filing!);
    // A double click sends the same submission twice: one request.
    await dept.getByTestId('request-submit').dblclick();
    await expect
      .poll(() => dept.getByTestId('request-made').textContent())
      .toMatch(/^已提交申请 #\d+，将在 .+ 前完成受理。$/);
    const id = /#(\d+)/.exec((await dept.getByTestId('request-made').textContent())!)![1]!;
    // The form is empty again, and cannot be sent until a system is chosen.
    expect(await dept.getByTestId('request-reason').inputValue()).toBe('');
    expect(await dept.getByTestId('request-submit').isDisabled()).toBe(true);
    const mine = (
      await trpcQuery<Out['requests']['list']>(server, 'requests.list', 'department:gat', {})
    ).filter((x) => x.reason === '年底统计高峰，需要扩容');
    expect(mine.map((x) => String(x.id))).toEqual([id]);
    await expect
      .poll(() => dept.getByTestId(`request-${id}-sla`).textContent())
      .toMatch(/^受理 · 剩余 3 个工作日/);
    await dept.screenshot({ path: `${SHOTS}requests-department-zh.png` });
    await dctx.close();

    const [octx, op] = await as('operator:');
    await op.goto(`${server.url}/requests`);
    // 受理 first; then the review.
    await op.getByTestId(`accept-${id}`).click();
    await op.getByTestId('accept-do').click();
    await expect
      .poll(() => op.getByTestId(`request-${id}-sla`).textContent())
      .toMatch(/^审核 · 剩余 2 个工作日/);
    await op.getByTestId(`decide-${id}`).click();
    // What was asked and what the system holds now, beside each amount.
    await expect
      .poll(() => op.getByTestId('decide-cpu-context').textContent())
      .toMatch(/^申请 8(当前配额 .+|暂无配额)$/);
    // Empty is not zero: the server refuses it on the field, and nothing is decided.
    await op.getByTestId('decide-cpu').fill('');
    await op.getByTestId('decide-approve').click();
    await expect.poll(() => op.getByTestId('decide-form').textContent()).toContain('请填写数字');
    expect(
      (await trpcQuery<Out['requests']['list']>(server, 'requests.list', 'operator:', {})).find(
        (x) => String(x.id) === id,
      )!.status,
    ).toBe('pending');
    // Less than asked: said back, and approved only when confirmed.
    await op.getByTestId('decide-cpu').fill('6');
    // Edited: the message about the empty field goes.
    await expect.poll(() => op.getByTestId('decide-form').textContent()).not.toContain('请填写数字');
    await op.getByTestId('decide-comment').fill('先批 6 核');
    await op.getByTestId('decide-approve').click();
    await expect.poll(() => op.getByTestId('decide-less').textContent()).toContain('CPU（核） 8 → 6');
    await op.screenshot({ path: `${SHOTS}requests-approve-less-zh.png` });
    await op.getByTestId('decide-confirm-less').click();
    await expect.poll(() => op.getByTestId(`request-${id}`).getAttribute('data-status')).toBe('approved');
    const [r] = (await trpcQuery<Out['requests']['list']>(server, 'requests.list', 'operator:', {})).filter(
      (x) => String(x.id) === id,
    );
    expect(r).toMatchObject({
      status: 'approved',
      approvedCpu: 6,
      approvedMemoryGiB: 16,
      decidedBy: 'demo-operator',
      comment: '先批 6 核',
    });
    await octx.close();
  });

  it('a decision on a stale view loses with a clear message, and nothing is overwritten', async () => {
    const { rows: plan } = await trpcQuery<Out['systems']['list']>(
      server,
      'systems.list',
      'department:gat',
      {},
    );
    const created = await mutate('requests.create', 'department:gat', {
      system: plan[0]!.id,
      network: plan[0]!.network,
      cpu: 2,
      memoryGiB: 4,
      storageGiB: 0,
      reason: '并发审批测试',
      filing: filingOf(plan[0]!.id),
    });
    const id = (created.body.result!.data as { id: number }).id;
    await mutate('requests.accept', 'operator:', { id, version: 1, decision: 'accept', comment: '' });
    const [ctx, op] = await as('operator:');
    await op.goto(`${server.url}/requests`);
    await op.getByTestId(`decide-${id}`).click();
    // Another operator rejects first, while this dialog is open.
    const first = await mutate('requests.decide', 'operator:', {
      id,
      version: 2,
      decision: 'reject',
      comment: '资源紧张，暂缓',
    });
    expect(first.status).toBe(200);
    await op.getByTestId('decide-approve').click();
    await expect.poll(() => op.getByTestId('decide-error').textContent()).toMatch(/^此事项已被他人办理/);
    const [r] = (await trpcQuery<Out['requests']['list']>(server, 'requests.list', 'operator:', {})).filter(
      (x) => x.id === id,
    );
    expect(r).toMatchObject({ status: 'rejected', comment: '资源紧张，暂缓', version: 3 });
    await ctx.close();
  });

  it('a request has its own page: what was asked, each step, and withdrawing it while pending', async () => {
    const { rows: plan } = await trpcQuery<Out['systems']['list']>(
      server,
      'systems.list',
      'department:gat',
      {},
    );
    const created = await mutate('requests.create', 'department:gat', {
      system: plan[1]!.id,
      network: plan[1]!.network,
      cpu: 4,
      memoryGiB: 8,
      storageGiB: 100,
      reason: '专题库扩容，月底上线',
      filing: filingOf(plan[1]!.id),
    });
    const id = (created.body.result!.data as { id: number }).id;
    const [ctx, page] = await as('department:gat');
    await page.goto(`${server.url}/requests`);
    await page.getByTestId(`request-${id}`).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/requests/${id}$`));
    await expect
      .poll(() => page.getByTestId('request-asked').textContent())
      .toBe('CPU 4 核 · 内存 8 GiB · 存储 100 GiB');
    expect(await page.getByTestId('step-accept').getAttribute('data-state')).toBe('current');
    expect(await page.getByTestId('step-accept-clock').textContent()).toMatch(/^剩余 3 个工作日/);
    await page.getByTestId('request-withdraw').click();
    await page.getByTestId('ask-withdraw-comment').fill('需求已合并到另一申请');
    await page.getByTestId('ask-withdraw-ok').click();
    await expect.poll(() => page.getByTestId('request-page').getAttribute('data-status')).toBe('withdrawn');
    expect(await page.getByTestId('step-accept').getAttribute('data-state')).toBe('stopped');
    expect(await page.getByTestId('request-steps').textContent()).toContain('撤回申请');
    expect(await page.getByTestId('request-withdraw').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}request-page-zh.png` });
    await ctx.close();
    // Only the one who asked may withdraw, and only while pending.
    const other = await mutate('requests.withdraw', 'operator:', { id, version: 2 });
    expect(other.status).toBe(403);
  });

  it('walks a request through its steps on the page: amended, accepted, reviewed, provisioning on its clock', async () => {
    const s = planned.filter((p) => p.department === 'gat' && p.mlps.level >= 3 && p.mlps.filing).at(-1)!;
    const created = await mutate('requests.create', 'department:gat', {
      system: s.id,
      network: s.network,
      cpu: 2,
      memoryGiB: 4,
      storageGiB: 0,
      reason: '新系统上云资源',
      filing: s.mlps.filing,
    });
    const id = (created.body.result!.data as { id: number }).id;
    // The department amends while it is undecided: the acceptance starts again.
    const [dctx, dept] = await as('department:gat');
    await dept.goto(`${server.url}/requests/${id}`);
    await expect.poll(() => dept.getByTestId('request-filing').textContent()).toBe(s.mlps.filing);
    await dept.getByTestId('request-amend').click();
    await dept.getByTestId('amend-cpu').fill('3');
    await dept.getByTestId('amend-save').click();
    await expect
      .poll(() => dept.getByTestId('request-asked').textContent())
      .toBe('CPU 3 核 · 内存 4 GiB · 存储 0 GiB');
    expect(await dept.getByTestId('step-accept').getAttribute('data-state')).toBe('current');
    await expect.poll(() => dept.getByTestId('step-accept-clock').textContent()).toMatch(/^剩余 3 个工作日/);
    // A department neither accepts nor reviews.
    expect(await dept.getByTestId('request-accept').count()).toBe(0);
    await dctx.close();

    const [octx, op] = await as('operator:');
    await op.goto(`${server.url}/requests/${id}`);
    await op.getByTestId('request-accept').click();
    await op.getByTestId('accept-comment').fill('材料齐全，予以受理');
    await op.getByTestId('accept-do').click();
    await expect.poll(() => op.getByTestId('request-step').getAttribute('data-step')).toBe('review');
    await expect.poll(() => op.getByTestId('step-review-clock').textContent()).toMatch(/^剩余 2 个工作日/);
    await op.getByTestId('request-decide').click();
    await op.getByTestId('decide-comment').fill('同意');
    await op.getByTestId('decide-approve').click();
    await expect.poll(() => op.getByTestId('request-step').getAttribute('data-step')).toBe('provision');
    // Provisioning waits for the evidence (the live quota), on its own clock.
    await expect.poll(() => op.getByTestId('step-provision-clock').textContent()).toMatch(/^剩余 2 个工作日/);
    const steps = (await op.getByTestId('request-steps').textContent())!;
    expect(steps).toContain('demo-operator 受理');
    expect(steps).toContain('材料齐全，予以受理');
    expect(steps).toContain('修改申请（2/4/0 → 3/4/0）');
    expect(await seriousViolations(op)).toEqual([]);
    await op.screenshot({ path: `${SHOTS}request-lifecycle-zh.png`, fullPage: true });
    await octx.close();
    const [ectx, en] = await consoleAs(browser, server, 'department:gat', {
      locale: 'en',
      width: 390,
      height: 844,
    });
    await en.goto(`${server.url}/requests/${id}`);
    await expect
      .poll(() => en.getByTestId('step-provision-clock').textContent())
      .toMatch(/^2 working days left/);
    expect(await seriousViolations(en)).toEqual([]);
    await en.screenshot({ path: `${SHOTS}request-lifecycle-en-390.png`, fullPage: true });
    await ectx.close();
  });

  it('refuses a mutation without the CSRF token', async () => {
    const r = await mutate(
      'requests.decide',
      'operator:',
      { id: 1, version: 1, decision: 'reject', comment: 'xxxx' },
      null,
    );
    expect(r.status).toBe(403);
  });
});

describe('sign-offs on the system page', () => {
  it('the department signs the cut-over, an operator confirms, and the stage moves', async () => {
    const { rows: systems } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'operator:', {
      stage: 'serving',
      limit: 20_000,
    });
    const s = systems.find((x) => x.inScope)!;
    const [dctx, dept] = await as(`department:${s.department}`);
    await dept.goto(`${server.url}/systems/${s.id}`);
    // The runbook holds the signature back until every item is done (the server's rule, shown).
    await expect.poll(() => dept.getByTestId('sign-cut-over').isDisabled()).toBe(true);
    expect(await dept.getByTestId('sign-cut-over-held').textContent()).toContain('还差 5 项');
    for (const item of RUNBOOK_ITEMS) {
      // Checked once the server has kept it (the box shows the server's list, not a local guess).
      await dept.getByTestId(`runbook-${item}`).click();
      await expect.poll(() => dept.getByTestId(`runbook-${item}`).isChecked()).toBe(true);
    }
    await expect.poll(() => dept.getByTestId('sign-cut-over').isDisabled()).toBe(false);
    await dept.screenshot({ path: `${SHOTS}runbook-zh.png`, fullPage: true });
    await dept.getByTestId('sign-cut-over').click();
    // One click only asks: nothing is signed until the dialog is confirmed.
    await dept.getByTestId('ask-sign').waitFor();
    expect(
      (
        await trpcQuery<Out['workflows']['forSystem']>(server, 'workflows.forSystem', 'operator:', {
          system: s.id,
        })
      ).signoffs,
    ).toEqual([]);
    await dept.getByTestId('ask-sign-comment').fill('业务已稳定运行两周');
    await dept.screenshot({ path: `${SHOTS}signoff-ask-zh.png` });
    await dept.getByTestId('ask-sign-ok').click();
    await expect.poll(() => dept.getByTestId('signoff-cut-over').textContent()).toMatch(/待云运维确认/);
    await dctx.close();
    const [octx, op] = await as('operator:');
    await op.goto(`${server.url}/systems/${s.id}`);
    await expect
      .poll(() => op.getByTestId('signoff-cut-over').textContent())
      .toContain('签署意见：业务已稳定运行两周');
    await op.getByTestId('confirm-cut-over').click();
    await op.getByTestId('ask-confirm-ok').click();
    await expect.poll(() => op.getByTestId('signoff-cut-over').textContent()).toMatch(/已确认/);
    const after = await trpcQuery<Out['systems']['get']>(server, 'systems.get', 'operator:', { id: s.id });
    expect(after.stage).toBe('cut-over');
    await op.screenshot({ path: `${SHOTS}signoff-zh.png` });
    // 回退: an explicit act with its reason (refused without one), and the stage goes back.
    await op.getByTestId('rollback-cut-over').click();
    await op.getByTestId('ask-rollback-ok').click();
    await expect.poll(() => op.getByTestId('ask-rollback-error').textContent()).toContain('请填写回退原因');
    await op.getByTestId('ask-rollback-comment').fill('割接后业务异常，回退原系统');
    await op.getByTestId('ask-rollback-ok').click();
    await expect
      .poll(() => op.locator('[data-testid^="rollback-"]').last().textContent())
      .toContain('回退：割接后业务异常，回退原系统');
    expect(
      (await trpcQuery<Out['systems']['get']>(server, 'systems.get', 'operator:', { id: s.id })).stage,
    ).toBe('serving');
    await octx.close();
  });
});

describe('sign-in and audit', () => {
  it('the three administrators sign in: accounts, the audit trail and its CSV, role grants, each apart', async () => {
    const [ctx, page] = await as(null);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password-here');
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toMatch(/^用户名或密码错误，或账号因连续输错已被临时锁定/);
    // The password alone asks for the second factor, enrolled here (MLPS level 3).
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('enrol-key').waitFor();
    await app.enrol(page, 'admin');
    await page.locator('form').screenshot({ path: `${SHOTS}second-factor-enrol-zh.png` });
    await page.getByLabel('动态验证码').fill('000000');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/^验证码不正确或已使用过/);
    await page.getByLabel('动态验证码').fill(app.code('admin'));
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('admin · 系统管理员');
    await expect.poll(() => page.getByTestId('last-sign-in').textContent()).toMatch(/^这是本账号的首次登录/);
    const cookies = await ctx.cookies();
    expect(cookies.find((c) => c.name === 'yq-session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    // Accounts: the administrator's own row cannot be disabled by themselves (another must); roles
    // are not theirs to change.
    await page.goto(`${server.url}/users`);
    await page.getByTestId('user-admin').waitFor();
    expect(await page.getByTestId('user-role-audit').textContent()).toBe('审计管理员');
    await page.getByTestId('user-toggle-admin').click();
    await expect.poll(() => page.getByTestId('users-error').textContent()).toMatch(/不能更改本人账号/);
    await page.screenshot({ path: `${SHOTS}users-zh.png` });
    // The audit is not the system administrator's (三员分立): the page says why, and who holds it.
    await page.goto(`${server.url}/audit`);
    await expect.poll(() => page.getByTestId('why-not').getAttribute('data-permission')).toBe('audit.read');
    expect(await page.getByTestId('why-not').innerText()).toContain('拥有此权限的角色：审计管理员');
    expect((await page.request.get(`${server.url}/audit.csv`)).status()).toBe(403);
    await signOutAndIn(page, 'audit');

    await page.goto(`${server.url}/audit`);
    await expect.poll(() => page.getByTestId('audit-verify').textContent()).toMatch(/审计链完整/);
    // Every act is in the trail (the whole trail, as exported: reads of the audit and the accounts
    // are audited too, so the newest page holds those).
    const trail = await (await page.request.get(`${server.url}/audit.csv`)).text();
    for (const action of [
      'signoff.sign',
      'signoff.confirm',
      'request.create',
      'request.approve',
      'request.reject',
      'session.login',
      'user.create',
      'audit.read',
    ])
      expect(trail).toContain(`,${action},`);
    // The requests' own rows, chosen by object type.
    await page.getByRole('combobox', { name: '对象类型' }).click();
    await page.getByRole('option', { name: '资源申请', exact: true }).click();
    // Actions in words, changes field by field (no JSON), object types to choose from.
    await expect.poll(() => page.getByRole('grid').textContent()).toContain('批准资源申请');
    const approved = page.locator('[data-action="request.approve"]').first();
    const rowId = (await approved.getAttribute('data-testid'))!.replace('audit-', '');
    expect(await page.getByTestId(`audit-change-${rowId}`).textContent()).toMatch(
      /状态：办理中 → 已批准，待开通/,
    );
    expect(await page.getByRole('grid').textContent()).not.toMatch(/\{"/);
    expect(await page.getByTestId('audit-export-csv').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}audit-zh.png` });
    const csv = await page.request.get(`${server.url}/audit.csv?objectType=resource-request`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.replace(/^\ufeff/, '').split('\r\n')[0]).toBe(
      'id,at,actor,action,object_type,object_id,before,after,request_id,hash',
    );
    expect(text).toContain('request.approve');
    expect(text).not.toContain('session.login');
    // The audit administrator reads the others' acts, and administers no account.
    expect((await page.request.get(`${server.url}/audit.csv`)).status()).toBe(200);
    await page.goto(`${server.url}/users`);
    await page.getByTestId('why-not').waitFor();

    // The security administrator changes who holds which role, and nothing else of an account.
    await signOutAndIn(page, 'security');
    await page.goto(`${server.url}/users`);
    await page.getByTestId('user-admin').waitFor();
    expect(await page.getByTestId('user-role-audit').textContent()).toBe('审计管理员');
    // Role, unit and network are set in one form (users.grant).
    expect(await page.getByTestId('user-grant-audit').count()).toBe(1);
    expect(await page.getByTestId('user-toggle-audit').count()).toBe(0);
    // A lost phone: the security administrator resets the audit administrator's second factor.
    expect(await page.getByTestId('user-2fa-audit').textContent()).toBe('已绑定');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('user-2fa-reset-audit').click();
    await expect.poll(() => page.getByTestId('user-2fa-audit').textContent()).toBe('未绑定');
    expect(await page.getByTestId('user-2fa-reset-security').count()).toBe(1);
    await page.locator('main').screenshot({ path: `${SHOTS}users-security-zh.png` });

    // The system administrator again: told of the sign-in before this one, and from where.
    await signOutAndIn(page, 'admin');
    await expect
      .poll(() => page.getByTestId('last-sign-in').textContent())
      .toMatch(/^上次登录：.+，来自 127\.0\.0\.1。如非本人操作/);
    await page.getByTestId('last-sign-in').screenshot({ path: `${SHOTS}last-sign-in-zh.png` });

    // The system administrator resets the audit administrator's password: its owner changes it at
    // the next sign-in (the rules in words), then enrols a new second factor (reset above).
    const csrf = (await ctx.cookies()).find((c) => c.name === 'yq-csrf')!.value;
    const temporary = 'Temporary-passw0rd-1';
    const reset = await page.request.post(`${server.url}/trpc/users.update`, {
      headers: { 'x-csrf-token': decodeURIComponent(csrf) },
      data: { username: 'audit', change: { kind: 'password', password: temporary } },
    });
    expect(reset.status()).toBe(200);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel('用户名').fill('audit');
    await page.getByLabel('密码').fill(temporary);
    await page.getByTestId('login-submit').click();
    await page.locator('input[name="password"][autocomplete="new-password"]').fill(temporary);
    await page.locator('input[name="again"]').fill(temporary);
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('新密码不符合要求：不得与最近使用过的密码相同');
    await page.locator('form').screenshot({ path: `${SHOTS}change-password-zh.png` });
    await page.locator('input[name="password"][autocomplete="new-password"]').fill('Audit-own-passw0rd-7');
    await page.locator('input[name="again"]').fill('Audit-own-passw0rd-7');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('enrol-key').waitFor();
    await app.enrol(page, 'audit');
    await page.getByLabel('动态验证码').fill(app.code('audit'));
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('audit · 审计管理员');

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login$/);
    // Signed out, the sandbox falls back to its demo leader, who may not read the audit.
    expect((await page.request.get(`${server.url}/audit.csv`)).status()).toBe(403);
    await ctx.close();
  });
});
