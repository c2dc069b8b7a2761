// Live updates in a real browser: a stage change and a request reach an open page without a
// reload, and a page whose connection drops reconnects and catches up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { consoleAs, mutate } from '../harness/console.ts';
import { freePort } from '../harness/ports.ts';
import { TcpProxy } from '../harness/tcp-proxy.ts';
import type { AppRouterOutputs as Out } from '../../server/src/api/router.ts';

const env = { YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00.000Z' };
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startYunqian(env), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Marks the page; the mark survives only if the page is never reloaded. */
const markPage = (page: import('playwright-core').Page) => page.evaluate('window.__notReloaded = true');
const stillSamePage = (page: import('playwright-core').Page) =>
  page.evaluate('window.__notReloaded === true');

describe('live updates', () => {
  it("moves a system's stage on an open page when an operator confirms its cut-over", async () => {
    const { rows } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'operator:', {
      stage: 'serving',
      limit: 20_000,
    });
    const s = rows.find((x) => x.inScope)!;
    const dept = `department:${s.department}`;
    const [context, page] = await consoleAs(browser, server, dept);
    await page.goto(`${server.url}/systems/${s.id}`);
    await expect.poll(() => page.getByTestId('system-stage').getAttribute('data-stage')).toBe('serving');
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    await markPage(page);

    const signed = await mutate(server, 'workflows.sign', dept, { system: s.id, kind: 'cut-over' });
    expect(signed.status).toBe(200);
    const version = (signed.body.result!.data as { version: number }).version;
    const confirmed = await mutate(server, 'workflows.confirm', 'operator:', {
      system: s.id,
      kind: 'cut-over',
      version,
    });
    expect(confirmed.status).toBe(200);
    // Well inside the 60 s safety poll: only the pushed event can have done this.
    await expect
      .poll(() => page.getByTestId('system-stage').getAttribute('data-stage'), { timeout: 10_000 })
      .toBe('cut-over');
    expect(await stillSamePage(page)).toBe(true);
    await context.close();
  });

  it('reconnects after losing the connection and shows what changed meanwhile', async () => {
    const { rows } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'department:gat', {
      limit: 20_000,
    });
    const s = rows.find((x) => x.inScope)!;
    // The browser reaches the server through a link the test can cut, as a flaky network would.
    const link = new TcpProxy(await freePort(), Number(new URL(server.url).port));
    await link.open();
    try {
      const [context, page] = await consoleAs(browser, server, 'department:gat');
      await page.goto(`http://127.0.0.1:${link.port}/requests`);
      await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
      await markPage(page);

      await link.cut();
      await expect
        .poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 30_000 })
        .toBe('reconnecting');
      // Changed while the console could not hear about it.
      const created = await mutate(server, 'requests.create', 'department:gat', {
        system: s.id,
        network: s.network,
        cpu: 3,
        memoryGiB: 6,
        storageGiB: 0,
        reason: '重连之后应当看到这条申请',
      });
      expect(created.status).toBe(200);
      const id = (created.body.result!.data as { id: number }).id;
      await link.open();
      await expect
        .poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 30_000 })
        .toBe('live');
      await expect.poll(() => page.getByTestId(`request-${id}`).count(), { timeout: 15_000 }).toBe(1);
      expect(await stillSamePage(page)).toBe(true);
      await context.close();
    } finally {
      await link.cut();
    }
  });
});
