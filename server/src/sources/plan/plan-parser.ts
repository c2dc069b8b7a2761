// Where the plan is parsed: in a worker thread (the server: a 10,000-system plan takes about a
// second of CPU, which must not stall the API), or on the calling thread (tools and tests that
// load small plans and have no event loop to protect).
import type { Worker } from 'node:worker_threads';
import { loadPlanDir, type LoadResult } from '@yunqian/plan';
import { startWorker } from '../../lib/layout.ts';

export interface PlanParser {
  load(dir: string, today: string): Promise<LoadResult>;
  close(): void;
}

export const inThread: PlanParser = {
  load: (dir, today) => loadPlanDir(dir, { today }),
  close() {},
};

/** One long-lived worker, started on first use; requests are answered in order. */
export class WorkerPlanParser implements PlanParser {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (r: LoadResult) => void; reject: (e: Error) => void }
  >();

  load(dir: string, today: string): Promise<LoadResult> {
    const id = ++this.next;
    return new Promise<LoadResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const w = this.start();
      // A load in progress keeps the process alive; an idle worker does not.
      w.ref();
      w.postMessage({ id, dir, today });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(new URL('./plan-worker.ts', import.meta.url), 'plan-worker', { workerData: {} });
    w.on('message', (m: { id: number; result?: LoadResult; error?: string }) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!this.waiting.size) w.unref();
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result!);
    });
    // A crashed worker fails what it held; the next load starts a new one.
    const fail = (e: Error) => {
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
      this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`plan worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }
}
