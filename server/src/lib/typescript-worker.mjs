// The entry of a worker thread that runs a TypeScript module: the server runs through tsx, and a
// worker does not inherit its loader, so the worker registers tsx before importing the module
// named in workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
