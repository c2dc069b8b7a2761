// The set-up most browser tests share: the sandbox province frozen at one moment, served by a real
// server process, and one Chromium, started before the file's tests and stopped after them.
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startYunqian, type RunningServer } from './yunqian.ts';
import { launchChromium } from './chromium.ts';

/** Where the browser tests leave the screenshots the README shows. */
export const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

/**
 * The server and browser of this file (set once its `beforeAll` has run). `readyTimeoutMs`: how long
 * to wait for the sandbox's start (its history replay takes minutes on a loaded 2-core machine).
 */
export function sandboxConsole(at: string, env: Record<string, string> = {}, readyTimeoutMs?: number) {
  const running = {} as { server: RunningServer; browser: Browser };
  beforeAll(
    async () => {
      await mkdir(SHOTS, { recursive: true });
      [running.server, running.browser] = await Promise.all([
        startYunqian(
          { YUNQIAN_SANDBOX_SPEED: '0', YUNQIAN_SANDBOX_START: at, ...env },
          undefined,
          readyTimeoutMs,
        ),
        launchChromium(),
      ]);
    },
    readyTimeoutMs && readyTimeoutMs + 30_000,
  );
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
