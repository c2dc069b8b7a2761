import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'migrations-plan/test/**/*.test.ts',
            'server/test/**/*.test.ts',
            'console/test/**/*.test.ts',
            'infra/test/**/*.test.ts',
          ],
          testTimeout: 20_000,
          // Most files start the sandbox API once (PGlite, migrations, the generated province):
          // a few seconds alone, more on a loaded 2-core machine (10 s was exceeded once in CI).
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 420_000,
          fileParallelism: false,
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Pages render after their queries answer; on a loaded 2-core CI machine that can take
          // longer than expect.poll's default second.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
