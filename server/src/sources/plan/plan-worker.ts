// Runs in a worker thread: reads and validates the plan folder, so that parsing 10,000 systems
// never holds the API's event loop. Answers one message per request: { id, result | error }.
import { parentPort } from 'node:worker_threads';
import { loadPlanDir } from '@yunqian/plan';

parentPort!.on('message', (m: { id: number; dir: string; today: string }) => {
  loadPlanDir(m.dir, { today: m.today }).then(
    (result) => parentPort!.postMessage({ id: m.id, result }),
    (e: Error) => parentPort!.postMessage({ id: m.id, error: e.message }),
  );
});
