// The console's weight and speed: bundle sizes (gzip) and the time to first render of the leader's
// home page (navigation start → the migration rate on screen) in headless Chromium, cold cache,
// against the sandbox server on loopback.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundleReport } from '../console/scripts/bundle-report.ts';
import { startYunqian } from '../test/harness/yunqian.ts';
import { launchChromium } from '../test/harness/chromium.ts';
import { consoleAs } from '../test/harness/console.ts';

const dist = new URL('../console/dist', import.meta.url).pathname;
const kib = (b: number) => Math.round(b / 102.4) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Records when the first KPI appears, measured in the page's own clock (ms since navigation start).
const FIRST_RENDER_PROBE = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-testid="kpi-rate"]')) {
      window.__firstRender = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

export async function benchConsole(runs = 7) {
  const bundle = bundleReport(dist);
  const [server, browser] = await Promise.all([
    startYunqian({ YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00.000Z' }),
    launchChromium(),
  ]);
  try {
    const firstRender: number[] = [];
    const domContentLoaded: number[] = [];
    let homeJs = new Set<string>();
    for (let i = 0; i < runs; i++) {
      const [context, page] = await consoleAs(browser, server, 'leader:');
      await context.addInitScript(FIRST_RENDER_PROBE);
      const js = new Set<string>();
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.endsWith('.js')) js.add(path.slice(1));
      });
      await page.goto(server.url);
      await page.waitForFunction('window.__firstRender !== undefined', undefined, { timeout: 60_000 });
      firstRender.push(Number(await page.evaluate('window.__firstRender')));
      domContentLoaded.push(
        Number(await page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")),
      );
      homeJs = js;
      await context.close();
    }
    const homeJsGzip = [...homeJs].reduce(
      (n, f) => n + gzipSync(readFileSync(`${dist}/${f}`), { level: 9 }).length,
      0,
    );
    return {
      initialJsGzipKiB: kib(bundle.initialGzipBytes),
      initialBudgetKiB: 400,
      leaderHomeJsGzipKiB: kib(homeJsGzip),
      leaderHomeJsFiles: homeJs.size,
      allJsGzipKiB: kib(bundle.allJsGzipBytes),
      chunks: bundle.chunks,
      largestChunks: bundle.largest.map(
        (c) => `${c.file.replace(/-[\w-]{8}\.js$/, '.js')} ${kib(c.gzipBytes)} KiB`,
      ),
      firstRenderMs: { median: Math.round(median(firstRender)), runs: firstRender.map(Math.round) },
      domContentLoadedMs: Math.round(median(domContentLoaded)),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
