// The console as a sandbox demo viewer: a browser context carrying the demo-role cookie, and
// mutations over HTTP that echo the CSRF cookie the way the console does.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from './yunqian.ts';

export interface ViewOptions {
  locale?: 'zh-CN' | 'en';
  width?: number;
  height?: number;
}

/** A fresh browser context and page as `viewer` (`role:department`, or null for anonymous). */
export async function consoleAs(
  browser: Browser,
  server: Pick<RunningServer, 'url'>,
  viewer: string | null,
  o: ViewOptions = {},
): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1440, height: o.height ?? 1000 },
    locale: o.locale ?? 'zh-CN',
  });
  if (viewer)
    await context.addCookies([{ name: 'yq-demo', value: encodeURIComponent(viewer), url: server.url }]);
  if (o.locale === 'en') await context.addInitScript("localStorage.setItem('yq-lang', 'en')");
  return [context, await context.newPage()];
}

/** A tRPC mutation over HTTP as a demo viewer. */
export async function mutate(
  server: Pick<RunningServer, 'url'>,
  path: string,
  viewer: string,
  input: unknown,
  csrf: string | null = 't0k3n',
) {
  const res = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `yq-demo=${encodeURIComponent(viewer)}; yq-csrf=t0k3n`,
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: JSON.stringify(input),
  });
  return {
    status: res.status,
    body: (await res.json()) as { result?: { data: unknown }; error?: { message: string } },
  };
}

/**
 * The live chip's state ('live', 'reconnecting'), or 'absent' while the page shows none: a poll
 * on it then says so instead of waiting out the locator's own timeout.
 */
export function liveState(page: Page): Promise<string> {
  return page
    .getByTestId('live-status')
    .getAttribute('data-state', { timeout: 1000 })
    .then(
      (s) => s ?? 'absent',
      () => 'absent',
    );
}
