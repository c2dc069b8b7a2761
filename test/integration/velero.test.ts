// The backup gate on a real kube-apiserver 1.20 with Velero's own CRDs (test/fixtures/velero, as
// Velero ships them; no Velero controller: the test writes Backups and Restores with the status
// Velero would give them — their CRDs have no status subresource, so status goes with the object).
// A cluster without the CRDs stays synced and the gate says the backups cannot be seen; then the
// CRDs are installed and found, the gate appears (nothing scheduled, nothing backed up), clears
// (a Completed backup within its daily schedule and a Completed restore), appears again when the
// clock moves past 1.5 days, says "unverified" while the cluster is unreachable rather than judge
// from stale data, and is right after a relist forced by 410 Gone (etcd compacted while away).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  loadAllYaml,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { kubeAvailable, startKubeCluster, type KubeCluster } from '../harness/kube.ts';
import { freePort } from '../harness/ports.ts';
import { TcpProxy } from '../harness/tcp-proxy.ts';
import { KubeClusterSource, kubeConfigFor } from '../../server/src/sources/kubernetes/cluster-source.ts';
import { PlanSource } from '../../server/src/sources/plan/plan-source.ts';
import { TrackerService } from '../../server/src/service/tracker-service.ts';
import { MemoryHistory } from '../../server/src/service/history-store.ts';
import { MemorySignoffs } from '../../server/src/sources/signoffs/memory.ts';
import { DEFAULT_TENANCY } from '../../server/src/sources/kubernetes/tenancy.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'velero');
const PLAN = {
  'organisation.yaml':
    'organisations:\n  - id: province\n    kind: province\n    name: { zh: 省, en: Province }\n    children:\n      - id: sw\n        kind: department\n        name: { zh: 省税务局, en: Taxation }\n',
  'waves.yaml':
    'waves:\n  - id: w1\n    name: { zh: 一批, en: W1 }\n    start: 2026-01-01\n    end: 2027-12-31\n',
  'targets.yaml': 'targets: []\n',
  'systems/sw.yaml': `department: sw
systems:
  - id: levy
    name: { zh: 征管系统, en: Levy }
    network: internal
    mlps: { level: 3, filing: "1-1" }
    strategy: rehost
    wave: w1
    start: 2026-02-01
    cutover: 2027-06-01
    resources: { cpu: 4, memoryGiB: 8, storageGiB: 100 }
    currentSite: { kind: machine-room, name: 机房 }
`,
};
const VELERO = { group: 'velero.io', version: 'v1', namespace: 'velero' };

let kube: KubeCluster;
let proxy: TcpProxy;
let source: KubeClusterSource;
let tracker: TrackerService;
let planDir: string;
let kc: KubeConfig;
let custom: CustomObjectsApi;
/** The tracker's clock runs this far ahead of the wall clock (the backup ages without waiting). */
let ahead = 0;

const status = () => source.status()[0]!;
const levy = () => tracker.state()!.systems.find((s) => s.id === 'levy')!;
const gaps = () =>
  levy()
    .blockers.filter(
      (b) => b.kind === 'backup' || b.code.startsWith('backup') || b.code.startsWith('restore'),
    )
    .map((b) => `${b.kind}:${b.code}`)
    .sort();
const eventually = (f: () => unknown, timeout = 20_000) => expect.poll(f, { timeout, interval: 100 });
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const veleroStates = () => source.reflectorStates('nw').slice(-3);

beforeAll(async () => {
  const missing = kubeAvailable();
  if (missing) throw new Error(missing);
  // No watch cache: a compaction reaches the watchers as 410 Gone.
  kube = await startKubeCluster({ name: 'velero', watchCache: false });
  proxy = new TcpProxy(await freePort(), kube.apiPort);
  await proxy.open();
  kc = kubeConfigFor({ kubeconfig: kube.kubeconfig });
  custom = kc.makeApiClient(CustomObjectsApi);
  planDir = mkdtempSync(join(tmpdir(), 'yq-velero-plan-'));
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
        kubeconfig: kube.kubeconfigVia(proxy.port, join(kube.dir, 'kubeconfig-proxy')),
      },
    ],
    {
      pageSize: 50,
      watchTimeoutSeconds: 60,
      idleMs: 10_000,
      backoff: { initialMs: 100, maxMs: 1000 },
      absentRecheckMs: 300,
    },
  );
  tracker = new TrackerService({
    plan,
    clusters: source,
    stacks: null,
    traffic: null,
    signoffs: new MemorySignoffs(),
    history: new MemoryHistory(),
    tenancy: DEFAULT_TENANCY,
    tracker: {
      runningForMs: 0,
      servingThreshold: 0.1,
      backups: { minMlps: 3, scheduleGrace: 1.5, restoreTestDays: 180 },
    },
    clock: () => new Date(Date.now() + ahead),
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
  await kube?.stop();
  if (planDir) rmSync(planDir, { recursive: true, force: true });
});

describe('backup gate on a real API server with Velero CRDs', () => {
  it("stays synced without Velero's CRDs, and says the backups cannot be seen", async () => {
    await kc.makeApiClient(CoreV1Api).createNamespace({
      body: {
        metadata: {
          name: 'levy',
          labels: {
            'yunqian.gov.cn/department': 'sw',
            'yunqian.gov.cn/system': 'levy',
            'yunqian.gov.cn/network': 'internal',
          },
        },
      },
    });
    await eventually(() => status().state, 30_000).toBe('synced');
    await eventually(() => levy().stage).toBe('provisioned');
    expect(veleroStates().map((s) => [s.synced, s.error])).toEqual([
      [true, null],
      [true, null],
      [true, null],
    ]);
    await eventually(gaps).toEqual(['backup:backup-velero-absent']);
    expect(levy().backups).toMatchObject([{ cluster: 'nw', namespace: 'levy', velero: 'absent' }]);
  });

  it('finds the CRDs once installed: nothing scheduled, nothing backed up, no restore test', async () => {
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    for (const f of ['velero.io_schedules.yaml', 'velero.io_backups.yaml', 'velero.io_restores.yaml']) {
      const [crd] = loadAllYaml(readFileSync(join(FIXTURES, f), 'utf8')).filter(Boolean);
      await ext.createCustomResourceDefinition({ body: crd as V1CustomResourceDefinition });
    }
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'velero' } } });
    await eventually(gaps, 30_000).toEqual(['backup:backup-unscheduled', 'backup:restore-test-missing']);
    expect(status().state).toBe('synced');
  });

  it('appears for a schedule with no backup yet, and clears with a Completed backup and restore', async () => {
    await custom.createNamespacedCustomObject({
      ...VELERO,
      plural: 'schedules',
      body: {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: { name: 'daily' },
        spec: { schedule: '0 2 * * *', template: { includedNamespaces: ['levy'], ttl: '720h0m0s' } },
      },
    });
    await eventually(gaps).toEqual(['backup:backup-missing', 'backup:restore-test-missing']);
    // Failed, and one still running: neither counts.
    for (const [name, phase] of [
      ['daily-failed', 'Failed'],
      ['daily-running', 'InProgress'],
    ] as const)
      await createBackup(name, phase, ago(3_600_000));
    await createBackup('daily-ok', 'Completed', ago(2 * 3_600_000));
    await eventually(gaps).toEqual(['backup:restore-test-missing']);
    await custom.createNamespacedCustomObject({
      ...VELERO,
      plural: 'restores',
      body: {
        apiVersion: 'velero.io/v1',
        kind: 'Restore',
        metadata: { name: 'drill' },
        spec: {
          backupName: 'daily-ok',
          includedNamespaces: ['levy'],
          namespaceMapping: { levy: 'levy-drill' },
        },
        status: { phase: 'Completed', completionTimestamp: ago(60_000) },
      },
    });
    await eventually(gaps).toEqual([]);
    expect(levy().backups![0]).toMatchObject({
      velero: 'installed',
      schedules: [{ name: 'daily', cron: '0 2 * * *', periodMinutes: 1440 }],
      lastBackup: { name: 'daily-ok', schedule: 'daily' },
      lastRestoreTest: { name: 'drill', backup: 'daily-ok' },
    });
  });

  it('appears again once the backup is older than 1.5 × its daily period', async () => {
    ahead = 36 * 3_600_000;
    await tracker.recompute();
    expect(gaps()).toEqual(['backup:backup-overdue']);
    expect(levy().blockers.find((b) => b.code === 'backup-overdue')!.params).toMatchObject({
      namespace: 'nw/levy',
      schedule: 'daily',
    });
    ahead = 0;
    await tracker.recompute();
    expect(gaps()).toEqual([]);
  });

  it('says "unverified" while the cluster is away, and is right after a relist forced by 410 Gone', async () => {
    const relists = () => veleroStates().map((s) => s.relists);
    const before = relists();
    await proxy.cut();
    await eventually(() => status().state, 30_000).toBe('stale');
    await eventually(gaps).toEqual(['backup:backup-unverified']);
    // While away: the only completed backup expires (deleted), a newer one fails.
    await custom.deleteNamespacedCustomObject({ ...VELERO, plural: 'backups', name: 'daily-ok' });
    await createBackup('daily-late', 'Failed', ago(1000));
    await kube.compactEtcd();
    await proxy.open();
    await eventually(() => status().state, 30_000).toBe('synced');
    await eventually(() => relists()[1]!).toBeGreaterThan(before[1]!);
    // The restore named its namespace, so it still counts without its backup; the backup does not.
    await eventually(gaps).toEqual(['backup:backup-missing']);
    expect(
      source
        .caches()[0]!
        .list('Backup')
        .map((b) => b.name)
        .sort(),
    ).toEqual(['daily-failed', 'daily-late', 'daily-running']);
  });
});

async function createBackup(name: string, phase: string, completedAt: string): Promise<void> {
  await custom.createNamespacedCustomObject({
    ...VELERO,
    plural: 'backups',
    body: {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name, labels: { 'velero.io/schedule-name': 'daily' } },
      spec: { includedNamespaces: ['levy'], ttl: '720h0m0s' },
      status: {
        phase,
        startTimestamp: completedAt,
        ...(phase === 'InProgress' ? {} : { completionTimestamp: completedAt }),
      },
    },
  });
}
