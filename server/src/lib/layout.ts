// Where the server's own files are. It runs either as TypeScript source (`pnpm dev`, the tests:
// src/**/*.ts through tsx or vite) or as the JavaScript that `server/scripts/build.mjs` writes
// into server/dist/ (`pnpm start`, the offline bundle, the image): one flat folder holding the
// entry points (main.js, cli.js, engine-worker.js, plan-worker.js), their shared chunks and the
// SQL migrations, with no TypeScript compiler at run time.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

/** True when this code runs from server/dist (compiled), false from server/src. */
export const compiled = !/\.[cm]?ts$/.test(new URL(import.meta.url).pathname);

/** The repository (or unpacked bundle) root: it holds console/dist and migrations-plan. */
export const repoRoot = fileURLToPath(new URL(compiled ? '../../' : '../../../', import.meta.url));

/** The folder of the SQL migrations. */
export const migrationsDir = compiled
  ? new URL('./migrations/', import.meta.url)
  : new URL('../store/migrations/', import.meta.url);

/**
 * Starts a worker thread on one of the server's worker modules: `source` is the TypeScript module
 * (run through tsx, which a worker does not inherit from its parent), `built` the name of its entry
 * point in server/dist.
 */
export function startWorker(
  source: URL,
  built: 'engine-worker' | 'plan-worker',
  options: WorkerOptions & { workerData: object },
): Worker {
  if (compiled) return new Worker(new URL(`./${built}.js`, import.meta.url), options);
  return new Worker(new URL('./typescript-worker.mjs', import.meta.url), {
    ...options,
    workerData: { ...options.workerData, module: source.href },
  });
}
