// The cut-over and retirement evidence in Chromium on the sandbox province: a public-facing
// system's page shows, name by name and host by host, what the server judged (equal to the API's
// proof); an operator lets an unproven cut-over go ahead, a missing reason refused in words, and
// the override is shown with who, when and why; the leader's home lists the legacy site still
// serving after its signed retirement.
import { describe, expect, it } from 'vitest';
import { trpcQuery } from '../harness/yunqian.ts';
import { sandboxConsole, SHOTS } from '../harness/sandbox-console.ts';
import { consoleAs } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const sandbox = sandboxConsole(AT);

describe('cut-over and retirement evidence', () => {
  it('shows what the server judged, and an operator lets an unproven cut-over go ahead with a reason', async () => {
    const { rows } = (await trpcQuery<Out['systems']['list']>(sandbox.server, 'systems.list', 'operator:', {
      search: 'portal',
    }))!;
    // A portal not yet served by the cloud (its probe fails until it serves).
    let target: { id: string; w: Out['workflows']['forSystem'] } | null = null;
    for (const r of rows) {
      const w = (await trpcQuery<Out['workflows']['forSystem']>(
        sandbox.server,
        'workflows.forSystem',
        'operator:',
        {
          system: r.id,
        },
      ))!;
      if (w.proof?.cutover.state === 'failing') {
        target = { id: r.id, w };
        break;
      }
    }
    expect(target).not.toBeNull();
    const { id, w } = target!;
    const name = w.proof!.cutover.names[0]!.name;

    const [context, page] = await consoleAs(sandbox.browser, sandbox.server, 'operator:');
    await page.goto(`${sandbox.server.url}/systems/${id}`);
    await expect
      .poll(() => page.getByTestId('proof-cut-over-state').textContent())
      .toBe('对外域名尚未证明由云上提供服务');
    const evidence = page.getByTestId('signoff-evidence');
    await expect.poll(() => evidence.textContent()).toContain(`${name}：拨测未通过（HTTP 0）`);
    // The legacy host's line reads the server's count, in the locale's numbers.
    const host = w.proof!.retirement.hosts[0]!;
    expect(await evidence.textContent()).toContain(
      `${host.host}：近 7 天访问 ${new Intl.NumberFormat('zh-CN').format(host.requests!)} 次`,
    );

    await page.getByTestId('override-cut-over-open').click();
    await page.getByTestId('ask-override-proof-ok').click();
    await expect
      .poll(() => page.getByTestId('ask-override-proof').textContent())
      .toContain('请填写放行原因（至少 4 个字）');
    await page
      .getByTestId('ask-override-proof')
      .getByRole('textbox')
      .fill('该门户拨测点尚未部署，已人工访问核验');
    await page.getByTestId('ask-override-proof-ok').click();
    await expect
      .poll(() => page.getByTestId('override-cut-over').textContent())
      .toMatch(/^demo-operator 于 2026年11月25日 .+ 登记放行：该门户拨测点尚未部署，已人工访问核验$/);
    const after = (await trpcQuery<Out['workflows']['forSystem']>(
      sandbox.server,
      'workflows.forSystem',
      'operator:',
      {
        system: id,
      },
    ))!;
    expect(after.overrides).toMatchObject([
      { kind: 'cut-over', reason: '该门户拨测点尚未部署，已人工访问核验' },
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('signoff-evidence').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}evidence-override-zh.png`, fullPage: true });
    await context.close();
  });

  it("lists on the leader's home the legacy sites still serving after their signed retirement", async () => {
    const overview = (await trpcQuery<Out['overview']['get']>(sandbox.server, 'overview.get', 'leader:'))!;
    expect(overview.legacyStillServing.length).toBeGreaterThan(0);
    const first = overview.legacyStillServing[0]!;
    const [context, page] = await consoleAs(sandbox.browser, sandbox.server, 'leader:');
    await page.goto(`${sandbox.server.url}/`);
    const row = page.getByTestId(`legacy-still-serving-${first.id}`);
    await expect.poll(() => row.textContent()).toContain(first.hosts);
    expect(await page.getByTestId('legacy-still-serving').locator('li').count()).toBe(
      overview.legacyStillServing.length,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .getByTestId('legacy-still-serving')
      .screenshot({ path: `${SHOTS}legacy-still-serving-zh.png` });
    await row.getByRole('link').click();
    await expect
      .poll(() => page.getByTestId('proof-legacy-retired-state').textContent())
      .toBe('原系统仍在接收访问');
    await context.close();

    // In English at phone width: the same finding, in words.
    const [en, enPage] = await consoleAs(sandbox.browser, sandbox.server, 'leader:', {
      locale: 'en',
      width: 390,
    });
    await enPage.goto(`${sandbox.server.url}/systems/${first.id}`);
    await expect
      .poll(() => enPage.getByTestId('proof-legacy-retired-state').textContent())
      .toBe('Legacy system still receives requests');
    await enPage.getByTestId('signoff-evidence').scrollIntoViewIfNeeded();
    await enPage.screenshot({ path: `${SHOTS}evidence-en-390.png`, fullPage: true });
    await en.close();
  });
});
