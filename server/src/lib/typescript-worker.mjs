// The entry of a worker thread that runs a TypeScript module when the server runs from source
// (`pnpm dev`, the tests): the server runs through tsx, and a worker does not inherit its loader,
// so the worker registers tsx before importing the module named in workerData.module. The compiled
// server (server/dist) starts its workers' JavaScript directly (see layout.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
