// Intake and readiness in Chromium, in Chinese: a department uploads a workbook with mistakes and
// reads each problem with its sheet, row and column; the exported workbook of its plan comes back
// as its plan file. On a system of the wave about to open, the readiness panel shows the verdict,
// each risk with its rule, and the answers inherited from the archetype; the department changes an
// answer and the verdict follows the server's. axe stays clean; screenshots go to docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { exportWorkbook, loadPlanDir, readPlanDir, writeWorkbook } from '@yunqian/plan';
import { consoleAs, mutate } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import { SHOTS } from '../harness/sandbox-console.ts';
import { startYunqian, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';

const AT = '2026-12-10T08:00:00.000Z';
const PLAN = new URL('../../migrations-plan/', import.meta.url).pathname;
const running = {} as { server: RunningServer; browser: Browser };
// The sandbox replays the province's past up to AT before it is ready: on a loaded two-core
// machine that can take longer than the harness's minute, so this file waits up to four.
beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [running.server, running.browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT }, undefined, 240_000),
    launchChromium(),
  ]);
}, 300_000);
afterAll(async () => {
  await running.browser?.close();
  await running.server?.stop();
});
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('plan intake and readiness (计划导入、上云评估)', () => {
  it('a department reads its workbook’s problems by sheet, row and column, then gets its plan file', async () => {
    const { server, browser } = running;
    const [context, page] = await consoleAs(browser, server, 'department:czt');
    const broken = await writeWorkbook([
      {
        id: 'czt-budget-new',
        name: { zh: '预算一体化新系统', en: 'Integrated Budget System' },
        department: '不存在的单位',
        mlps: { level: 7 },
        wave: 'w4',
        start: '2026-08-01',
        cutover: '2026-12-01',
        strategy: 'replatform',
        resources: { cpu: 16, memoryGiB: 64, storageGiB: 500 },
        currentSite: { kind: 'machine-room', name: '省财政厅机房' },
        contacts: { owner: { name: '周敏' } },
        dependsOn: ['zwfw-portal'],
      },
      {
        id: 'czt-archive',
        name: { zh: '财政档案系统', en: 'Finance Archive System' },
        network: 'internal',
        mlps: { level: 2 },
        wave: 'w4',
        start: '2026-08-01',
        cutover: '2026-12-01',
        resources: { cpu: 4, memoryGiB: 8, storageGiB: 2000 },
        currentSite: { kind: 'hosted', name: '省政务云托管区' },
        contacts: {},
        dependsOn: [],
      },
    ]);
    await page.goto(`${server.url}/intake`);
    await page
      .getByTestId('intake-file')
      .setInputFiles({ name: '财政厅调查表.xlsx', mimeType: XLSX, buffer: Buffer.from(broken) });
    await expect.poll(() => page.getByTestId('intake-run').isEnabled()).toBe(true);
    await page.getByTestId('intake-run').click();
    await expect.poll(() => page.getByTestId('intake-refused').textContent()).toContain('4 个错误');
    const table = page.getByTestId('intake-problems');
    await expect.poll(() => table.textContent()).toContain('单位“不存在的单位”不在组织机构中');
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('“网络”必须填写');
    expect(text).toContain('“7”不是可选值之一：1、2、3、4');
    expect(text).toContain('“迁移方式”必须填写');
    expect(text).toContain('应用系统详细信息表');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('main').screenshot({ path: `${SHOTS}intake-problems-zh.png` });

    // The department's own plan, exported to the template, comes back as its plan file.
    const exported = await exportWorkbook(await readPlanDir(PLAN), { department: 'czt' });
    if (!exported.ok) throw new Error('the sample plan does not export');
    await page
      .getByTestId('intake-file')
      .setInputFiles({ name: 'czt.xlsx', mimeType: XLSX, buffer: Buffer.from(exported.workbook) });
    await page.getByTestId('intake-run').click();
    await expect.poll(() => page.getByTestId('intake-yaml').textContent()).toContain('department: czt');
    expect(await page.getByTestId('intake-clean').textContent()).toContain(`${exported.systems} 个系统`);
    await context.close();
  });

  it('the readiness panel shows the verdict, the rules that fired and what is inherited; the department edits it', async () => {
    const { server, browser } = running;
    const plan = (await loadPlanDir(PLAN)).plan!;
    const s = plan.systems.find((x) => x.wave === 'w5' && x.strategy === 'rehost' && x.mlps.level >= 3)!;
    const viewer = `department:${s.department}`;
    const archetype = await mutate(server, 'readiness.saveArchetype', 'operator:', {
      id: 'kylin-dm-web',
      name: { zh: '麒麟+达梦 Web 应用', en: 'Web application on Kylin and DM' },
      answers: {
        os: '银河麒麟 V10',
        osXinchuang: 'adapted',
        database: '达梦 DM8',
        databaseXinchuang: 'adapted',
        middleware: '东方通 TongWeb 7',
        middlewareXinchuang: 'adapting',
        rollbackPlan: true,
        mlpsStatus: 'assessed',
      },
      version: 0,
    });
    expect(archetype.status).toBe(200);
    const answered = await mutate(server, 'readiness.answer', viewer, {
      system: s.id,
      version: 0,
      archetype: 'kylin-dm-web',
      answers: {
        dataVolumeGiB: 1500,
        downtimeHours: 4,
        interfaces: 14,
        interfaceList: '统一身份认证；电子证照库；省数据共享交换平台',
      },
    });
    expect(answered.status).toBe(200);

    const [context, page] = await consoleAs(browser, server, viewer);
    await page.goto(`${server.url}/systems/${s.id}`);
    const panel = page.getByTestId('readiness-panel');
    await expect.poll(() => panel.getByTestId('readiness-verdict').textContent()).toBe('有条件具备');
    expect(await panel.getByTestId('readiness-risk-xinchuang-adapting').textContent()).toContain(
      '中间件（东方通 TongWeb 7）信创适配尚在进行',
    );
    expect(await panel.getByTestId('readiness-risk-data-exceeds-downtime').textContent()).toContain(
      '规则 data-exceeds-downtime',
    );
    expect(await panel.getByTestId('readiness-risk-many-interfaces').isVisible()).toBe(true);
    expect(await panel.getByTestId('readiness-archetype').textContent()).toContain('麒麟+达梦 Web 应用');
    expect(await seriousViolations(page)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${SHOTS}readiness-zh.png` });

    // The department says there is no rollback plan after all: the server's verdict follows.
    await panel.getByTestId('readiness-edit').click();
    await panel.getByTestId('readiness-field-rollbackPlan').locator('..').click();
    await page.getByRole('option', { name: '否' }).click();
    await panel.getByTestId('readiness-save').click();
    await expect.poll(() => panel.getByTestId('readiness-verdict').textContent()).toBe('不具备条件');
    expect(await panel.getByTestId('readiness-risk-no-rollback-plan').textContent()).toContain(
      '没有回退方案',
    );
    await context.close();
  });
});
