// Leadership's capacity dashboard and a department's quota page on the sandbox, in a real
// browser: the figures on screen are the API's, the department sees only its own systems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

type Overview = Extract<Out['capacity']['overview'], { configured: true }>;
type Quotas = Extract<Out['capacity']['quotas'], { configured: true }>;

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
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

async function as(viewer: string, locale = 'zh-CN'): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale });
  await context.addCookies([{ name: 'yq-demo', value: encodeURIComponent(viewer), url: server.url }]);
  return [context, await context.newPage()];
}

const value = (page: Page, testId: string, layer: string) =>
  page.getByTestId(testId).locator(`[data-layer="${layer}"]`).getAttribute('data-value').then(Number);

describe('capacity dashboard (leader)', () => {
  it('shows each network and cluster, the run-out date, trends and the department ranking as the API reports them', async () => {
    const api = await trpcQuery<Overview>(server, 'capacity.overview', 'leader:');
    const trends = await trpcQuery<Out['capacity']['trends']>(server, 'capacity.trends', 'leader:');
    const [context, page] = await as('leader:');
    await page.goto(`${server.url}/capacity`);
    await page.getByTestId('capacity-network-external').waitFor();
    for (const n of api.networks) {
      expect(await value(page, `capacity-${n.network}-cpu`, 'requested')).toBeCloseTo(
        n.figures.cpu.requested,
        6,
      );
      expect(await value(page, `capacity-${n.network}-memory`, 'usage')).toBeCloseTo(
        n.figures.memory.usage,
        0,
      );
      expect(await page.getByTestId(`runout-${n.network}`).getAttribute('data-date')).toBe(
        n.runOut.date ?? '',
      );
      for (const c of n.clusters)
        expect(await value(page, `capacity-cluster-${c.cluster}-cpu`, 'usage')).toBeCloseTo(
          c.figures.cpu.usage,
          6,
        );
    }
    const ext = api.networks.find((n) => n.network === 'external')!;
    // zh-CN dates: 2027年7月27日
    const [y, m, d] = ext.runOut.date!.split('-').map(Number);
    await expect
      .poll(() => page.getByTestId('runout-external').textContent())
      .toContain(`${y}年${m}月${d}日`);
    const rows = page.locator('[data-testid^="rank-"][data-testid$="-cpu"]');
    await expect.poll(() => rows.count()).toBe(api.departments.length);
    const firstRow = await page.locator('[data-testid^="rank-"]').first().getAttribute('data-testid');
    expect(firstRow).toBe(`rank-${api.departments[0]!.department}`);
    await expect.poll(() => page.getByTestId('showback-total').textContent()).toMatch(/¥/);
    const internal = trends.trends.find((x) => x.network === 'internal' && x.cluster === null)!;
    // The time axis is labelled with dates (x-charts leaves labels out when they do not fit).
    const labels = await page.getByTestId('trend-internal-cpu').locator('text').allTextContents();
    expect(labels.filter((l) => /\d{4}年\d{1,2}月\d{1,2}日/.test(l)).length).toBeGreaterThan(1);
    const caption = page.getByTestId('trend-internal-cpu-requested');
    await caption.waitFor();
    expect(Number(await caption.getAttribute('data-value'))).toBeCloseTo(
      internal.points.at(-1)!.requested.cpu,
      6,
    );
    await page.screenshot({ path: `${SHOTS}capacity-zh.png`, fullPage: true });
    // A department's row opens its systems.
    const first = api.departments[0]!.department;
    await page.getByTestId(`rank-${first}`).click();
    await expect.poll(() => page.url()).toContain(`/systems?department=${encodeURIComponent(first)}`);
    await expect.poll(() => page.getByTestId('systems-count').textContent()).toMatch(/[1-9]/);
    await context.close();
  });

  it('speaks English with English units and dates', async () => {
    const [context, page] = await as('leader:', 'en');
    await page.goto(`${server.url}/capacity`);
    await page.evaluate("localStorage.setItem('yq-lang', 'en')");
    await page.reload();
    await page.getByTestId('capacity-network-external').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Capacity');
    await expect
      .poll(() => page.getByTestId('runout-external').textContent())
      .toMatch(/runs out on \w{3} \d+, 2027/);
    await page.screenshot({ path: `${SHOTS}capacity-en.png` });
    await context.close();
  });
});

describe('quotas (department)', () => {
  it("shows a department its own systems' quota bars and nothing of the whole cloud", async () => {
    const api = await trpcQuery<Quotas>(server, 'capacity.quotas', 'department:gat');
    expect(api.systems.length).toBeGreaterThan(0);
    const [context, page] = await as('department:gat');
    await page.goto(`${server.url}/quotas`);
    await page.locator(`[data-quota-row="${api.systems[0]!.system}"]`).waitFor();
    await expect.poll(() => page.locator('[data-quota-row]').count()).toBe(api.systems.length);
    for (const s of api.systems.slice(0, 5))
      expect(await value(page, `quota-${s.system}-cpu`, 'quotaUsed')).toBeCloseTo(s.figures.cpu.quotaUsed, 6);
    await expect(page.getByRole('tab', { name: '容量' }).count()).resolves.toBe(0);
    await page.screenshot({ path: `${SHOTS}quotas-department-zh.png`, fullPage: true });
    await page.goto(`${server.url}/capacity`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBeTruthy();
    expect(await page.getByTestId('capacity-network-external').count()).toBe(0);
    await context.close();
  });
});
