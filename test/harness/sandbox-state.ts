// The tracker's state for the sandbox province at a fixed moment, computed in the test process
// from the plan folder and the sandbox sources (no HTTP, no console): the figures a page must show.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlanDir } from '@yunqian/plan';
import { track, DEFAULT_TRACKER_CONFIG } from '../../server/src/tracker/index.ts';
import { createSandbox } from '../../server/src/sources/sandbox/index.ts';
import { observe } from '../../server/src/service/observe.ts';
import { DEFAULT_TENANCY } from '../../server/src/sources/kubernetes/tenancy.ts';

export const PLAN_DIR = fileURLToPath(new URL('../../migrations-plan/', import.meta.url));

export async function sandboxStateAt(iso: string) {
  const { plan } = await loadPlanDir(PLAN_DIR, { today: iso.slice(0, 10) });
  if (!plan) throw new Error('sample plan does not load');
  const stateDir = await mkdtemp(join(tmpdir(), 'yq-expected-'));
  try {
    const clock = () => new Date(iso);
    const sb = await createSandbox({
      plan: () => plan,
      clock,
      labelPrefix: DEFAULT_TENANCY.labelPrefix,
      stateDir,
    });
    await sb.advance();
    const { declared } = await sb.stacks.read();
    const obs = observe(sb.clusters, sb.signoffs, DEFAULT_TENANCY, {
      declared,
      traffic: await sb.traffic.traffic(),
      sources: [],
    });
    return { plan, state: track(plan, obs, clock(), DEFAULT_TRACKER_CONFIG) };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}
