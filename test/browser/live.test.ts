// Live updates in a real browser: a stage change and a request reach an open page without a
// reload, and a page whose connection drops reconnects and catches up.
import { filingOf } from '../harness/filings.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startYunqian, trpcQuery, type RunningServer } from '../harness/yunqian.ts';
import { launchChromium } from '../harness/chromium.ts';
import { completeRunbookVia } from '../harness/runbook.ts';
import { consoleAs, mutate, liveState } from '../harness/console.ts';
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
    await expect.poll(() => liveState(page)).toBe('live');
    await completeRunbookVia(server, dept, s.id);
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

  it('patches the open systems list and requests list in place, without fetching either again', async () => {
    const { rows } = await trpcQuery<Out['systems']['list']>(server, 'systems.list', 'operator:', {
      stage: 'serving',
      limit: 20_000,
    });
    const s = rows.filter((x) => x.inScope).at(-1)!;
    const dept = `department:${s.department}`;
    const [context, page] = await consoleAs(browser, server, dept);
    // Every list fetch the page makes, by procedure (tRPC batches name theirs in the path).
    const fetched: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/trpc/')) fetched.push(...path.slice('/trpc/'.length).split(','));
    });
    /** The stream's first message handled, and every fetch it asked for answered. */
    const settled = async () => {
      const status = page.getByTestId('live-status');
      await expect.poll(() => status.getAttribute('data-heard')).toBe('yes');
      await expect.poll(() => status.getAttribute('data-fetching')).toBe('0');
    };
    await page.goto(`${server.url}/systems?q=${encodeURIComponent(s.id)}`);
    const chip = page.locator(`[data-id="${s.id}"] [data-stage]`);
    await expect.poll(() => chip.getAttribute('data-stage')).toBe('serving');
    await expect.poll(() => liveState(page)).toBe('live');
    await completeRunbookVia(server, dept, s.id);
    await settled();
    const listsBefore = fetched.filter((p) => p === 'systems.list').length;

    const signed = await mutate(server, 'workflows.sign', dept, { system: s.id, kind: 'cut-over' });
    const version = (signed.body.result!.data as { version: number }).version;
    const confirmed = await mutate(server, 'workflows.confirm', 'operator:', {
      system: s.id,
      kind: 'cut-over',
      version,
    });
    expect(confirmed.status).toBe(200);
    await expect.poll(() => chip.getAttribute('data-stage'), { timeout: 10_000 }).toBe('cut-over');
    // The row came with the event; the totals the server adds up were fetched again.
    expect(fetched.filter((p) => p === 'systems.list').length).toBe(listsBefore);

    // A request made elsewhere, then decided: the open requests list shows both without a refetch.
    await page.goto(`${server.url}/requests`);
    await expect.poll(() => liveState(page)).toBe('live');
    await expect.poll(() => fetched.includes('requests.list')).toBe(true);
    await settled();
    const requestsBefore = fetched.filter((p) => p === 'requests.list').length;
    const created = await mutate(server, 'requests.create', dept, {
      system: s.id,
      network: s.network,
      cpu: 1,
      memoryGiB: 2,
      storageGiB: 0,
      reason: '切换后补充资源',
      filing: await filingOf(s.id),
    });
    const r = created.body.result!.data as { id: number; version: number };
    // If the page misses it, say what the server and the page held (CI failed here once, on Node 24).
    await expect
      .poll(() => page.getByTestId(`request-${r.id}`).count())
      .toBe(1)
      .catch(async (e: Error) => {
        const api = await trpcQuery<Out['requests']['list']>(server, 'requests.list', dept, {});
        const live = await liveState(page);
        throw new Error(
          `${e.message}\nserver has request ${r.id}: ${api.some((x) => x.id === r.id)}; live: ${live}` +
            `\nrequests.list fetched ${fetched.filter((p) => p === 'requests.list').length - requestsBefore} more times`,
        );
      });
    // Not accepted (不予受理): the request ends, and the page hears of it.
    const decided = await mutate(server, 'requests.accept', 'operator:', {
      id: r.id,
      version: r.version,
      decision: 'refuse',
      comment: '本月额度已用完',
    });
    expect(decided.status).toBe(200);
    await expect
      .poll(() => page.getByTestId(`request-${r.id}`).getAttribute('data-status'), { timeout: 10_000 })
      .toBe('rejected');
    expect(fetched.filter((p) => p === 'requests.list').length).toBe(requestsBefore);
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
      await expect.poll(() => liveState(page)).toBe('live');
      await markPage(page);

      await link.cut();
      await expect.poll(() => liveState(page), { timeout: 30_000 }).toBe('reconnecting');
      // Changed while the console could not hear about it.
      const created = await mutate(server, 'requests.create', 'department:gat', {
        system: s.id,
        network: s.network,
        cpu: 3,
        memoryGiB: 6,
        storageGiB: 0,
        reason: '重连之后应当看到这条申请',
        filing: await filingOf(s.id),
      });
      expect(created.status).toBe(200);
      const id = (created.body.result!.data as { id: number }).id;
      await link.open();
      await expect.poll(() => liveState(page), { timeout: 30_000 }).toBe('live');
      await expect.poll(() => page.getByTestId(`request-${id}`).count(), { timeout: 15_000 }).toBe(1);
      expect(await stillSamePage(page)).toBe(true);
      await context.close();
    } finally {
      await link.cut();
    }
  });
});
