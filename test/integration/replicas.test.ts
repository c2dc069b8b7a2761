// Two Yunqian processes on one PostgreSQL and one real kube-apiserver, as `infra/deploy` runs
// them: one is elected to run the engine, the other serves its versions. Both answer the same,
// only the engine watches the cluster, commands asked of the replica reach the engine, and when
// the engine is killed the replica takes over without losing or repeating a transition.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Authenticator, signInOverHttp } from '../harness/second-factor.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeAvailable, startKubeCluster, type KubeCluster } from '../harness/kube.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { freePort } from '../harness/ports.ts';
import { startYunqian, type RunningServer } from '../harness/yunqian.ts';
import { createTenant, writeSmallProvince } from '../harness/small-province.ts';
import { openEvents } from '../harness/sse.ts';
import { kubeConfigFor } from '../../server/src/sources/kubernetes/cluster-source.ts';
import { openStore, rawQuery } from '../../server/src/store/db.ts';

const SYSTEMS = {
  c1: { network: 'external' },
  c2: { network: 'external' },
  c3: { network: 'external' },
} as const;
const BIN = new URL('../../server/bin/yunqian.mjs', import.meta.url).pathname;
const PASSWORD = 'Correct-Horse-42-Battery';

let pg: RunningPostgres;
let kube: KubeCluster;
let kc: KubeConfig;
let dir: string;
let env: Record<string, string>;
let a: RunningServer;
let b: RunningServer;

/** The operator's session (with its second factor), shared by both replicas as one database is. */
let operatorSession: Promise<{ cookie: string; csrf: string }> | null = null;

/** The operator's session used on one server: cookies and the CSRF token to echo. */
async function signIn(server: RunningServer) {
  operatorSession ??= signInOverHttp(server.url, 'ops.li', PASSWORD, new Authenticator());
  const { cookie, csrf } = await operatorSession;
  return {
    /** The operator's live-events stream, resumed after `lastEventId` if given. */
    events: (lastEventId?: string) =>
      openEvents<{ kind: string; changes?: { system: string; to: string }[]; system?: string }>(
        `${server.url}/trpc/live.events${lastEventId ? `?input=${encodeURIComponent(JSON.stringify({ lastEventId }))}` : ''}`,
        { cookie },
      ),
    async query<T>(path: string, input?: unknown): Promise<T> {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const res = await fetch(`${server.url}/trpc/${path}${qs}`, { headers: { cookie } });
      const body = (await res.json()) as { result?: { data: T }; error?: unknown };
      if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    async mutate(path: string, input: unknown) {
      const res = await fetch(`${server.url}/trpc/${path}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    },
  };
}

const role = async (s: RunningServer) =>
  ((await (await fetch(`${s.url}/readyz`)).json()) as { role: string }).role;
type System = {
  stage: string;
  blockers: { code: string; params: { reason?: string } }[];
  history: { from: string | null; to: string }[];
};
const system = (s: Awaited<ReturnType<typeof signIn>>, id: string) => s.query<System>('systems.get', { id });
/**
 * The overview as a replica serves it, but for when each source last synced: that time moves with
 * every sync and reaches a replica with the engine's next health report (each second), not with a
 * version. Everything else must be identical.
 */
const overview = async (s: Awaited<ReturnType<typeof signIn>>) => {
  const o = await s.query<{ sources: { lastSyncedAt?: string }[] }>('overview.get');
  return { ...o, sources: o.sources.map(({ lastSyncedAt: _, ...rest }) => rest) };
};

beforeAll(async () => {
  const missing = kubeAvailable();
  if (missing) throw new Error(missing);
  [pg, kube] = await Promise.all([startPostgres(), startKubeCluster({ name: 'rpl' })]);
  kc = kubeConfigFor({ kubeconfig: kube.kubeconfig });
  dir = mkdtempSync(join(tmpdir(), 'yq-replicas-'));
  writeSmallProvince(join(dir, 'plan'), SYSTEMS);
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'clusters:',
      '  - id: rpl',
      '    network: external',
      '    name: { zh: 外网, en: External }',
      '    maxMlps: 3',
      `    kubeconfig: ${kube.kubeconfig}`,
      'tracker: { runningForMinutes: 0.001, pollSeconds: 2 }',
      '',
    ].join('\n'),
  );
  env = {
    YUNQIAN_SANDBOX: 'false',
    DATABASE_URL: pg.url,
    YUNQIAN_CONFIG: join(dir, 'config.yaml'),
    YUNQIAN_PLAN_DIR: join(dir, 'plan'),
  };
  const r = spawnSync(process.execPath, [BIN, 'user', 'create', 'ops.li', 'operator'], {
    env: { ...process.env, ...env, YUNQIAN_NEW_PASSWORD: PASSWORD },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  await createTenant(kc, 'c1', 'external', 'none');
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([pg?.stop(), kube?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one engine, several API replicas', () => {
  it('elects one engine; only it watches the cluster; both serve the same', async () => {
    a = await startYunqian(env, await freePort());
    expect(await role(a)).toBe('engine');
    await expect.poll(() => kube.watches(), { timeout: 15_000 }).toBeGreaterThan(0);
    const watchesWithOne = await kube.watches();
    b = await startYunqian(env, await freePort());
    expect(await role(b)).toBe('api');
    // Give a second engine time to start watching, if one wrongly did.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await kube.watches()).toBe(watchesWithOne);

    const [sa, sb] = await Promise.all([signIn(a), signIn(b)]);
    expect((await system(sb, 'c1')).stage).toBe('provisioned');
    expect(await overview(sb)).toEqual(await overview(sa));
  });

  it('a stage change reaches both replicas within 2 s; a command asked of the replica takes effect at once', async () => {
    const [sa, sb] = await Promise.all([signIn(a), signIn(b)]);
    await createTenant(kc, 'c2', 'external', 'none');
    const created = performance.now();
    await expect
      .poll(async () => (await system(sa, 'c2')).stage, { timeout: 2_000, interval: 50 })
      .toBe('provisioned');
    await expect
      .poll(async () => (await system(sb, 'c2')).stage, { timeout: 2_000, interval: 50 })
      .toBe('provisioned');
    expect(performance.now() - created).toBeLessThan(2_000);
    expect((await system(sb, 'c2')).history).toEqual((await system(sa, 'c2')).history);
    // The waves' burn-up, computed from the history each replica holds, agrees too.
    expect(await sb.query('waves.list')).toEqual(await sa.query('waves.list'));

    // An operator on the replica raises a blocker: the answer already carries it (the engine,
    // in the other process, re-read the sign-offs and published the version first).
    await sb.mutate('workflows.raiseBlocker', { system: 'c1', reason: '防火墙策略未开通' });
    expect((await system(sb, 'c1')).blockers.map((x) => x.params.reason)).toEqual(['防火墙策略未开通']);
    await expect.poll(async () => (await system(sa, 'c1')).blockers.length, { timeout: 2_000 }).toBe(1);
    expect(await overview(sb)).toEqual(await overview(sa));
  });

  it('kill -9 of the engine: the replica takes over within 15 s, and no transition is lost or recorded twice', async () => {
    // A console open on the replica while the engine dies.
    const console1 = await (await signIn(b)).events();
    await expect.poll(() => console1.events.length).toBeGreaterThan(0);
    expect(console1.events[0]!.data.kind).toBe('hello');
    a.proc.kill('SIGKILL');
    const killed = performance.now();
    await expect.poll(() => role(b), { timeout: 15_000, interval: 200 }).toBe('engine');
    const tookOver = performance.now() - killed;
    expect(tookOver).toBeLessThan(15_000);
    // The new engine watches the cluster and records what happens next, once.
    await createTenant(kc, 'c3', 'external', 'none');
    const sb = await signIn(b);
    await expect.poll(async () => (await system(sb, 'c3')).stage, { timeout: 10_000 }).toBe('provisioned');
    // The open console heard it from the new engine.
    await expect
      .poll(() =>
        console1.events.some((e) => e.data.changes?.some((c) => c.system === 'c3' && c.to === 'provisioned')),
      )
      .toBe(true);
    const lastSeen = console1.events.at(-1)!.id!;
    console1.close();
    // The old engine comes back as an API replica and serves what the new one publishes.
    a = await startYunqian(env, await freePort());
    expect(await role(a)).toBe('api');
    const sa = await signIn(a);
    expect(await overview(sa)).toEqual(await overview(sb));
    // While the console is away, a blocker is raised (on the engine's process); it reconnects to
    // the other replica with its last id and gets exactly what it missed, no refetch.
    await sb.mutate('workflows.raiseBlocker', { system: 'c3', reason: '等待等保测评报告' });
    const console2 = await sa.events(lastSeen);
    await expect
      .poll(() => console2.events.map((e) => e.data.kind), { timeout: 5_000 })
      .toContain('workflows');
    // Nothing missed: an operator sees every event, so the ids follow on from the last one seen.
    const ids = console2.events.map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_, i) => Number(lastSeen) + 1 + i));
    expect(console2.events.map((e) => e.data.kind)).not.toContain('hello');
    const workflow = console2.events.find((e) => e.data.kind === 'workflows')!;
    expect(workflow.data.system).toBe('c3');
    console2.close();
    const store = await openStore({ url: pg.url });
    try {
      const rows = await rawQuery<{ system: string; from_stage: string | null; to_stage: string }>(
        store.db,
        'SELECT system, from_stage, to_stage FROM stage_history ORDER BY id',
      );
      // One row per real transition: each system entered the history once and moved once.
      const bySystem = (id: string) =>
        rows.filter((r) => r.system === id).map((r) => `${r.from_stage ?? '∅'}→${r.to_stage}`);
      expect(bySystem('c1')).toEqual(['∅→provisioned']);
      expect(bySystem('c2')).toEqual(['∅→planned', 'planned→provisioned']);
      expect(bySystem('c3')).toEqual(['∅→planned', 'planned→provisioned']);
    } finally {
      await store.close();
    }
    console.log(`replicas: the standby took over ${Math.round(tookOver)} ms after kill -9 of the engine`);
  });
});
