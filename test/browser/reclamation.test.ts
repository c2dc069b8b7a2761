// Reclaiming idle resources (闲置资源回收) in Chromium: a proposal for one of a department's systems
// (recorded through the store, as a scan records it, into the sandbox's PostgreSQL database) is shown
// to the department with its evidence chart and the deadline in working days; the department
// contests it — refused on the reason's field without one, in words — and the province's operator
// then sees the contest and the reason, with uphold and withdraw offered. axe stays clean; a
// screenshot goes to docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { loadPlanDir } from '@yunqian/plan';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import { openStore } from '../../server/src/store/db.ts';
import { proposeReclamation } from '../../server/src/store/reclamations.ts';
import { addWorkingDays } from '../../server/src/store/calendar.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const PLAN = new URL('../../migrations-plan/', import.meta.url).pathname;
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const DAY = 86_400_000;
let pg: RunningPostgres;
let server: RunningServer;
let browser: Browser;
let id: number;
let system: string;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [pg, browser] = await Promise.all([startPostgres(), launchChromium()]);
  server = await startYunqian({
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: AT,
    // A sandbox database of a known name on the harness's PostgreSQL, so the test can record a
    // proposal in it as a scan would.
    DATABASE_URL: pg.url,
    YUNQIAN_SANDBOX_OWN_DATABASE: 'true',
    YUNQIAN_SANDBOX_DATABASE_NAME: 'yunqian_sandbox_reclamation',
  });
  const plan = (await loadPlanDir(PLAN)).plan!;
  system = plan.systems.find((s) => s.department === 'gat' && s.network === 'internal')!.id;
  const own = new URL(pg.url);
  own.pathname = '/yunqian_sandbox_reclamation';
  const store = await openStore({ url: own.toString() });
  try {
    const now = new Date(AT);
    // Fourteen days at 8–12 % of the requests: what a scan keeps as the chart's points.
    const daily = Array.from({ length: 14 }, (_, i) => ({
      at: now.getTime() - (13 - i) * DAY,
      cpu: 0.08 + (i % 3) * 0.01,
      memory: 0.1 + (i % 2) * 0.02,
    }));
    const row = await proposeReclamation(
      store,
      { id: 'op-zhang', requestId: 'scan', at: now },
      {
        cluster: 'internal-1',
        namespace: system,
        system,
        department: 'gat',
        network: 'internal',
        quotaCpu: 8,
        quotaMemoryGiB: 16,
        proposedCpu: 2,
        proposedMemoryGiB: 3,
        reduceCpu: 6,
        reduceMemoryGiB: 13,
        evidence: {
          reading: { cpuShare: 0.11, memoryShare: 0.12, cpuUse: 1.4, memoryUse: 2.3 * 2 ** 30, quota: {} },
          window: { end: now.getTime(), days: 14, quantile: 0.95, idleShare: 0.3 },
          daily,
        },
        contestBy: addWorkingDays(now, 5, { timeZone: 'Asia/Shanghai', holidays: [], workingWeekends: [] }),
      },
    );
    id = row!.id;
  } finally {
    await store.close();
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await pg?.stop();
});

const text = (page: Page, tid: string) => page.getByTestId(tid).textContent();

describe('reclaiming idle resources (闲置资源回收)', () => {
  it('a department contests a proposal (a reason required); the operator sees the contest', async () => {
    const [dContext, dept] = await consoleAs(browser, server, 'department:gat');
    await dept.goto(`${server.url}/reclamation`);
    await expect.poll(() => text(dept, `reclamation-state-${id}`)).toBe('待答复');
    expect(await text(dept, `reclamation-deadline-${id}`)).toContain('剩 5 个工作日');
    expect(await seriousViolations(dept)).toEqual([]);
    await dept.getByTestId(`reclamation-link-${system}`).click();
    await expect
      .poll(() => text(dept, 'reclamation-change'))
      .toBe('CPU 8 核、内存 16 GiB → CPU 2 核、内存 3 GiB');
    // The evidence chart: fourteen days, dates on the axis, the idle line.
    await expect.poll(() => dept.getByTestId('reclamation-trend').locator('svg').count()).toBeGreaterThan(0);
    expect(await dept.getByTestId('reclamation-trend-share').getAttribute('data-value')).toBe('0.3');
    expect(await seriousViolations(dept)).toEqual([]);
    await dept.locator('main').screenshot({ path: `${SHOTS}reclamation-zh.png` });

    // Contest: refused on the reason's field without one, then recorded.
    await dept.getByTestId('reclamation-contest').click();
    await dept.getByTestId('reclamation-act-confirm').click();
    const help = dept.locator(
      `#${await dept.getByTestId('reclamation-text').getAttribute('id')}-helper-text`,
    );
    await expect.poll(() => help.textContent()).toBe('请填写异议理由（至少 4 个字）');
    expect(await seriousViolations(dept)).toEqual([]);
    await dept.getByTestId('reclamation-text').fill('年底社保集中申报期将至，业务量将回升，请保留现有配额。');
    await dept.getByTestId('reclamation-act-confirm').click();
    await expect.poll(() => text(dept, 'reclamation-done')).toContain(`已对回收建议 #${id} 提出异议`);
    await expect.poll(() => text(dept, `reclamation-state-${id}`)).toBe('有异议');
    const [row] = await trpcQuery<Out['reclamation']['list']>(
      server,
      'reclamation.list',
      'department:gat',
      {},
    );
    expect(row).toMatchObject({ id, status: 'contested', answeredBy: 'demo-department-gat' });

    // The province's operator sees the contest and its reason, and may decide it.
    const [oContext, op] = await consoleAs(browser, server, 'operator:');
    await op.goto(`${server.url}/reclamation`);
    await expect.poll(() => text(op, `reclamation-state-${id}`)).toBe('有异议');
    await op.getByTestId(`reclamation-link-${system}`).click();
    await expect.poll(() => text(op, 'reclamation-answer')).toContain('年底社保集中申报期将至');
    expect(await op.getByTestId('reclamation-uphold').isVisible()).toBe(true);
    expect(await op.getByTestId('reclamation-withdraw').isVisible()).toBe(true);
    expect(await seriousViolations(op)).toEqual([]);
    await Promise.all([dContext.close(), oContext.close()]);
  });
});
