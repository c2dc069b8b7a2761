// Completes a system's cut-over runbook on a running server as a demo department would.
import { RUNBOOK_ITEMS } from '../../server/src/workflows/runbook.ts';
import { trpcQuery, type RunningServer } from './yunqian.ts';
import { mutate } from './console.ts';

export async function completeRunbookVia(server: Pick<RunningServer, 'url'>, viewer: string, system: string) {
  let { version } = (
    await trpcQuery<{ runbook: { version: number } }>(server, 'workflows.forSystem', viewer, { system })
  ).runbook;
  for (const item of RUNBOOK_ITEMS) {
    const r = await mutate(server, 'workflows.tickRunbook', viewer, { system, item, done: true, version });
    if (r.status !== 200)
      throw new Error(`runbook ${item} of ${system}: ${r.status} ${JSON.stringify(r.body)}`);
    version = (r.body.result!.data as { version: number }).version;
  }
}
