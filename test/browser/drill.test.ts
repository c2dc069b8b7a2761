// Headline figures lead to the systems behind them, and each role's home lists what waits on it.
// The sandbox at a frozen clock; the figures are compared with the list each one opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { completeRunbookVia } from '../harness/runbook.ts';
import { consoleAs, mutate, liveState } from '../harness/console.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';
import { STAGES } from '../../server/src/model/stage.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
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

/** The number of systems the systems page says it lists. */
const listed = async (page: Page) => {
  await expect.poll(() => page.getByTestId('systems-count').textContent()).toMatch(/\d/);
  return Number((await page.getByTestId('systems-count').textContent())!.replace(/[^\d]/g, ''));
};

describe('figures lead to their systems', () => {
  it("every headline figure on a department's home opens a list of exactly that many of its systems", async () => {
    const o = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'department:gat');
    const [context, page] = await consoleAs(browser, server, 'department:gat');
    for (const [kpi, n] of [
      ['total', o.total.total],
      ['migrated', o.total.migrated],
      ['overdue', o.total.overdue],
      ['blocked', o.total.blocked],
    ] as const) {
      await page.goto(`${server.url}/`);
      await page.getByTestId(`kpi-${kpi}-link`).click();
      await expect.poll(() => page.url()).toContain('/systems');
      expect(await listed(page), kpi).toBe(n);
    }
    await context.close();
  });

  it('every headline figure on the overview opens a list of exactly that many systems', async () => {
    const o = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'leader:');
    const [context, page] = await consoleAs(browser, server, 'leader:');
    const expected: [string, number][] = [
      ['total', o.total.total],
      ['in-scope', o.total.inScope],
      ['migrated', o.total.migrated],
      ['overdue', o.total.overdue],
      ['blocked', o.total.blocked],
      // The on-time rate opens the systems whose cut-over date has come (its denominator).
      ['on-time', o.total.cutoverDue],
    ];
    for (const [kpi, n] of expected) {
      await page.goto(`${server.url}/overview`);
      await page.getByTestId(`kpi-${kpi}-link`).click();
      await expect.poll(() => page.url()).toContain('/systems');
      expect(await listed(page), kpi).toBe(n);
    }
    // The in-scope figure says what it leaves out, in the plan's terms.
    await page.goto(`${server.url}/overview`);
    await expect
      .poll(() => page.getByTestId('kpi-in-scope-hint').textContent())
      .toMatch(
        new RegExp(
          `不含迁移策略为下线、保留的系统，也不含涉密系统（共 ${o.total.total - o.total.inScope} 个`,
        ),
      );
    // A stage count, and a network's rate.
    await page.getByTestId('stage-migrated').click();
    expect(await listed(page)).toBe(o.total.byStage.migrated);
    await page.goto(`${server.url}/overview`);
    await page.getByTestId('network-rate-internal').click();
    expect(await listed(page)).toBe(o.networks.internal.inScope);
    // And the rate's numerator, on time, from the same filter.
    await page.goto(`${server.url}/systems?cutover=onTime`);
    expect(await listed(page)).toBe(o.total.cutoverOnTime);
    // Found by its department's name, too.
    await page.goto(`${server.url}/systems?q=${encodeURIComponent('省公安厅')}`);
    expect(await listed(page)).toBeGreaterThan(0);
    await context.close();
  });
});

describe('every chart and row leads on', () => {
  it('a stage bar opens that stage on that network; a target its counted systems; a dependency node its system', async () => {
    const o = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'leader:');
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(`${server.url}/overview`);
    // The bars are drawn in stage order for each network; the fullest internal one is clicked.
    const counts = STAGES.map((s) => o.networks.internal.byStage[s]);
    const at = counts.indexOf(Math.max(...counts));
    await page.locator('g[data-series="internal"] rect').nth(at).click();
    await expect.poll(() => page.url()).toContain(`/systems?stage=${STAGES[at]}&network=internal`);
    expect(await listed(page)).toBe(counts[at]);
    const target = o.targets[0]!;
    expect(target).toBeDefined();
    await page.goto(`${server.url}/overview`);
    await page.getByTestId(`target-${target.id}`).getByRole('link').click();
    expect(await listed(page)).toBe(target.network ? o.networks[target.network].inScope : o.total.inScope);
    await context.close();

    const graph = await trpcQuery<Out['systems']['dependencies']>(
      server,
      'systems.dependencies',
      'department:gat',
      {},
    );
    const own = graph.nodes.find((n) => n.stage !== null)!;
    const other = graph.nodes.find((n) => n.stage === null);
    const [dctx, dpage] = await consoleAs(browser, server, 'department:gat');
    await dpage.goto(`${server.url}/dependencies`);
    await dpage.getByTestId('dependency-map').waitFor();
    // Outside the viewer's scope a node is named, not opened.
    if (other) expect(await dpage.getByTestId(`node-link-${other.id}`).count()).toBe(0);
    await dpage.getByTestId(`node-link-${own.id}`).click();
    await expect.poll(() => dpage.url()).toContain(`/systems/${encodeURIComponent(own.id)}`);
    await dctx.close();
  });
});

describe('the same figure everywhere', () => {
  const pct = (v: number | null) =>
    v === null
      ? '—'
      : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const num = (v: number) => new Intl.NumberFormat('zh-CN').format(v);
  /** Every headline figure a page shows, by name. */
  const figures = async (page: Page) => {
    await expect
      .poll(() =>
        page.locator('[data-testid^="kpi-"]:not([data-testid$="-link"]):not([data-testid$="-hint"])').count(),
      )
      .toBeGreaterThan(0);
    const all = await page
      .locator('[data-testid^="kpi-"]:not([data-testid$="-link"]):not([data-testid$="-hint"])')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-testid')!.slice(4), e.textContent ?? ''] as const),
      );
    return Object.fromEntries(all);
  };

  for (const [role, pages] of [
    ['leader:', ['/', '/overview']],
    ['department:gat', ['/', '/overview']],
    ['operator:', ['/overview']],
  ] as const)
    it(`${role} reads the API's figures on every page that shows them, and on the briefing`, async () => {
      const o = await trpcQuery<Out['overview']['get']>(server, 'overview.get', role);
      const expected: Record<string, string> = {
        total: num(o.total.total),
        'in-scope': num(o.total.inScope),
        migrated: num(o.total.migrated),
        rate: pct(o.total.rate),
        overdue: num(o.total.overdue),
        blocked: num(o.total.blocked),
        'on-time': pct(o.total.onTimeRate),
      };
      const [context, page] = await consoleAs(browser, server, role);
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        const shown = await figures(page);
        for (const [id, value] of Object.entries(expected))
          expect(shown[id], `${role} ${path} ${id}`).toBe(value);
        if (role.startsWith('department:') && path === '/')
          expect(shown.requests).toBe(num(o.requests.pending));
      }
      await page.goto(`${server.url}/briefing`);
      const rate = page.getByTestId('briefing-rate');
      await rate.waitFor();
      const text = (await rate.textContent())!;
      for (const v of [pct(o.total.rate), num(o.total.migrated), num(o.total.inScope)])
        expect(text).toContain(v);
      await context.close();
    });

  it("each wave's burn-up ends at the migrated figure beside it", async () => {
    const waves = await trpcQuery<Out['waves']['list']>(server, 'waves.list', 'leader:');
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(`${server.url}/waves`);
    const drawn = waves.filter((w) => w.burnUp.length > 1);
    expect(drawn.length).toBeGreaterThan(0);
    for (const w of drawn) {
      const end = page.getByTestId(`wave-burnup-${w.id}`);
      await end.waitFor();
      expect(Number(await end.getAttribute('data-migrated')), w.id).toBe(w.rollup!.byStage.migrated);
      // On a time axis labelled with dates.
      const labels = await page.getByTestId(`wave-${w.id}`).locator('text').allTextContents();
      expect(labels.filter((l) => /\d{4}年\d{1,2}月\d{1,2}日/.test(l)).length, w.id).toBeGreaterThan(1);
    }
    await page.getByTestId(`wave-${drawn[0]!.id}`).screenshot({ path: `${SHOTS}wave-burnup-zh.png` });
    await context.close();
  });
});

describe('search', () => {
  it("finds a system, a department and a request from the header, within the viewer's scope", async () => {
    const [context, page] = await consoleAs(browser, server, 'department:gat');
    await page.goto(`${server.url}/`);
    const box = page.getByTestId('global-search');
    await box.fill('公安');
    const options = page.getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    const texts = await options.allInnerTexts();
    // Another department's systems are not offered to this one.
    const mine = await trpcQuery<Out['search']['find']>(server, 'search.find', 'department:gat', {
      q: '公安',
    });
    expect(mine.systems.length).toBeGreaterThan(0);
    const other = await trpcQuery<Out['search']['find']>(server, 'search.find', 'department:czt', {
      q: '公安',
    });
    expect(other.systems).toEqual([]);
    await options
      .filter({ hasText: texts.find((x) => x.includes('·'))! })
      .first()
      .click();
    await expect.poll(() => page.url()).toMatch(/\/systems\/[\w-]+$/);
    await context.close();
  });
});

describe('figures that differ by a rule say so', () => {
  it("the operator's home counts the namespaces with no department, as the clusters page does", async () => {
    const unassigned = await trpcQuery<Out['clusters']['unassigned']>(
      server,
      'clusters.unassigned',
      'operator:',
    );
    expect(unassigned.length).toBeGreaterThan(0);
    const [context, page] = await consoleAs(browser, server, 'operator:');
    await page.goto(`${server.url}/`);
    await expect
      .poll(() => page.getByTestId('drift-unassigned').textContent())
      .toBe(`另有 ${unassigned.length} 个命名空间尚未分配单位（不属于任何租户）`);
    await page.getByTestId('drift-unassigned').click();
    await expect.poll(() => page.url()).toMatch(/\/clusters$/);
    await context.close();
  });
});

describe('to-do lists', () => {
  it("a system ready to sign is on its department's list until signed, then on the operator's until confirmed", async () => {
    const todo = await trpcQuery<Out['systems']['todo']>(server, 'systems.todo', 'operator:');
    const s = todo.toSign.find((x) => x.kind === 'cut-over')!;
    expect(s).toBeDefined();
    const dept = `department:${s.department}`;
    const [dctx, dpage] = await consoleAs(browser, server, dept);
    await dpage.goto(`${server.url}/`);
    const mine = dpage.getByTestId('todo-toSign').locator(`[data-todo="${s.id}"]`);
    await mine.waitFor();
    const [octx, opage] = await consoleAs(browser, server, 'operator:');
    await opage.goto(`${server.url}/`);
    const theirs = opage.getByTestId('todo-toConfirm').locator(`[data-todo="${s.id}"]`);
    await opage.getByTestId('todo-toConfirm').waitFor();
    expect(await theirs.count()).toBe(0);
    // Both pages hear live events before anything changes (what they show then is the test).
    for (const p of [dpage, opage]) await expect.poll(() => liveState(p)).toBe('live');

    await completeRunbookVia(server, dept, s.id);
    const signed = await mutate(server, 'workflows.sign', dept, { system: s.id, kind: 'cut-over' });
    expect(signed.status).toBe(200);
    // Both open pages follow without a reload.
    await expect.poll(() => mine.count(), { timeout: 15_000 }).toBe(0);
    // Gone because the list was read again, not because it failed to load.
    expect(await dpage.getByTestId('todo-toSign').getByRole('alert').count()).toBe(0);
    // If the operator's page misses it, say what the server and the page held (a rare CI failure).
    await expect
      .poll(() => theirs.count(), { timeout: 15_000 })
      .toBe(1)
      .catch(async (e: Error) => {
        const api = await trpcQuery<Out['systems']['todo']>(server, 'systems.todo', 'operator:');
        const panel = await opage.getByTestId('todo-toConfirm').textContent();
        const live = await liveState(opage);
        throw new Error(
          `${e.message}\nserver toConfirm: ${api.toConfirm.map((x) => x.id).join(',')}` +
            `\npanel: ${panel}\nlive: ${live}`,
        );
      });
    expect(await theirs.textContent()).toMatch(/签署/);
    await opage.getByTestId('todo-toConfirm').screenshot({ path: `${SHOTS}todo-operator-zh.png` });
    await dctx.close();
    await octx.close();
  });

  it("the leader's home lists departments with overdue or blocked systems, each opening its list", async () => {
    const o = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'leader:');
    const worst = [...o.departments].sort(
      (a, b) => b.rollup.overdue + b.rollup.blocked - (a.rollup.overdue + a.rollup.blocked),
    )[0]!;
    expect(worst.rollup.blocked).toBeGreaterThan(0);
    const [context, page] = await consoleAs(browser, server, 'leader:');
    await page.goto(`${server.url}/`);
    await page.getByTestId('todo-watch').screenshot({ path: `${SHOTS}todo-leader-zh.png` });
    await page
      .getByTestId('todo-watch')
      .locator(`a[href*="department=${worst.id}&blocked=true"]`)
      .first()
      .click();
    expect(await listed(page)).toBe(worst.rollup.blocked);
    await context.close();
  });
});
