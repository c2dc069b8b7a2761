// Exceptions (不上云例外) in Chromium: a department applies on its system's page (a date too early is
// refused on the field, in words), the province's operator approves on the exceptions page (a
// comment required, on its field), and the system is then retained by the exception and counted
// apart: the leader's home, the overview, the department ranking and the department's own home
// show the figures the API gives, and say how many are counted apart by an exception. axe stays
// clean on every page shown; screenshots go to docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs } from '../harness/console.ts';
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
const num = (v: number) => new Intl.NumberFormat('zh-CN').format(v);
const text = (page: Page, id: string) => page.getByTestId(id).textContent();

describe('exceptions (不上云例外)', () => {
  it('a department applies, the data bureau approves, and the system is counted apart on every page', async () => {
    const { rows } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'department:gat', {
      inScope: true,
      limit: 500,
    });
    const system = rows.find((r) => r.stage !== 'migrated' && r.strategy !== 'retain')!;
    const before = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'leader:');

    // The department applies on its system's page.
    const [dContext, dept] = await consoleAs(browser, server, 'department:gat');
    await dept.goto(`${server.url}/systems/${system.id}`);
    await dept.getByTestId('exception-apply').click();
    await dept
      .getByTestId('exception-reason')
      .fill('系统承载涉密历史档案，近两年内不具备迁移上云条件，拟于新档案系统建成后整体下线。');
    await dept.getByTestId('exception-expires-on').fill('2026-11-20');
    await dept.getByTestId('exception-submit').click();
    const dateHelp = dept.locator(
      `#${await dept.getByTestId('exception-expires-on').getAttribute('id')}-helper-text`,
    );
    await expect.poll(() => dateHelp.textContent()).toContain('有效期须晚于今天（最早 2026-11-26）');
    expect(await seriousViolations(dept)).toEqual([]);
    await dept.getByRole('dialog').screenshot({ path: `${SHOTS}exception-apply-zh.png` });
    await dept.getByTestId('exception-expires-on').fill('2027-06-30');
    await dept.getByTestId('exception-submit').click();
    await expect.poll(() => text(dept, 'exception-done')).toMatch(/已提交不上云例外申请（第 \d+ 号）/);
    const [pending] = await trpcQuery<Out['exceptions']['list']>(
      server,
      'exceptions.list',
      'department:gat',
      {
        system: system.id,
      },
    );
    expect(pending).toMatchObject({ status: 'pending', appliedBy: 'demo-department-gat' });
    await expect.poll(() => text(dept, `exception-state-${pending!.id}`)).toBe('待审批');

    // The province's operator approves on the exceptions page; a comment is required, on its field.
    const [oContext, op] = await consoleAs(browser, server, 'operator:');
    await op.goto(`${server.url}/exceptions`);
    await expect.poll(() => text(op, `exception-state-${pending!.id}`)).toBe('待审批');
    expect(await seriousViolations(op)).toEqual([]);
    await op.getByTestId('exceptions-panel').screenshot({ path: `${SHOTS}exceptions-zh.png` });
    await op.getByTestId(`exception-approve-${pending!.id}`).click();
    await op.getByTestId('exception-approve-ok').click();
    const commentHelp = op.locator(
      `#${await op.getByTestId('exception-comment').getAttribute('id')}-helper-text`,
    );
    await expect.poll(() => commentHelp.textContent()).toBe('请填写审批意见（至少 4 个字）');
    await op
      .getByTestId('exception-comment')
      .fill('经核实，同意保留至 2027 年 6 月 30 日，到期前须提交迁移方案。');
    expect(await seriousViolations(op)).toEqual([]);
    await op.getByRole('dialog').screenshot({ path: `${SHOTS}exception-approve-zh.png` });
    await op.getByTestId('exception-approve-ok').click();
    await expect.poll(() => text(op, 'exception-done')).toContain(`已批准第 ${pending!.id} 号不上云例外`);
    await expect.poll(() => text(op, `exception-state-${pending!.id}`)).toBe('已批准');

    // The system page: retained by the exception, its last day, counted apart.
    await dept.goto(`${server.url}/systems/${system.id}`);
    await expect.poll(() => dept.getByTestId('system-stage').getAttribute('data-stage')).toBe('retained');
    await expect.poll(() => text(dept, 'system-exception')).toContain('不上云例外 · 至 2027年6月30日');
    expect(await text(dept, 'exception-in-force')).toContain('不计入上云率，单独统计');
    expect(await text(dept, 'evidence-retained')).toContain('经批准不上云例外，有效期至 2027年6月30日');
    expect(await seriousViolations(dept)).toEqual([]);
    await dept.locator('main').screenshot({ path: `${SHOTS}system-exception-zh.png` });

    // The figures: one fewer counted, the same on every page, each saying what an exception took out.
    const after = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'leader:');
    expect(after.total.inScope).toBe(before.total.inScope - 1);
    expect(after.total.excepted).toBe(before.total.excepted + 1);
    const gat = after.departments.find((d) => d.id === 'gat')!.rollup;
    const own = await trpcQuery<Out['overview']['get']>(server, 'overview.get', 'department:gat');
    expect(own.total).toEqual(gat);
    const [lContext, leader] = await consoleAs(browser, server, 'leader:');
    for (const path of ['/', '/overview']) {
      await leader.goto(`${server.url}${path}`);
      await expect.poll(() => text(leader, 'kpi-in-scope')).toBe(num(after.total.inScope));
      expect(await text(leader, 'kpi-rate')).toBe(pct(after.total.rate));
      expect(await text(leader, 'kpi-in-scope-hint')).toContain(
        `其中经批准不上云例外 ${num(after.total.excepted)} 个`,
      );
      await expect.poll(() => text(leader, 'dept-rate-gat')).toBe(pct(gat.rate));
      const row = leader.getByTestId('departments').getByRole('row', { name: /省公安厅/ });
      await expect.poll(() => row.textContent()).toContain(`${num(gat.inScope)}`);
      expect(await seriousViolations(leader)).toEqual([]);
    }
    await leader
      .getByTestId('kpi-in-scope')
      .locator('xpath=ancestor::div[contains(@class,"MuiGrid-container")][1]')
      .screenshot({
        path: `${SHOTS}exception-counted-apart-zh.png`,
      });
    await dept.goto(`${server.url}/`);
    await expect.poll(() => text(dept, 'kpi-in-scope')).toBe(num(gat.inScope));
    expect(await text(dept, 'kpi-rate')).toBe(pct(gat.rate));
    expect(await text(dept, 'kpi-in-scope-hint')).toContain('其中经批准不上云例外 1 个');

    // In English, the exceptions page as the operator sees it now.
    const [eContext, en] = await consoleAs(browser, server, 'operator:', { locale: 'en' });
    await en.goto(`${server.url}/exceptions`);
    await expect.poll(() => text(en, `exception-state-${pending!.id}`)).toBe('approved');
    expect(await seriousViolations(en)).toEqual([]);
    await en.getByTestId('exceptions-panel').screenshot({ path: `${SHOTS}exceptions-en.png` });
    await Promise.all([dContext, oContext, lContext, eContext].map((c) => c.close()));
  });
});
