// Notification settings (通知设置) in a real browser, on a server with mail, a DingTalk robot and a
// webhook configured (WeCom and Feishu not): the bell on the bar opens the page; channels the
// server lacks are shown as not configured and cannot be chosen; mail without an address, or with
// a wrong one, is refused on the address's field in the console's language; the choice saved
// (channels, events, address, language) is there after a reload and in the server's answer.
// Axe-clean in Chinese, in English and on a phone; screenshots go to docs/screenshots/.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const OPERATOR = 'operator';
let server: RunningServer;
let browser: Browser;
let robot: Server;
let dir: string;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  // A receiver that takes whatever is posted (DingTalk's reply shape): nothing here depends on it.
  robot = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}'));
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/hook`;
  dir = await mkdtemp(join(tmpdir(), 'yq-notify-'));
  const config = join(dir, 'yunqian.yaml');
  await writeFile(
    config,
    [
      'notifications:',
      '  enabled: true',
      '  smtp: { host: 127.0.0.1, port: 2525, from: yunqian@dsj.example.gov.cn }',
      '  dingtalk: { urlEnv: YQ_TEST_DINGTALK }',
      `  webhook: { url: "${hook}" }`,
      '',
    ].join('\n'),
  );
  [server, browser] = await Promise.all([
    startYunqian({
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: AT,
      YUNQIAN_CONFIG: config,
      YQ_TEST_DINGTALK: `${hook}?access_token=t`,
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => robot?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function axeClean(page: Page, where: string) {
  expect(await seriousViolations(page), where).toEqual([]);
}

const checked = (page: Page, testId: string) => page.getByTestId(testId).isChecked();

describe('notification settings', () => {
  it('are chosen from the bar, refused on the field when wrong, and kept after a reload', async () => {
    const [ctx, page] = await consoleAs(browser, server, OPERATOR);
    await page.goto(server.url);
    await page.getByTestId('notification-settings').click();
    await page.waitForURL(/\/notifications$/);
    await page.getByRole('heading', { name: '通知设置' }).waitFor();
    await page.getByTestId('notifications-save').waitFor();

    // Configured: mail, DingTalk, webhook. WeCom and Feishu are not: shown so, not to be chosen.
    for (const c of ['wecom', 'feishu']) {
      await page.getByTestId(`channel-${c}-off`).waitFor();
      expect(await page.getByTestId(`channel-${c}`).isDisabled()).toBe(true);
      expect(await checked(page, `channel-${c}`)).toBe(false);
    }
    for (const c of ['email', 'dingtalk', 'webhook']) {
      expect(await page.getByTestId(`channel-${c}-off`).count()).toBe(0);
      expect(await page.getByTestId(`channel-${c}`).isDisabled()).toBe(false);
    }
    // Until chosen: every robot channel and every event, no mail, in Chinese.
    expect(await checked(page, 'channel-email')).toBe(false);
    expect(await checked(page, 'channel-dingtalk')).toBe(true);
    expect(await checked(page, 'event-drift.found')).toBe(true);
    expect(await checked(page, 'language-zh-CN')).toBe(true);
    // Each event says what it is about.
    await expect
      .poll(() => page.getByTestId('notifications-events').textContent())
      .toContain('您管辖范围内租户的某项资源配额使用达到 80% 时提醒。');
    await axeClean(page, 'notification settings, zh-CN');
    // (Away from the bell, whose tooltip would cover the bar in the picture.)
    await page.mouse.move(700, 900);
    await page.getByRole('tooltip').waitFor({ state: 'detached' });
    await page.screenshot({ path: `${SHOTS}notifications-zh.png`, fullPage: true });

    // Mail without an address: refused on the address's field.
    await page.getByTestId('channel-email').check();
    await page.getByTestId('notifications-save').click();
    await expect
      .poll(() => page.getByTestId('notifications-channels').textContent())
      .toContain('选择电子邮件通知须填写邮箱地址');
    expect(await page.getByTestId('notifications-email').getAttribute('aria-invalid')).toBe('true');
    // An address that is not one.
    await page.getByTestId('notifications-email').fill('zhang@');
    await page.getByTestId('notifications-save').click();
    await expect
      .poll(() => page.getByTestId('notifications-channels').textContent())
      .toContain('请填写有效的电子邮箱地址，如 zhangsan@example.gov.cn');
    await axeClean(page, 'notification settings refused');
    await page
      .getByTestId('notifications-channels')
      .screenshot({ path: `${SHOTS}notifications-refused-zh.png` });

    // A right address; DingTalk off, drift off, messages in English: saved.
    await page.getByTestId('notifications-email').fill('wang.fang@dsj.example.gov.cn');
    await page.getByTestId('channel-dingtalk').uncheck();
    await page.getByTestId('event-drift.found').uncheck();
    await page.getByTestId('language-en').check();
    await page.getByTestId('notifications-save').click();
    await page.getByTestId('notifications-saved').waitFor();
    expect(await page.getByTestId('notifications-channels').textContent()).not.toContain('请填写');

    // After a reload, the page reads them back from the server.
    await page.reload();
    await page.getByTestId('notifications-save').waitFor();
    await expect
      .poll(() => page.getByTestId('notifications-email').inputValue())
      .toBe('wang.fang@dsj.example.gov.cn');
    expect(await checked(page, 'channel-email')).toBe(true);
    expect(await checked(page, 'channel-dingtalk')).toBe(false);
    expect(await checked(page, 'channel-webhook')).toBe(true);
    expect(await checked(page, 'event-drift.found')).toBe(false);
    expect(await checked(page, 'event-quota.high')).toBe(true);
    expect(await checked(page, 'language-en')).toBe(true);
    const stored = await trpcQuery<Out['notifications']['preferences']>(
      server,
      'notifications.preferences',
      OPERATOR,
    );
    expect(stored.available).toEqual(['email', 'dingtalk', 'webhook']);
    expect(stored.preferences).toMatchObject({
      email: 'wang.fang@dsj.example.gov.cn',
      language: 'en',
      channels: expect.arrayContaining(['email', 'webhook']),
    });
    expect(stored.preferences!.channels).not.toContain('dingtalk');
    expect(stored.preferences!.events).not.toContain('drift.found');
    await ctx.close();
  });

  it('read in English, and on a phone from the menu', async () => {
    const [ctx, page] = await consoleAs(browser, server, 'department:gat', { locale: 'en' });
    await page.goto(`${server.url}/notifications`);
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
    await page.getByTestId('notifications-save').waitFor();
    await page.getByTestId('channel-wecom-off').waitFor();
    expect(await page.getByTestId('channel-wecom-off').textContent()).toBe('Not configured');
    await expect
      .poll(() => page.getByTestId('notifications-events').textContent())
      .toContain('When someone assigns you a blocker of a system.');
    await axeClean(page, 'notification settings, en');
    await page.screenshot({ path: `${SHOTS}notifications-en.png`, fullPage: true });
    await ctx.close();

    const [phoneCtx, phone] = await consoleAs(browser, server, 'leader', { width: 390, height: 844 });
    await phone.goto(server.url);
    await phone.getByTestId('menu').click();
    await phone.getByTestId('menu-drawer').getByTestId('notification-settings').click();
    await phone.waitForURL(/\/notifications$/);
    await phone.getByTestId('notifications-save').waitFor();
    await axeClean(phone, 'notification settings on a phone');
    await phoneCtx.close();
  });
});
