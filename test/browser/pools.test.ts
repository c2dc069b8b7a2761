// Department pools in Chromium: the province's operator allots a department a pool on a network
// through the dialog, the department asks for more than it holds, and the operator's approval is
// refused on the field in words, naming the unit and what is left. axe stays clean.
import { filingOf } from '../harness/filings.ts';
import { describe, expect, it } from 'vitest';
import { trpcQuery } from '../harness/yunqian.ts';
import { sandboxConsole, SHOTS } from '../harness/sandbox-console.ts';
import { consoleAs, mutate } from '../harness/console.ts';
import { seriousViolations } from '../harness/axe.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const AT = '2026-11-25T08:00:00.000Z';
const sandbox = sandboxConsole(AT);

describe('department pools', () => {
  it('allots a pool in the dialog, and an approval beyond it is refused on the field', async () => {
    const [context, page] = await consoleAs(sandbox.browser, sandbox.server, 'operator:');
    await page.goto(`${sandbox.server.url}/requests`);
    await page.getByTestId('pool-new').click();
    await page.getByTestId('pool-unit').fill('省公安厅');
    await page.getByRole('option', { name: '省公安厅', exact: true }).click();
    await page.getByTestId('pool-cpu').fill('8');
    await page.getByTestId('pool-memoryGiB').fill('64');
    await page.getByTestId('pool-storageGiB').fill('1000');
    await page.getByTestId('pool-save').click();
    const row = page.getByTestId('pools').getByRole('row', { name: /省公安厅/ });
    await expect.poll(() => row.textContent()).toContain('已批 0 / 分配 8（待批 0）');

    // The department asks for 12 cores for one of its systems on that network.
    const { options } = await trpcQuery<Out['systems']['options']>(
      sandbox.server,
      'systems.options',
      'department:gat',
      {
        department: 'gat',
        limit: 50,
      },
    );
    const system = options.find((o) => o.network === 'external' && o.department === 'gat')!;
    const asked = await mutate(sandbox.server, 'requests.create', 'department:gat', {
      system: system.id,
      network: 'external',
      cpu: 12,
      memoryGiB: 16,
      storageGiB: 0,
      reason: '业务高峰扩容',
      filing: await filingOf(system.id),
    });
    expect(asked.status).toBe(200);
    const id = (asked.body.result!.data as { id: number }).id;
    // Accepted (受理) by another operator: the review is next.
    expect(
      (
        await mutate(sandbox.server, 'requests.accept', 'operator:', {
          id,
          version: 1,
          decision: 'accept',
          comment: '',
        })
      ).status,
    ).toBe(200);
    await page.reload();
    await expect.poll(() => row.textContent()).toContain('已批 0 / 分配 8（待批 12）');

    await page.getByTestId(`decide-${id}`).click();
    await page.getByTestId('decide-comment').fill('同意扩容');
    await page.getByTestId('decide-approve').click();
    const field = page.locator(`#${await page.getByTestId('decide-cpu').getAttribute('id')}-helper-text`);
    await expect
      .poll(() => field.textContent())
      .toContain('省公安厅的政务外网资源池只剩 8 核 CPU，本次批准 12');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('dialog').screenshot({ path: `${SHOTS}pool-refused-zh.png` });
    await page.keyboard.press('Escape');
    await page.getByTestId('pools').screenshot({ path: `${SHOTS}pools-zh.png` });
    await context.close();
  });
});
