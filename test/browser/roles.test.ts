// Each role's home page and main path in a real browser, the printable briefing, the dependency
// map, table export, the language switch, keyboard navigation, and axe-core on every page.
import { filingOf } from '../harness/filings.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs, mutate } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

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

const pct = (v: number | null) =>
  v === null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(v);
const text = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).first().textContent())?.trim();

describe('home pages', () => {
  it('a leader lands on the cloud-wide dashboard and prints a one-page briefing', async () => {
    const overview = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'leader:');
    const capacity = await trpcQuery<Extract<Out['capacity']['overview'], { configured: true }>>(
      server,
      'capacity.overview',
      'leader:',
    );
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(server.url);
    await page.getByTestId('home-leader').waitFor();
    await expect.poll(() => text(page, 'kpi-rate')).toBe(pct(overview.total.rate));
    expect(await text(page, 'kpi-overdue')).toBe(String(overview.total.overdue));
    expect(await text(page, 'kpi-blocked')).toBe(String(overview.total.blocked));
    for (const tg of overview.targets) expect(await page.getByTestId(`target-${tg.id}`).count()).toBe(1);
    // The rate's trend ends where the headline figure stands, and says each target's forecast.
    const trend = await trpcQuery<Out['overview']['rateTrend']>(server, 'overview.rateTrend', 'leader:');
    expect(trend.points.at(-1)!.rate).toBe(overview.total.rate);
    expect(trend.points.length).toBeGreaterThan(10);
    await expect.poll(() => text(page, 'rate-trend-words')).toContain(pct(overview.total.rate));
    for (const tg of overview.targets.filter((x) => !x.network))
      expect(await text(page, 'rate-trend-words')).toContain(
        new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium' }).format(new Date(`${tg.by}T00:00:00`)),
      );
    for (const n of capacity.networks)
      await expect
        .poll(() => page.getByTestId(`home-runout-${n.network}`).getAttribute('data-date'))
        .toBe(n.runOut.date ?? '');
    await page.screenshot({ path: `${SHOTS}home-leader-zh.png` });

    await page.getByTestId('open-briefing').click();
    await page.getByTestId('briefing-rate').waitFor();
    expect(await text(page, 'briefing-rate')).toContain(pct(overview.total.rate));
    expect(await text(page, 'briefing-date')).toMatch(/生成时间 \d{4}年\d{1,2}月\d{1,2}日/);
    expect(await page.getByTestId('briefing-fresh').count()).toBe(1);
    await page.getByTestId('briefing-capacity-internal').waitFor();
    await page.screenshot({ path: `${SHOTS}briefing-zh.png`, fullPage: true });
    // Print to PDF as a browser does: exactly one A4 page, with the print button left out.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await context.close();
  });

  it('an operator lands on clusters, drift, the isolation baseline and the request queue', async () => {
    const tenants = await trpcQuery<Out['clusters']['tenants']>(server, 'clusters.tenants', 'operator:', {});
    const problems = tenants.flatMap((x) => x.baselineProblems).length;
    const pending = await trpcQuery<Out['requests']['list']>(server, 'requests.list', 'operator:', {
      status: ['pending'],
    });
    const [context, page] = await consoleAs(browser, server, 'operator:');
    await page.goto(server.url);
    await page.getByTestId('home-operator').waitFor();
    await expect.poll(() => text(page, 'home-clusters')).toBe('4 个集群中 4 个同步正常');
    await page.getByTestId('drift-summary').waitFor();
    await expect.poll(() => text(page, 'home-queue-count')).toContain(`待审批 ${pending.length} 件`);
    expect(problems).toBeGreaterThan(0);
    await expect.poll(() => text(page, 'home-compliance-count')).toBe(`${problems} 项问题`);
    await page.screenshot({ path: `${SHOTS}home-operator-zh.png` });
    await context.close();
  });

  it('a department lands on its own systems and requests, and reads its dependency map', async () => {
    const overview = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'department:gat');
    const graph = await trpcQuery<Out['systems']['dependencies']>(
      server,
      'systems.dependencies',
      'department:gat',
      {},
    );
    const [context, page] = await consoleAs(browser, server, 'department:gat');
    await page.goto(server.url);
    await page.getByTestId('home-department').waitFor();
    await expect.poll(() => text(page, 'kpi-total')).toBe(String(overview.total.total));
    expect(await text(page, 'kpi-rate')).toBe(pct(overview.total.rate));
    expect(await page.getByRole('heading', { name: '省公安厅' }).count()).toBe(1);
    await page.getByTestId('my-systems').waitFor();
    await page.screenshot({ path: `${SHOTS}home-department-zh.png` });

    await page.getByTestId('open-dependencies').click();
    await page.getByTestId('dependency-map').waitFor();
    const crossing = graph.edges.filter((e) => e.crossNetwork);
    expect(crossing.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid^="edge-"]').count()).toBe(graph.edges.length);
    for (const e of graph.edges) {
      const edge = page.getByTestId(`edge-${e.from}-${e.to}`);
      expect(await edge.getAttribute('data-cross')).toBe(String(e.crossNetwork));
      // Crossing edges are drawn in the error colour and dashed; the others in grey, solid.
      expect(await edge.getAttribute('stroke-dasharray')).toBe(e.crossNetwork ? '6 4' : null);
    }
    await page.screenshot({ path: `${SHOTS}dependencies-department-zh.png` });
    await context.close();
  });
});

describe('tables', () => {
  it('export exactly the rows in the filter, to CSV and to Excel', async () => {
    const { rows } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'leader:', {
      network: 'internal',
      limit: 20_000,
    });
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(`${server.url}/systems?network=internal`);
    await expect.poll(() => text(page, 'systems-count')).toBe(`共 ${rows.length} 个系统`);

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('systems-export-csv').click(),
    ]);
    const csv = (await readFile(await csvDownload.path())).toString('utf8');
    expect(csv.startsWith('\ufeff名称,部门,')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.slice(1).every((l) => l.includes('政务内网'))).toBe(true);

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('systems-export-xlsx').click(),
    ]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/^systems-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = unzipSync(new Uint8Array(await readFile(await xlsxDownload.path())));
    expect(Object.keys(book)).toContain('xl/workbook.xml');
    const sheet = strFromU8(book['xl/worksheets/sheet1.xml']!);
    expect(sheet.match(/<row /g)).toHaveLength(rows.length + 1);
    expect(sheet).toContain(rows[0]!.name.zh);
    // Numbers stay numbers (the blocker count), not text.
    expect(sheet).toMatch(/<c r="[A-Z]+2"><v>\d+<\/v><\/c>/);
    // Each download was audited before its file was made: who, which table, how many rows.
    const trail = await trpcQuery<Out['audit']['list']>(server, 'audit.list', 'auditor:', {
      objectType: 'table',
    });
    expect(
      trail.filter((r) => r.actor === 'demo-leader').map((r) => [r.action, r.objectId, r.after]),
    ).toEqual([
      ['table.export', 'systems', { format: 'xlsx', rows: rows.length }],
      ['table.export', 'systems', { format: 'csv', rows: rows.length }],
    ]);
    await context.close();
  });
});

describe('language and keyboard', () => {
  it('switches the department home to English, with English numbers and labels', async () => {
    const overview = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'department:gat');
    const [context, page] = await consoleAs(browser, server, 'department:gat');
    await page.goto(server.url);
    await page.getByTestId('home-department').waitFor();
    await page.getByTestId('language').locator('..').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Provincial Department of Public Security' }).count())
      .toBe(1);
    expect(await page.getByText('Our systems').count()).toBe(1);
    expect(await text(page, 'kpi-rate')).toBe(
      new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(
        overview.total.rate!,
      ),
    );
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.screenshot({ path: `${SHOTS}home-department-en.png` });
    await context.close();
  });

  it('reaches every page from the keyboard alone', async () => {
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(server.url);
    await page.getByTestId('home-leader').waitFor();
    // Tab from the top of the page into the navigation (one stop: the current tab), arrow to the
    // systems tab, then Enter.
    const focused = () => page.evaluate('document.activeElement?.textContent ?? ""');
    for (let i = 0; i < 10 && (await focused()) !== '首页'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('首页');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('信息系统');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/systems');
    await context.close();
  });
});

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  // Every page in a role's menu is checked by the page sweep (words.test.ts); these are the pages
  // no menu lists.
  const PAGES: [string | null, string][] = [
    ['leader:', '/systems/gat-jwzh'],
    ['leader:', '/no-such-page'],
    [null, '/login'],
  ];
  it('finds no serious or critical violation on any page', async () => {
    const found: Record<string, unknown> = {};
    // A request's own page, for a request the department made.
    const plan = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'department:gat', {});
    const made = await mutate(server, 'requests.create', 'department:gat', {
      system: plan.rows[0]!.id,
      network: plan.rows[0]!.network,
      cpu: 2,
      memoryGiB: 4,
      storageGiB: 0,
      reason: '无障碍检查',
      filing: await filingOf(plan.rows[0]!.id),
    });
    expect(made.status).toBe(200);
    const request: [string, string][] = [
      ['department:gat', `/requests/${(made.body.result!.data as { id: number }).id}`],
    ];
    for (const [viewer, path] of [...PAGES, ...request]) {
      const [context, page] = await consoleAs(browser, server, viewer);
      await page.goto(`${server.url}${path}`);
      await page.locator('main, [data-testid="briefing"]').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
      const violations = await seriousViolations(page);
      if (violations.length) found[`${viewer ?? 'anonymous'} ${path}`] = violations;
      await context.close();
    }
    expect(found).toEqual({});
  });
});
