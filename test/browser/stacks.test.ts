// Operators' infrastructure-code page on the sandbox: its two tenant stacks, the drift the
// sandbox's hand edits cause, a tenant's declared-vs-live view, and the overview's drift count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT }),
    launchChromium(),
  ]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'zh-CN' });
  await context.addCookies([{ name: 'yq-demo', value: 'operator%3A', url: server.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('stacks and drift (operator)', () => {
  it('lists the stacks and counts each kind of drift as the API does', async () => {
    const stacks = await trpcQuery<Out['stacks']['list']>(server, 'stacks.list', 'operator:');
    const drift = await trpcQuery<Out['stacks']['drift']>(server, 'stacks.drift', 'operator:');
    expect(stacks.stacks.map((s) => s.stack).sort()).toEqual(['external', 'internal']);
    if (!drift.configured) throw new Error('no stack source in the sandbox');
    expect(Object.keys(drift.counts).sort()).toEqual([
      'policy-missing',
      'quota-differs',
      'rolebinding-missing',
    ]);
    await page.goto(`${server.url}/stacks`);
    for (const s of stacks.stacks) await page.getByTestId(`stack-${s.project}-${s.stack}`).waitFor();
    for (const [kind, n] of Object.entries(drift.counts))
      expect(await page.getByTestId(`drift-count-${kind}`).getAttribute('data-count')).toBe(String(n));
    await expect.poll(() => page.locator('[data-drift-kind]').count()).toBe(drift.items.length);
    await page.screenshot({ path: `${SHOTS}stacks-zh.png`, fullPage: true });
  });

  it("shows a tenant's declared and live quota side by side", async () => {
    const drift = await trpcQuery<Out['stacks']['drift']>(server, 'stacks.drift', 'operator:');
    if (!drift.configured) throw new Error('no stack source in the sandbox');
    const q = drift.items.find((d) => d.kind === 'quota-differs')!;
    await page.goto(`${server.url}/stacks`);
    await page.getByTestId(`drift-${q.namespace}`).getByRole('link').click();
    const row = page.getByTestId('quota-row-cpu');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells).toEqual(['cpu', String(q.params.declared), String(q.params.live)]);
    expect(
      await page.getByTestId('tenant-drift').locator('[data-kind]').first().getAttribute('data-kind'),
    ).toBe('quota-differs');
    await page.screenshot({ path: `${SHOTS}tenant-drift-zh.png` });
  });

  it('puts the drift count on the operator overview', async () => {
    const drift = await trpcQuery<Out['stacks']['drift']>(server, 'stacks.drift', 'operator:');
    if (!drift.configured) throw new Error('no stack source in the sandbox');
    await page.goto(`${server.url}/`);
    const summary = page.getByTestId('drift-summary');
    await summary.waitFor();
    expect(await summary.getAttribute('data-systems')).toBe(String(drift.systems));
  });
});
