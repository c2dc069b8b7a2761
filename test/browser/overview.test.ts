// The walking skeleton end to end: the real server on the sandbox province, the built console in
// headless Chromium, the figures on the page checked against the tracker's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { sandboxStateAt } from '../harness/sandbox-state.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

let server: RunningServer;
let browser: Browser;
let page: Page;
let expected: Awaited<ReturnType<typeof sandboxStateAt>>;

const pct = (lng: string, v: number | null) =>
  v === null ? '—' : new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(v);
const text = async (testId: string) => (await page.getByTestId(testId).first().textContent())?.trim();

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [server, browser, expected] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT }),
    launchChromium(),
    sandboxStateAt(AT),
  ]);
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('overview (sandbox province)', () => {
  it('shows the tracker figures in Chinese, marked as sandbox data', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('kpi-rate').waitFor();
    expect(await text('sandbox-banner')).toContain('沙箱数据');
    const total = expected.state.rollups.total;
    expect(await text('kpi-total')).toBe(new Intl.NumberFormat('zh-CN').format(total.total));
    expect(await text('kpi-in-scope')).toBe(String(total.inScope));
    expect(await text('kpi-migrated')).toBe(String(total.migrated));
    expect(await text('kpi-rate')).toBe(pct('zh-CN', total.rate));
    expect(await text('kpi-on-time')).toBe(pct('zh-CN', total.onTimeRate));
    for (const n of ['internal', 'external'] as const) {
      expect(await text(`network-rate-${n}`)).toBe(pct('zh-CN', expected.state.rollups.networks[n].rate));
    }
    for (const stage of ['planned', 'deployed', 'migrated'] as const) {
      expect(await text(`stage-${stage}`)).toBe(String(total.byStage[stage]));
    }
    const top = expected.plan.organisations.filter((o) => o.parentId === 'province');
    await page.locator('[data-testid^="dept-rate-"]').first().waitFor();
    let checked = 0;
    for (const o of top) {
      const r = expected.state.rollups.departments[o.id]!;
      if (!r.total) continue;
      expect(await text(`dept-rate-${o.id}`), o.id).toBe(pct('zh-CN', r.rate));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(40);
    expect(await page.getByRole('heading', { name: '全云总览' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}overview-zh.png`, fullPage: false });
  });

  it('switches to English with the same figures', async () => {
    await page.getByTestId('language').locator('..').click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Cloud overview' }).waitFor();
    expect(await text('kpi-rate')).toBe(pct('en', expected.state.rollups.total.rate));
    expect(await text('kpi-total')).toBe(
      new Intl.NumberFormat('en').format(expected.state.rollups.total.total),
    );
    expect(await text('sandbox-banner')).toContain('Sandbox');
    await page.screenshot({ path: `${SHOTS}overview-en.png` });
  });

  it('walks from the systems table to a system timeline with evidence', async () => {
    const system = expected.state.systems.find((s) => s.stage === 'migrated')!;
    await page.goto(`${server.url}/systems`);
    await page.getByTestId('systems-count').waitFor();
    expect(await text('systems-count')).toBe(`${expected.state.systems.length} systems`);
    await page.getByTestId('filter-search').fill(system.id);
    await page.getByTestId(`system-link-${system.id}`).click();
    await page.getByTestId('timeline').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/systems/${system.id}`);
    // Every stage on the path carries evidence, ending with the legacy-retired sign-off.
    for (const stage of [
      'planned',
      'provisioned',
      'deployed',
      'running',
      'serving',
      'cut-over',
      'migrated',
    ]) {
      expect(await page.getByTestId(`evidence-${stage}`).count(), stage).toBe(1);
    }
    // The evidence's source is a word in the reader's language, not a `[signoff]` tag.
    expect(await text('evidence-migrated')).toMatch(/^Sign-off.+signed by/);
    expect(await page.getByTestId('history').locator('li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}system-en.png` });
  });
});
