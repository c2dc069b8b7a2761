// Restarts and outages must not write false history. The real composition (createApp) on two real
// kube-apiservers and a persisted database (a PGlite directory, then a real PostgreSQL 15): settle,
// restart three times, then start with one cluster unreachable and bring it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, type KubeConfig } from '@kubernetes/client-node';
import { createWebDeployment, kubeAvailable, startKubeCluster, type KubeCluster } from '../harness/kube.ts';
import { createTenant, writeSmallProvince, type Workload } from '../harness/small-province.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { freePort } from '../harness/ports.ts';
import { TcpProxy } from '../harness/tcp-proxy.ts';
import { createApp, type App } from '../../server/src/app.ts';
import { ConfigSchema } from '../../server/src/config/config.ts';
import { kubeConfigFor } from '../../server/src/sources/kubernetes/cluster-source.ts';
import { openStore } from '../../server/src/store/db.ts';
import { stageHistory } from '../../server/src/store/schema.ts';
import { confirm, sign } from '../../server/src/store/signoffs.ts';
import { burnUp } from '../../server/src/tracker/index.ts';
import type { Stage } from '../../server/src/model/index.ts';

/** System → network and the stage its evidence supports once everything is listed. */
const SYSTEMS: Record<string, { network: 'internal' | 'external'; stage: Stage }> = {
  a1: { network: 'internal', stage: 'planned' },
  a2: { network: 'internal', stage: 'provisioned' },
  a3: { network: 'internal', stage: 'deployed' },
  a4: { network: 'internal', stage: 'serving' },
  a5: { network: 'internal', stage: 'migrated' },
  b1: { network: 'external', stage: 'provisioned' },
};

const writePlan = (dir: string) => writeSmallProvince(dir, SYSTEMS);
const tenant = (kc: KubeConfig, system: string, workload: Workload) =>
  createTenant(kc, system, SYSTEMS[system]!.network, workload);
const deploy = (kc: KubeConfig, namespace: string) => createWebDeployment(kc, namespace);

let internal: KubeCluster;
let external: KubeCluster;
let proxy: TcpProxy;
let planDir: string;
let viaProxy: string;

beforeAll(async () => {
  const missing = kubeAvailable();
  if (missing) throw new Error(missing);
  [internal, external] = await Promise.all([
    startKubeCluster({ name: 'rin' }),
    startKubeCluster({ name: 'rex' }),
  ]);
  proxy = new TcpProxy(await freePort(), external.apiPort);
  await proxy.open();
  viaProxy = external.kubeconfigVia(proxy.port, join(external.dir, 'kubeconfig-proxy'));
  planDir = mkdtempSync(join(tmpdir(), 'yq-restart-plan-'));
  writePlan(planDir);
  const kcIn = kubeConfigFor({ kubeconfig: internal.kubeconfig });
  await tenant(kcIn, 'a2', 'none');
  await tenant(kcIn, 'a3', 'pending');
  await tenant(kcIn, 'a4', 'ready');
  await tenant(kcIn, 'a5', 'ready');
  await tenant(kubeConfigFor({ kubeconfig: external.kubeconfig }), 'b1', 'none');
}, 420_000);

afterAll(async () => {
  await proxy?.cut();
  await Promise.all([internal?.stop(), external?.stop()]);
  if (planDir) rmSync(planDir, { recursive: true, force: true });
});

const databases: [
  string,
  () => Promise<{ database: { url?: string; dataDir?: string }; stop(): Promise<void> }>,
][] = [
  [
    'a PGlite data directory',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'yq-restart-pglite-'));
      return { database: { dataDir }, stop: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  ],
  [
    'PostgreSQL 15',
    async () => {
      const pg: RunningPostgres = await startPostgres();
      return { database: { url: pg.url }, stop: () => pg.stop() };
    },
  ],
];

describe.each(databases)('history across restarts and outages on %s', (_name, makeDb) => {
  let db: Awaited<ReturnType<typeof makeDb>>;
  let app: App | null = null;

  const config = () =>
    ConfigSchema.parse({
      sandbox: { enabled: false },
      plan: { dir: planDir, watch: false },
      clusters: [
        {
          id: 'rin',
          network: 'internal',
          name: { zh: '内网', en: 'Internal' },
          maxMlps: 3,
          kubeconfig: internal.kubeconfig,
        },
        {
          id: 'rex',
          network: 'external',
          name: { zh: '外网', en: 'External' },
          maxMlps: 3,
          kubeconfig: viaProxy,
          context: 'rex',
        },
      ],
      kubernetes: { watchTimeoutSeconds: 60, idleSeconds: 10 },
      database: db.database,
      tracker: { runningForMinutes: 0.001, pollSeconds: 1 },
      server: { consoleDir: join(planDir, 'no-console') },
      log: { level: 'silent' },
    });

  /** The history table, read through the running app's own connection (PGlite allows one process). */
  const rows = async (a: App) => {
    const all = await a.store.db.select().from(stageHistory).orderBy(stageHistory.id);
    return all.map((r) => `${r.id} ${r.system} ${r.fromStage ?? '∅'}→${r.toStage}`);
  };
  const stagesOf = (a: App) =>
    Object.fromEntries(a.readModel().state?.systems.map((s) => [s.id, s.stageFrom ?? s.stage]) ?? []);
  const settled = (a: App) => expect.poll(() => stagesOf(a), { timeout: 30_000, interval: 100 });
  const expected = Object.fromEntries(Object.entries(SYSTEMS).map(([id, s]) => [id, s.stage]));
  const burnUpOf = (a: App) =>
    burnUp(
      a.history.all(),
      new Set(Object.keys(SYSTEMS)),
      '2026-11-01',
      new Date().toISOString().slice(0, 10),
    );

  beforeAll(async () => {
    db = await makeDb();
    // a5's cut-over and its legacy system's retirement were signed and confirmed by two people.
    const store = await openStore(
      db.database.url ? { url: db.database.url } : { dataDir: db.database.dataDir! },
    );
    for (const kind of ['cut-over', 'legacy-retired'] as const) {
      await sign(store, { id: 'dept-zhang', requestId: 't' }, { system: 'a5', kind });
      await confirm(store, { id: 'ops-li', requestId: 't' }, { system: 'a5', kind, version: 1 });
    }
    await store.close();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.stop();
  });

  it('records one row per real transition, and three restarts add none and leave the burn-up as it was', async () => {
    app = await createApp(config());
    await settled(app).toEqual(expected);
    const first = await rows(app);
    // Each system reached its stage before Yunqian first looked: one row each, from nothing.
    expect(first.map((r) => r.split(' ').slice(1).join(' '))).toEqual(
      expect.arrayContaining(Object.entries(expected).map(([id, stage]) => `${id} ∅→${stage}`)),
    );
    expect(first).toHaveLength(Object.keys(SYSTEMS).length);
    const burn = burnUpOf(app);
    expect(burn.at(-1)!.migrated).toBe(1);

    for (let i = 0; i < 3; i++) {
      await app.close();
      app = await createApp(config());
      await settled(app).toEqual(expected);
      // A few more recomputes after settling: still nothing new.
      for (let j = 0; j < 3; j++) await app.engine.recompute();
      expect(await rows(app)).toEqual(first);
      expect(burnUpOf(app)).toEqual(burn);
    }
  });

  it('a cluster unreachable at start keeps its systems at their recorded stage, unknown, and records only the real change when it returns', async () => {
    const before = await rows(app!);
    await app!.close();
    app = null;
    // While Yunqian is down, b1 gets a workload; then its cluster becomes unreachable.
    await deploy(kubeConfigFor({ kubeconfig: external.kubeconfig }), 'b1');
    await proxy.cut();
    try {
      app = await createApp(config());
      await settled(app).toEqual({ ...expected, b1: 'recorded' });
      for (let j = 0; j < 3; j++) await app.engine.recompute();
      const b1 = app.readModel().state!.systems.find((s) => s.id === 'b1')!;
      expect(b1).toMatchObject({ stage: 'provisioned', health: 'unknown', stageFrom: 'recorded' });
      expect(b1.evidence.at(-1)).toMatchObject({
        code: 'held-until-synced',
        params: { sources: 'kubernetes/rex' },
      });
      expect(await rows(app)).toEqual(before);
    } finally {
      await proxy.open();
    }
    await settled(app).toEqual({ ...expected, b1: 'deployed' });
    const after = await rows(app);
    await kubeConfigFor({ kubeconfig: external.kubeconfig })
      .makeApiClient(AppsV1Api)
      .deleteNamespacedDeployment({ name: 'web', namespace: 'b1' });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((r) => r.split(' ').slice(1).join(' '))).toEqual([
      'b1 provisioned→deployed',
    ]);
  });
});
