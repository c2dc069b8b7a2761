// Department administrators and role grants with approval in a real browser: a department
// administrator (部门管理员) adds a staff member to a unit of its subtree (an initial password shown
// once), proposes a role for them; the security administrator sees the proposal on the users page
// and approves it; the proposer sees it approved; the new department administrator signs in with
// the initial password, must change it, and enrols a second factor. Axe-clean in both languages
// and on a phone. Screenshots in /tmp/shots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import { Authenticator } from '../harness/second-factor.ts';
import { passwordProblems } from '../../server/src/auth/password-policy.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = '/tmp/shots/';
const DEPT_ADMIN = 'department-admin:fgw';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until no spinner is left in the main area. */
async function settled(page: Page) {
  await expect
    .poll(() => page.locator('main [role="progressbar"]:not([aria-valuenow])').count(), { timeout: 20_000 })
    .toBe(0);
}

async function axeClean(page: Page, where: string) {
  expect(await seriousViolations(page), where).toEqual([]);
}

/** A select's menu has left the page (its fading items would be checked by axe). */
const menuGone = (page: Page) => expect.poll(() => page.locator('li[data-value]').count()).toBe(0);

/** Picks a unit in a unit picker by typing part of its name. */
async function pickUnit(page: Page, testId: string, typed: string, unit: string) {
  await page.getByTestId(testId).fill(typed);
  await page.locator(`[role="option"][data-unit="${unit}"]`).click();
}

describe('department administrators and role grants with approval', () => {
  it('a department administrator adds a staff member and proposes a role; the security administrator approves it', async () => {
    const [dctx, dept] = await consoleAs(browser, server, DEPT_ADMIN);
    // Its home is its unit's staff, in the navigation under the permission's page.
    await dept.goto(server.url);
    await dept.waitForURL(/\/staff$/);
    await expect.poll(() => dept.getByRole('tab', { name: '本单位人员' }).count()).toBe(1);
    await expect.poll(() => dept.getByTestId('staff-intro').textContent()).toContain('省发展和改革委员会');
    await dept.getByTestId('staff-none').waitFor();
    // The unit picker offers the subtree alone: 发改委, its information centre and its section.
    await dept.getByTestId('staff-unit').click();
    await expect
      .poll(() =>
        dept.locator('[role="option"]').evaluateAll((os) => os.map((o) => o.getAttribute('data-unit'))),
      )
      .toEqual(['fgw', 'fgw-xxzx', 'fgw-xxzx-yw']);
    await dept.keyboard.press('Escape');

    await dept.getByTestId('staff-username').fill('zhang.wei');
    await dept.getByTestId('staff-name').fill('张伟');
    await pickUnit(dept, 'staff-unit', '信息中心', 'fgw-xxzx');
    await dept.getByTestId('staff-submit').click();
    await dept.getByTestId('staff-password').waitFor();
    const password = (await dept.getByTestId('staff-password').textContent())!;
    expect(passwordProblems(password)).toEqual([]);
    await expect.poll(() => dept.getByTestId('staff-added').textContent()).toContain('只显示这一次');
    await expect
      .poll(() => dept.getByTestId('staff-unit-zhang.wei').textContent())
      .toBe('省发展和改革委员会信息中心');
    // The same name again: refused on the field, in words.
    await dept.getByTestId('staff-username').fill('zhang.wei');
    await dept.getByTestId('staff-name').fill('张伟');
    await pickUnit(dept, 'staff-unit', '发展和改革委员会', 'fgw');
    await dept.getByTestId('staff-submit').click();
    await expect
      .poll(() => dept.getByTestId('staff-add').textContent())
      .toContain('用户名 zhang.wei 已被使用');
    // The initial password stays on the screen until dismissed.
    expect(await dept.getByTestId('staff-password').textContent()).toBe(password);
    await settled(dept);
    await axeClean(dept, 'staff page (zh)');
    await dept.screenshot({ path: `${SHOTS}staff-added-zh.png`, fullPage: true });

    // A role for the new staff member: proposed, not granted.
    await dept.getByTestId('staff-propose-zhang.wei').click();
    const dialog = dept.getByTestId('grant-dialog');
    await dialog.waitFor();
    await dept.getByRole('combobox', { name: '角色' }).click();
    await dept.getByRole('option', { name: '部门管理员' }).click();
    // The menu is gone (not fading out) before anything is checked.
    await menuGone(dept);
    // A department administrator must have a unit (the server's policy says so): the field says so.
    await expect.poll(() => dialog.textContent()).toContain('此角色须选择所属单位');
    expect(await dialog.getByTestId('grant-network').count()).toBe(0);
    await dept.getByTestId('grant-reason').fill('担任信息中心部门管理员');
    await axeClean(dept, 'proposal dialog (zh)');
    await dialog.screenshot({ path: `${SHOTS}propose-dialog-zh.png` });
    await dept.getByTestId('grant-submit').click();
    await expect
      .poll(() => dept.getByTestId('staff-notice').textContent())
      .toMatch(/^已提交授权提议 #\d+，待安全管理员审批。$/);
    const id = /#(\d+)/.exec((await dept.getByTestId('staff-notice').textContent())!)![1]!;
    await expect
      .poll(() => dept.getByTestId(`proposal-status-${id}`).getAttribute('data-status'))
      .toBe('pending');
    // The proposer has no button to decide it.
    expect(await dept.getByTestId(`proposal-approve-${id}`).count()).toBe(0);

    // The security administrator: the account's unit and network, and the proposal to decide.
    const [sctx, sec] = await consoleAs(browser, server, 'security:');
    await sec.goto(`${server.url}/users`);
    await expect
      .poll(() => sec.getByTestId('user-unit-zhang.wei').textContent())
      .toBe('省发展和改革委员会信息中心');
    expect(await sec.getByTestId('user-network-zhang.wei').textContent()).toBe('—');
    expect(await sec.getByTestId('user-role-zhang.wei').textContent()).toBe('部门用户');
    await expect.poll(() => sec.getByTestId('proposals-panel').textContent()).toContain('待审批 1 项');
    expect(await sec.getByTestId('proposals-panel').textContent()).toContain('担任信息中心部门管理员');
    await settled(sec);
    await axeClean(sec, 'users page with a pending proposal (zh)');
    await sec.screenshot({ path: `${SHOTS}users-proposal-zh.png`, fullPage: true });
    await sec.getByTestId(`proposal-approve-${id}`).click();
    await expect
      .poll(() => sec.getByTestId('proposal-decide').textContent())
      .toContain('将 zhang.wei 的角色设为“部门管理员”（省发展和改革委员会信息中心）');
    await sec.getByTestId('proposal-decide-comment').fill('同意');
    await sec.getByTestId('proposal-decide-ok').click();
    await expect
      .poll(() => sec.getByTestId(`proposal-status-${id}`).getAttribute('data-status'))
      .toBe('approved');
    await expect.poll(() => sec.getByTestId('user-role-zhang.wei').textContent()).toBe('部门管理员');
    expect(await sec.getByTestId('proposal-done').textContent()).toBe(`已批准提议 #${id}，新角色已生效。`);

    // The grant form follows the server's policy: a cloud operator takes a unit and a network, the
    // audit administrator neither.
    await sec.getByTestId('user-grant-zhang.wei').click();
    const grant = sec.getByTestId('grant-dialog');
    await sec.getByRole('combobox', { name: '角色' }).click();
    await sec.getByRole('option', { name: '云运维' }).click();
    await menuGone(sec);
    await grant.getByTestId('grant-network').waitFor({ state: 'attached' });
    await expect.poll(() => grant.textContent()).toContain('不选则为全省');
    await axeClean(sec, 'grant dialog (zh)');
    await grant.screenshot({ path: `${SHOTS}grant-dialog-zh.png` });
    await sec.getByRole('combobox', { name: '角色' }).click();
    await sec.getByRole('option', { name: '审计管理员' }).click();
    await expect.poll(() => grant.getByTestId('grant-unit').count()).toBe(0);
    expect(await grant.getByTestId('grant-network').count()).toBe(0);
    await grant.getByRole('button', { name: '取消' }).click();
    await sctx.close();

    // The proposer sees it approved; the new department administrator is no longer its staff.
    await dept.reload();
    await expect
      .poll(() => dept.getByTestId(`proposal-status-${id}`).getAttribute('data-status'))
      .toBe('approved');
    await dept.getByTestId('staff-none').waitFor();
    await dctx.close();

    const users = await trpcQuery<Out['users']['list']>(server, 'users.list', 'security:');
    expect(users.find((u) => u.username === 'zhang.wei')).toMatchObject({
      role: 'department-admin',
      department: 'fgw-xxzx',
    });

    // zhang.wei signs in with the initial password: a new one first, then a second factor (a
    // department administrator's, as an account administrator's), then the unit's staff page.
    const [zctx, z] = await consoleAs(browser, server, null);
    await z.goto(`${server.url}/login`);
    await z.getByLabel('用户名').fill('zhang.wei');
    await z.getByLabel('密码').fill(password);
    await z.getByTestId('login-submit').click();
    const own = 'Zhang-own-passw0rd-1';
    await z.locator('input[name="password"][autocomplete="new-password"]').fill(own);
    await z.locator('input[name="again"]').fill(own);
    await z.getByTestId('login-submit').click();
    await z.getByTestId('enrol-key').waitFor();
    const app = new Authenticator();
    await app.enrol(z, 'zhang.wei');
    await z.getByLabel('动态验证码').fill(app.code('zhang.wei'));
    await z.getByTestId('login-submit').click();
    await expect.poll(() => z.getByTestId('signed-in-as').textContent()).toBe('张伟 · 部门管理员');
    await z.goto(`${server.url}/staff`);
    await expect
      .poll(() => z.getByTestId('staff-intro').textContent())
      .toContain('省发展和改革委员会信息中心');
    await zctx.close();
  });

  it('in English and on a phone: the staff page and the users page read well, axe-clean', async () => {
    // One more staff member and a pending proposal, so that the pages have rows.
    const [ctx, page] = await consoleAs(browser, server, DEPT_ADMIN, { locale: 'en' });
    await page.goto(`${server.url}/staff`);
    await expect
      .poll(() => page.getByTestId('staff-intro').textContent())
      .toContain('Development and Reform');
    await page.getByTestId('staff-username').fill('li.na');
    await page.getByTestId('staff-name').fill('李娜');
    await pickUnit(page, 'staff-unit', 'Operations', 'fgw-xxzx-yw');
    await page.getByTestId('staff-submit').click();
    await expect.poll(() => page.getByTestId('staff-added').textContent()).toContain('shown only this once');
    await page.getByTestId('staff-propose-li.na').click();
    await page.getByTestId('grant-reason').fill('Acting as the section leader');
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Leader' }).click();
    await page.getByTestId('grant-submit').click();
    await expect
      .poll(() => page.getByTestId('staff-notice').textContent())
      .toMatch(/^Proposal #\d+ is submitted/);
    await settled(page);
    await axeClean(page, 'staff page (en)');
    await page.screenshot({ path: `${SHOTS}staff-en.png`, fullPage: true });
    await ctx.close();

    const [sctx, sec] = await consoleAs(browser, server, 'security:', { locale: 'en' });
    await sec.goto(`${server.url}/users`);
    await expect
      .poll(() => sec.getByTestId('proposals-panel').textContent())
      .toContain('1 awaiting a decision');
    expect(await sec.getByTestId('user-unit-li.na').textContent()).toBe(
      'Development and Reform Commission IT Operations Section',
    );
    await settled(sec);
    await axeClean(sec, 'users page (en)');
    await sec.screenshot({ path: `${SHOTS}users-proposal-en.png`, fullPage: true });
    await sctx.close();

    for (const locale of ['zh-CN', 'en'] as const) {
      const [pctx, phone] = await consoleAs(browser, server, DEPT_ADMIN, { locale, width: 390, height: 844 });
      await phone.goto(`${server.url}/staff`);
      await phone.getByTestId('staff-li.na').waitFor();
      await settled(phone);
      expect(
        await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      ).toBe(0);
      await axeClean(phone, `staff page on a phone (${locale})`);
      await phone.screenshot({ path: `${SHOTS}staff-390-${locale}.png`, fullPage: true });
      // The navigation's menu lists the page.
      await phone.getByTestId('menu').click();
      await expect
        .poll(() => phone.getByTestId('menu-drawer').textContent())
        .toContain(locale === 'en' ? 'Our staff' : '本单位人员');
      await pctx.close();
    }
  });
});
