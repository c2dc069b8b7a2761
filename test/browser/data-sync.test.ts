// Data-sync progress in Chromium (#23): the department administrator issues a migration tool's
// token on its page (the secret shown once), a tool pushes three reports with it over HTTP, and
// the system's page shows the run — who pushed, percent, rows and bytes in the reader's units, and
// the checksums' mismatch as a problem. Leaves the README's two screenshots.
import { describe, expect, it } from 'vitest';
import { trpcQuery } from '../harness/yunqian.ts';
import { sandboxConsole, SHOTS } from '../harness/sandbox-console.ts';
import { consoleAs } from '../harness/console.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const sandbox = sandboxConsole(AT);

describe('data-sync reports', () => {
  it('a token issued on its page reports progress that the system page shows', async () => {
    const [context, page] = await consoleAs(sandbox.browser, sandbox.server, 'department-admin:gat');
    await page.goto(`${sandbox.server.url}/sync-tokens`);
    await page.getByTestId('sync-token-name').fill('DTS 全量同步');
    await page.getByTestId('sync-token-unit').fill('省公安厅');
    await page.getByRole('option', { name: '省公安厅', exact: true }).click();
    await page.getByTestId('sync-token-submit').click();
    const secret = (await page.getByTestId('sync-token-secret').textContent())!;
    expect(secret).toMatch(/^yqs_/);
    await expect.poll(() => page.getByTestId('sync-tokens').textContent()).toContain('DTS 全量同步');
    await page.screenshot({ path: `${SHOTS}sync-tokens-zh.png`, fullPage: true });

    const { options } = await trpcQuery<Out['systems']['options']>(
      sandbox.server,
      'systems.options',
      'department:gat',
      {
        department: 'gat',
        limit: 5,
      },
    );
    const system = options[0]!.id;
    const post = (body: object) =>
      fetch(`${sandbox.server.url}/api/v1/migration-reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ system, run: 'dts-full-1125', ...body }),
      }).then((r) => r.status);
    const GiB = 2 ** 30;
    expect(
      await post({
        sequence: 1,
        measuredAt: '2026-11-25T06:00:00Z',
        phase: 'full',
        percent: 35,
        rows: { copied: 3_500_000, total: 10_000_000 },
        bytes: { copied: 42 * GiB, total: 120 * GiB },
      }),
    ).toBe(201);
    expect(
      await post({
        sequence: 2,
        measuredAt: '2026-11-25T07:00:00Z',
        phase: 'full',
        percent: 100,
        rows: { copied: 10_000_000, total: 10_000_000 },
        bytes: { copied: 120 * GiB, total: 120 * GiB },
      }),
    ).toBe(201);
    expect(
      await post({
        sequence: 3,
        measuredAt: '2026-11-25T07:58:00Z',
        phase: 'verification',
        percent: 100,
        checksums: { verified: 1_180, mismatched: 3, total: 1_200 },
      }),
    ).toBe(201);

    await page.goto(`${sandbox.server.url}/systems/${system}`);
    const panel = page.getByTestId('data-sync');
    await expect.poll(() => panel.textContent()).toContain('dts-full-1125');
    expect(await panel.getByTestId('data-sync-problem').textContent()).toContain('3 处不一致');
    const first = await panel.getByTestId('data-sync-report-1').textContent();
    expect(first).toContain('350万 / 1000万');
    expect(first).toContain('42 GiB / 120 GiB');
    expect(first).toContain('DTS 全量同步');
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${SHOTS}sync-timeline-zh.png` });
    await context.close();
  });
});
