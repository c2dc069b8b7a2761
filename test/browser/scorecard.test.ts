// Monthly scorecards (考核) in Chromium on the sandbox province: the data bureau closes last month
// from the page (asked once, then frozen); a leader opens the ranking, drills into a department —
// its indicators with their rules, equal to the API's frozen row, and its scores month by month —
// and prints the province's 通报 on one A4 page.
import { describe, expect, it } from 'vitest';
import { trpcQuery } from '../harness/yunqian.ts';
import { sandboxConsole, SHOTS } from '../harness/sandbox-console.ts';
import { consoleAs, mutate } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const sandbox = sandboxConsole(AT);

describe('department scorecards', () => {
  it('closed by the data bureau, read and printed by a leader', async () => {
    // An earlier month closed already (through the API), so the trend has two points.
    expect((await mutate(sandbox.server, 'scorecards.close', 'operator:', { month: '2026-09' })).status).toBe(
      200,
    );

    const [opContext, op] = await consoleAs(sandbox.browser, sandbox.server, 'operator:');
    await op.goto(`${sandbox.server.url}/scorecard`);
    await op.getByTestId('scorecard-close').click();
    await op.getByTestId('scorecard-close-ask-ok').click();
    await expect
      .poll(() => op.getByTestId('scorecard-hash').textContent())
      .toMatch(/校验值（SHA256）：[0-9a-f]{64}/);
    await expect.poll(() => op.getByTestId('scorecard-close').count()).toBe(0);
    await opContext.close();

    const month = (await trpcQuery<Out['scorecards']['month']>(
      sandbox.server,
      'scorecards.month',
      'leader:',
      {
        month: '2026-10',
      },
    ))!;
    const gat = month.rows.find((r) => r.unit === 'gat')!;
    const [context, page] = await consoleAs(sandbox.browser, sandbox.server, 'leader:');
    await page.goto(`${sandbox.server.url}/scorecard?month=2026-10`);
    await page.getByTestId('scorecard-unit-gat').click();
    await page.getByTestId('scorecard-card-gat').waitFor();
    expect(await page.getByTestId('scorecard-total').textContent()).toBe(
      gat.result.total === null ? '不计分' : new Intl.NumberFormat('zh-CN').format(gat.result.total),
    );
    for (const x of gat.result.indicators)
      expect(await page.getByTestId(`scorecard-score-${x.id}`).textContent()).toBe(
        x.score === null ? '不计分' : new Intl.NumberFormat('zh-CN').format(x.score),
      );
    await page.getByTestId('scorecard-trend').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}scorecard-department-zh.png`, fullPage: true });
    // The department's own 通报: one A4 page too.
    await page.emulateMedia({ media: 'print' });
    const own = Buffer.from(await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(own.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await page.emulateMedia({ media: 'screen' });

    // The province's 通报: the ranking, on one A4 page without the console's frame.
    await page.goto(`${sandbox.server.url}/scorecard?month=2026-10`);
    await page.getByTestId('scorecard-unit-gat').waitFor();
    await page.screenshot({ path: `${SHOTS}scorecard-zh.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('scorecard-print').isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}scorecard-print-zh.png`, fullPage: true });
    const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await context.close();
  });
});
