import { createServer } from 'node:net';

/** A free loopback port, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it is true; `gaveUp` ends the wait early (e.g. the process died). */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (gaveUp()) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Polls until `read` returns a value (not null), and returns it. */
export async function waitForValue<T>(
  read: () => Promise<T | null>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let value: T | null = null;
  await waitFor(async () => (value = await read()) !== null, timeoutMs, what);
  return value!;
}
