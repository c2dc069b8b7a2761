// Operators' clusters page on the sandbox: both networks, cluster health and capacity, tenants,
// and assigning an unassigned namespace through the dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';

const AT = '2026-11-25T08:00:00.000Z';
const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: AT }),
    launchChromium(),
  ]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'zh-CN' });
  await context.addCookies([{ name: 'yq-demo', value: 'operator%3A', url: server.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (path: string, input?: unknown) => trpcQuery(server, path, 'operator:', input);

describe('clusters page (operator)', () => {
  it('groups clusters by network with health, nodes and tenant counts', async () => {
    await page.goto(`${server.url}/clusters`);
    await page.getByTestId('network-internal').waitFor();
    const clusters = (await api('clusters.list')) as { id: string; network: string; tenants: number }[];
    for (const c of clusters) {
      const card = page.getByTestId(`cluster-${c.id}`);
      await expect
        .poll(() => page.getByTestId(`network-${c.network}`).getByTestId(`cluster-${c.id}`).count())
        .toBe(1);
      expect(await card.locator('[data-state]').getAttribute('data-state')).toBe('synced');
      expect(await page.getByTestId(`cluster-${c.id}-tenants`).textContent()).toBe(
        new Intl.NumberFormat('zh-CN').format(c.tenants),
      );
    }
    await page.screenshot({ path: `${SHOTS}clusters-zh.png`, fullPage: true });
  });

  it('assigns an unassigned namespace to a department and one of its systems, found by searching', async () => {
    const ns = ((await api('clusters.unassigned', undefined)) as { name: string; network: string }[]).find(
      (n) => n.name === 'legacy-portal-test',
    )!;
    // A system of the department on the namespace's network, as the picker will find it.
    const { options } = (await api('systems.options', { department: 'zwfwb', limit: 200 })) as {
      options: { id: string; name: { zh: string }; network: string }[];
    };
    const system = options.find((o) => o.network === ns.network)!;
    await page.getByTestId('unassigned-legacy-portal-test').getByRole('button').click();
    await page.getByTestId('assign-department').locator('..').click();
    await page.getByRole('option', { name: '省政务服务管理办公室' }).click();
    await page.getByTestId('assign-system').fill(system.name.zh);
    await page.getByRole('option', { name: system.name.zh }).first().waitFor();
    await page.screenshot({ path: `${SHOTS}assign-system-picker-zh.png` });
    await page.getByRole('option', { name: system.name.zh }).first().click();
    await page.getByTestId('assign-confirm').click();
    await expect
      .poll(() => page.getByTestId('unassigned-legacy-portal-test').count(), { timeout: 10_000 })
      .toBe(0);
    const tenants = (await api('clusters.tenants', {})) as {
      namespace: string;
      department: string;
      system: string | null;
    }[];
    expect(tenants.find((t) => t.namespace === 'legacy-portal-test')).toMatchObject({
      department: 'zwfwb',
      system: system.id,
    });
  });

  it('lists tenants with quota, workloads and network-policy status', async () => {
    await page.goto(`${server.url}/tenants?cluster=nw-core`);
    await page.getByTestId('tenants-count').waitFor();
    const tenants = (
      (await api('clusters.tenants', {})) as {
        cluster: string;
        namespace: string;
        defaultDeny: { ingress: boolean; egress: boolean };
      }[]
    ).filter((t) => t.cluster === 'nw-core');
    expect(await page.getByTestId('tenants-count').textContent()).toBe(`${tenants.length} 个租户`);
    const lacking = tenants.find((t) => !t.defaultDeny.egress);
    if (lacking) {
      await page.getByTestId('tenants-search').locator('input').fill(lacking.namespace);
      await expect
        .poll(() => page.getByTestId(`tenant-${lacking.namespace}`).textContent())
        .toContain('缺少');
    }
  });
});
