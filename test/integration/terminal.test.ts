// What a person running `pnpm start` sees in the terminal at the default log level: lines that say
// what is happening while it starts, no line per HTTP request, and a clean stop on Ctrl-C.
import { describe, expect, it } from 'vitest';
import { startYunqian } from '../harness/yunqian.ts';

describe('the terminal', () => {
  it('shows progress while starting, stays quiet per request, and stops cleanly on SIGINT', async () => {
    const server = await startYunqian({
      YUNQIAN_LOG_LEVEL: 'info',
      YUNQIAN_SANDBOX_SPEED: '0',
      YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00.000Z',
    });
    try {
      for (let i = 0; i < 20; i++) expect((await fetch(`${server.url}/trpc/meta.session`)).ok).toBe(true);
      const exited = new Promise<number | null>((resolve) =>
        server.proc.once('exit', (code) => resolve(code)),
      );
      server.proc.kill('SIGINT');
      expect(await exited).toBe(0);
      const out = server.output();
      expect(out).toContain('云迁 Yunqian is starting on the sandbox province');
      expect(out.match(/sandbox history \d+% replayed/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
      expect(out).toContain('云迁 Yunqian is running');
      expect(out).toMatch(/is stopping…\s+stopped\./);
      // Twenty requests, not one line about them (Fastify's default is two lines each).
      expect(out).not.toMatch(/incoming request|request completed|"msg":"request"/);
      expect(out).not.toMatch(/Deprecation|FSTDEP/);
    } finally {
      await server.stop();
    }
  });
});
