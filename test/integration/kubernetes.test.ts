// The Kubernetes source on real API servers: two clusters stand for the two networks. Tenants,
// stages, deletions, readiness, an outage of one cluster and a 410 relist after etcd compaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import {
  createWebDeployment,
  kubeAvailable,
  makePodsReady,
  startKubeCluster,
  type KubeCluster,
} from '../harness/kube.ts';
import { freePort } from '../harness/ports.ts';
import { TcpProxy } from '../harness/tcp-proxy.ts';
import { KubeClusterSource, kubeConfigFor } from '../../server/src/sources/kubernetes/cluster-source.ts';
import { PlanSource } from '../../server/src/sources/plan/plan-source.ts';
import { TrackerService } from '../../server/src/service/tracker-service.ts';
import { MemoryHistory } from '../../server/src/service/history-store.ts';
import { MemorySignoffs } from '../../server/src/sources/signoffs/memory.ts';
import { DEFAULT_TENANCY } from '../../server/src/sources/kubernetes/tenancy.ts';

const LABELS = (department: string, system: string, network: string) => ({
  'yunqian.gov.cn/department': department,
  'yunqian.gov.cn/system': system,
  'yunqian.gov.cn/network': network,
});

const PLAN = {
  'organisation.yaml':
    'organisations:\n  - id: province\n    kind: province\n    name: { zh: 省, en: Province }\n    children:\n      - id: gat\n        kind: department\n        name: { zh: 省公安厅, en: Public Security }\n',
  'waves.yaml':
    'waves:\n  - id: w1\n    name: { zh: 一批, en: W1 }\n    start: 2026-01-01\n    end: 2027-12-31\n',
  'targets.yaml': 'targets: []\n',
  'systems/gat.yaml': `department: gat
systems:
${['hukou:internal', 'portal:external']
  .map((x) => {
    const [id, network] = x.split(':');
    return `  - id: ${id}
    name: { zh: 系统${id}, en: System ${id} }
    network: ${network}
    mlps: { level: 2, filing: "1-1" }
    strategy: rehost
    wave: w1
    start: 2026-02-01
    cutover: 2027-06-01
    resources: { cpu: 4, memoryGiB: 8, storageGiB: 100 }
    currentSite: { kind: machine-room, name: 机房 }
`;
  })
  .join('')}`,
};

/** Short timeouts and backoff so that failures and recoveries show within a test's patience. */
const FAST_REFLECTOR = {
  pageSize: 50,
  watchTimeoutSeconds: 60,
  idleMs: 10_000,
  backoff: { initialMs: 100, maxMs: 1000 },
};

let internal: KubeCluster;
let external: KubeCluster;
let proxy: TcpProxy;
let source: KubeClusterSource;
let tracker: TrackerService;
let history: MemoryHistory;
let planDir: string;
let kcIn: KubeConfig;
let kcEx: KubeConfig;

const status = (id: string) => source.status().find((s) => s.cluster === id)!;
const system = (id: string) => tracker.state()!.systems.find((s) => s.id === id)!;
const eventually = (f: () => unknown, timeout = 20_000) => expect.poll(f, { timeout, interval: 100 });

beforeAll(async () => {
  const missing = kubeAvailable();
  if (missing) throw new Error(missing);
  [internal, external] = await Promise.all([
    startKubeCluster({ name: 'nw', watchCache: false }),
    startKubeCluster({ name: 'ww' }),
  ]);
  proxy = new TcpProxy(await freePort(), internal.apiPort);
  await proxy.open();
  const viaProxy = internal.kubeconfigVia(proxy.port, join(internal.dir, 'kubeconfig-proxy'));
  kcIn = kubeConfigFor({ kubeconfig: internal.kubeconfig });
  kcEx = kubeConfigFor({ kubeconfig: external.kubeconfig });

  planDir = mkdtempSync(join(tmpdir(), 'yq-kplan-'));
  mkdirSync(join(planDir, 'systems'));
  for (const [name, text] of Object.entries(PLAN)) writeFileSync(join(planDir, name), text);
  const plan = new PlanSource(planDir, () => '2026-11-25');
  await plan.load();
  source = new KubeClusterSource(
    [
      {
        id: 'nw',
        network: 'internal',
        name: { zh: '内网', en: 'Internal' },
        maxMlps: 3,
        kubeconfig: viaProxy,
        context: 'nw',
      },
      {
        id: 'ww',
        network: 'external',
        name: { zh: '外网', en: 'External' },
        maxMlps: 3,
        kubeconfig: external.kubeconfig,
      },
    ],
    FAST_REFLECTOR,
  );
  history = new MemoryHistory();
  tracker = new TrackerService({
    plan,
    clusters: source,
    stacks: null,
    traffic: null,
    signoffs: new MemorySignoffs(),
    history,
    tenancy: DEFAULT_TENANCY,
    tracker: { runningForMs: 0, servingThreshold: 0.1 },
    clock: () => new Date(),
    pollMs: 60_000,
    log: { info() {}, warn() {} },
  });
  await source.start();
  await tracker.start();
}, 180_000);

afterAll(async () => {
  tracker?.stop();
  await source?.stop();
  await proxy?.cut();
  await Promise.all([internal?.stop(), external?.stop()]);
  if (planDir) rmSync(planDir, { recursive: true, force: true });
});

describe('Kubernetes source on real API servers', () => {
  it('syncs both clusters', async () => {
    await eventually(() => [status('nw').state, status('ww').state], 30_000).toEqual(['synced', 'synced']);
    expect(system('hukou').stage).toBe('planned');
  });

  it('follows a tenant through provisioned, deployed and running, and back when workloads go', async () => {
    const core = kcIn.makeApiClient(CoreV1Api);
    const apps = kcIn.makeApiClient(AppsV1Api);
    const net = kcIn.makeApiClient(NetworkingV1Api);
    await core.createNamespace({
      body: {
        metadata: {
          name: 'hukou',
          labels: LABELS('gat', 'hukou', 'internal'),
          annotations: { 'yunqian.gov.cn/system-name': '户籍' },
        },
      },
    });
    await eventually(() => system('hukou').stage).toBe('provisioned');

    await core.createNamespacedResourceQuota({
      namespace: 'hukou',
      body: {
        metadata: { name: 'q' },
        spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', pods: '10' } },
      },
    });
    await core.createNamespacedLimitRange({
      namespace: 'hukou',
      body: {
        metadata: { name: 'lr' },
        spec: {
          limits: [
            {
              type: 'Container',
              _default: { cpu: '500m', memory: '512Mi' },
              defaultRequest: { cpu: '100m', memory: '128Mi' },
            },
          ],
        },
      },
    });
    await net.createNamespacedNetworkPolicy({
      namespace: 'hukou',
      body: {
        metadata: { name: 'default-deny' },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
    });
    await eventually(
      () =>
        source
          .caches()[0]!
          .tenants(DEFAULT_TENANCY)
          .tenants.find((t) => t.namespace === 'hukou')?.defaultDeny,
    ).toEqual({ ingress: true, egress: true });
    expect(
      source
        .caches()[0]!
        .tenants(DEFAULT_TENANCY)
        .tenants.find((t) => t.namespace === 'hukou')?.limitRanges,
    ).toBe(1);
    await eventually(() => system('hukou').blockers.map((b) => b.code)).not.toContain('no-default-deny');

    await createWebDeployment(kcIn, 'hukou', 2);
    await eventually(() => system('hukou').stage).toBe('deployed');
    expect(system('hukou').waitingFor?.code).toBe('workloads-not-ready');

    // The controller-manager fills quota usage from the pods it created.
    await eventually(
      () =>
        source
          .caches()[0]!
          .tenants(DEFAULT_TENANCY)
          .tenants.find((t) => t.namespace === 'hukou')?.quota?.used.pods,
    ).toBe(2);

    await makePodsReady(kcIn, 'hukou');
    // No metrics source is configured: running counts as serving, and the evidence says so.
    await eventually(() => system('hukou').stage).toBe('serving');
    expect(system('hukou').evidence.find((e) => e.stage === 'serving')?.code).toBe('no-metrics-source');
    const cache = source.caches()[0]!;
    expect(cache.list('Pod').filter((p) => p.namespace === 'hukou' && p.ready)).toHaveLength(2);
    expect(cache.list('Node').map((n) => n.name)).toContain('node-hukou');

    // A change: the quota is raised.
    await core.patchNamespacedResourceQuota(
      { name: 'q', namespace: 'hukou', body: { spec: { hard: { 'requests.cpu': '8' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await eventually(() => cache.list('ResourceQuota').find((q) => q.namespace === 'hukou')?.hard.cpu).toBe(
      8,
    );

    // Workloads deleted: the system goes back, and the change is recorded.
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'hukou' });
    await eventually(() => system('hukou').stage).toBe('provisioned');
    const back = history.forSystem('hukou').at(-1)!;
    expect(back).toMatchObject({ from: 'serving', to: 'provisioned' });
    expect(back.evidence?.stage).toBe('provisioned');
  });

  it('lists namespaces that resolve to no department as unassigned', async () => {
    await kcEx.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'vendor-test' } } });
    await eventually(() =>
      source
        .caches()[1]!
        .tenants(DEFAULT_TENANCY)
        .unassigned.map((n) => n.name),
    ).toContain('vendor-test');
  });

  it('marks a cluster that goes down as stale while the other stays live, and resyncs by itself', async () => {
    await external.stopApiServer();
    await eventually(() => status('ww').state, 30_000).toBe('stale');
    const down = status('ww');
    expect(down.lastSyncedAt).toBeDefined();
    expect(Date.parse(down.lastSyncedAt!)).toBeLessThanOrEqual(Date.now());
    expect(status('nw').state).toBe('synced');
    // The internal cluster keeps following changes while the external one is down.
    await kcIn.makeApiClient(CoreV1Api).createNamespace({
      body: { metadata: { name: 'during-outage', labels: LABELS('gat', 'other', 'internal') } },
    });
    await eventually(() =>
      source
        .caches()[0]!
        .list('Namespace')
        .map((n) => n.name),
    ).toContain('during-outage');
    // A system on the down cluster's network has unknown health, not stale-as-fresh.
    await eventually(() => system('portal').health).toBe('unknown');
    expect(system('portal').staleSources[0]).toMatchObject({ id: 'kubernetes/ww' });

    await external.startApiServer();
    await eventually(() => status('ww').state, 60_000).toBe('synced');
    await eventually(() => system('portal').health).toBe('healthy');
  });

  it('reports a cluster it never reached as failed, with the error, without holding up another', async () => {
    const ghostPort = await freePort();
    const ghost = new KubeClusterSource(
      [
        {
          id: 'ghost',
          network: 'internal',
          name: { zh: '失联', en: 'Ghost' },
          maxMlps: 3,
          kubeconfig: internal.kubeconfigVia(ghostPort, join(internal.dir, 'kubeconfig-ghost')),
        },
        {
          id: 'ww',
          network: 'external',
          name: { zh: '外网', en: 'External' },
          maxMlps: 3,
          kubeconfig: external.kubeconfig,
        },
      ],
      FAST_REFLECTOR,
    );
    await ghost.start();
    try {
      await eventually(() => ghost.status().map((s) => s.state), 30_000).toEqual(['failed', 'synced']);
      expect(ghost.status()[0]!.error).toMatch(/ECONNREFUSED/);
      expect(ghost.status()[0]!.lastSyncedAt).toBeUndefined();
    } finally {
      await ghost.stop();
    }
  });

  it('relists after 410 Gone (etcd compacted): nothing lost, nothing duplicated', async () => {
    const core = kcIn.makeApiClient(CoreV1Api);
    await core.createNamespace({
      body: { metadata: { name: 'to-delete', labels: LABELS('gat', 'x', 'internal') } },
    });
    await eventually(() =>
      source
        .caches()[0]!
        .list('Namespace')
        .map((n) => n.name),
    ).toContain('to-delete');
    const relistsBefore = source.reflectorStates('nw').find((_, i) => i === 0)!.relists;

    await proxy.cut();
    await eventually(() => status('nw').state, 30_000).toBe('stale');
    await core.deleteNamespace({ name: 'to-delete' });
    for (let i = 0; i < 5; i++)
      await core.createNamespace({
        body: { metadata: { name: `while-away-${i}`, labels: LABELS('gat', `w${i}`, 'internal') } },
      });
    await expect
      .poll(async () => (await core.listNamespace()).items.some((n) => n.metadata?.name === 'to-delete'), {
        timeout: 30_000,
      })
      .toBe(false);
    await internal.compactEtcd();
    await proxy.open();

    await eventually(() => status('nw').state, 30_000).toBe('synced');
    await eventually(() => source.reflectorStates('nw')[0]!.relists).toBeGreaterThan(relistsBefore);
    const live = (await core.listNamespace()).items.map((n) => n.metadata!.name!).sort();
    await eventually(() =>
      source
        .caches()[0]!
        .list('Namespace')
        .map((n) => n.name)
        .sort(),
    ).toEqual(live);
    expect(live).not.toContain('to-delete');
    expect(live).toContain('while-away-4');
  });
});
