// The pages people open on a phone (390 × 844): the leader's and the department's home, the
// requests page and the briefing. Nothing is cut off sideways, the bar is one row, the menu opens
// the other pages. Screenshots in docs/screenshots/phone-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs } from '../harness/console.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const PHONE = { width: 390, height: 844 };
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** How far the page reaches past the screen's right edge (0 when nothing is cut off). */
const overflow = (page: Page) =>
  page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  ) as Promise<number>;

const PAGES = [
  ['leader:', '/', 'leader-home', 'home-leader'],
  ['department:gat', '/', 'department-home', 'home-department'],
  ['department:gat', '/requests', 'requests', 'request-queue'],
  ['leader:', '/briefing', 'briefing', 'briefing'],
] as const;

describe('on a phone', () => {
  for (const language of ['zh-CN', 'en'] as const)
    for (const [role, path, name, testId] of PAGES)
      it(`${name} fits the screen (${language})`, async () => {
        const [context, page] = await consoleAs(browser, server, role, { ...PHONE, locale: language });
        await page.goto(`${server.url}${path}`);
        await page.getByTestId(testId).first().waitFor();
        await expect
          .poll(() => page.locator('[role="progressbar"]:not([aria-valuenow])').count(), { timeout: 20_000 })
          .toBe(0);
        // How long until it was usable (figures drawn, no spinner), measured from the navigation's
        // start; reported, not asserted (a loaded CI machine is no phone either).
        const usableMs = Math.round((await page.evaluate('performance.now()')) as number);
        console.log(`phone: ${name} (${language}) usable after ${usableMs} ms`);
        expect(await overflow(page)).toBe(0);
        if (path !== '/briefing') {
          const bar = await page.locator('header').boundingBox();
          expect(bar!.height).toBeLessThanOrEqual(64);
        }
        await page.screenshot({
          path: `${SHOTS}phone-${name}-${language === 'en' ? 'en' : 'zh'}.png`,
          fullPage: false,
        });
        await context.close();
      });

  it('the menu opens every page of the role', async () => {
    const [context, page] = await consoleAs(browser, server, 'department:gat', PHONE);
    await page.goto(`${server.url}/`);
    await page.getByTestId('menu').click();
    const drawer = page.getByTestId('menu-drawer');
    await drawer.getByRole('link', { name: '资源申请' }).click();
    await expect.poll(() => page.url()).toMatch(/\/requests$/);
    await page.getByTestId('request-queue').waitFor();
    await context.close();
  });
});
