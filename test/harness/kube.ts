// A real Kubernetes control plane for tests: Debian's etcd plus kube-apiserver and
// kube-controller-manager 1.20.2 (built once by scripts/build-kube.sh and cached by version),
// on free loopback ports with everything in a temporary directory.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { freePort, waitFor } from './ports.ts';

export const KUBE_VERSION = '1.20.2';
export const KUBE_BIN = join(
  process.env.YUNQIAN_CACHE ?? join(homedir(), '.cache', 'yunqian'),
  `kube-${KUBE_VERSION}`,
  'bin',
);

export function kubeAvailable(): string | null {
  if (!existsSync(join(KUBE_BIN, 'kube-apiserver')))
    return `kube-apiserver ${KUBE_VERSION} not built: run scripts/build-kube.sh (pnpm test:deps does)`;
  try {
    execFileSync('etcd', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'etcd not installed: run scripts/build-kube.sh';
  }
  return null;
}

export interface KubeCluster {
  name: string;
  dir: string;
  apiPort: number;
  etcdUrl: string;
  token: string;
  kubeconfig: string;
  /** A kubeconfig pointing at another port (e.g. a proxy in front of the API server). */
  kubeconfigVia(port: number, file: string): string;
  stopApiServer(): Promise<void>;
  startApiServer(): Promise<void>;
  /** Compacts etcd's history up to its current revision (watches from older versions get 410). */
  compactEtcd(): Promise<number>;
  /** Watch requests the API server is serving now (its apiserver_longrunning_gauge). */
  watches(): Promise<number>;
  stop(): Promise<void>;
}

interface Options {
  name: string;
  /** Serve watches straight from etcd (no apiserver watch cache), so compaction reaches watchers. */
  watchCache?: boolean;
  controllerManager?: boolean;
  /** More kube-apiserver flags (e.g. the audit webhook's), after the harness's own. */
  apiserverArgs?: string[];
}

async function kill(p: ChildProcess | null): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => p.kill('SIGKILL'), 5000);
    p.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

export async function startKubeCluster(o: Options): Promise<KubeCluster> {
  const dir = mkdtempSync(join(tmpdir(), `yq-kube-${o.name}-`));
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const token = `tok-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin-uid,system:masters\n`);
  execFileSync('openssl', ['genrsa', '-out', join(dir, 'sa.key'), '2048'], { stdio: 'ignore' });
  execFileSync('openssl', ['rsa', '-in', join(dir, 'sa.key'), '-pubout', '-out', join(dir, 'sa.pub')], {
    stdio: 'ignore',
  });
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const etcd = spawn(
    'etcd',
    [
      '--name',
      'yq',
      '--data-dir',
      join(dir, 'etcd'),
      '--listen-client-urls',
      etcdUrl,
      '--advertise-client-urls',
      etcdUrl,
      '--listen-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-cluster',
      `yq=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync=true',
      '--log-level',
      'error',
    ],
    { stdio: 'ignore' },
  );
  await waitFor(async () => (await fetch(`${etcdUrl}/health`)).ok, 30_000, 'etcd');

  let api: ChildProcess | null = null;
  let kcm: ChildProcess | null = null;
  const kubeconfigFor = (port: number) => `apiVersion: v1
kind: Config
clusters:
- name: ${o.name}
  cluster:
    server: https://127.0.0.1:${port}
    certificate-authority-data: ${readFileSync(join(dir, 'certs', 'apiserver.crt')).toString('base64')}
users:
- name: admin
  user: {token: ${token}}
contexts:
- name: ${o.name}
  context: {cluster: ${o.name}, user: admin}
current-context: ${o.name}
`;
  const kubeconfig = join(dir, 'kubeconfig');

  const startApiServer = async () => {
    api = spawn(
      join(KUBE_BIN, 'kube-apiserver'),
      [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        '--insecure-port=0',
        '--endpoint-reconciler-type=none',
        '--profiling=false',
        `--cert-dir=${join(dir, 'certs')}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota',
        `--watch-cache=${o.watchCache ?? true}`,
        ...(o.apiserverArgs ?? []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    api.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
    try {
      await waitFor(
        async () => {
          if (api!.exitCode !== null || api!.signalCode) throw new Error('exited');
          return (await probe(`https://127.0.0.1:${apiPort}/readyz`, token)) === 200;
        },
        180_000,
        'kube-apiserver /readyz',
        () => api!.exitCode !== null,
      );
    } catch (e) {
      throw new Error(
        `${(e as Error).message}; kube-apiserver (exit ${api.exitCode ?? api.signalCode ?? 'running'}) said:\n${err}`,
      );
    }
    writeFileSync(kubeconfig, kubeconfigFor(apiPort));
  };
  await startApiServer();
  if (o.controllerManager ?? true) {
    kcm = spawn(
      join(KUBE_BIN, 'kube-controller-manager'),
      [
        `--kubeconfig=${kubeconfig}`,
        '--leader-elect=false',
        '--resource-quota-sync-period=5s',
        '--bind-address=127.0.0.1',
        '--port=0',
        '--secure-port=0',
        `--service-account-private-key-file=${join(dir, 'sa.key')}`,
        `--root-ca-file=${join(dir, 'certs', 'apiserver.crt')}`,
        '--controllers=*,-nodelifecycle,-nodeipam,-cloud-node-lifecycle,-route,-service,-attachdetach,-persistentvolume-binder,-persistentvolume-expander,-csrsigning,-csrapproving,-csrcleaner,-bootstrapsigner,-tokencleaner,-ttl-after-finished',
      ],
      { stdio: 'ignore' },
    );
  }

  const etcdJson = async (path: string, body: object) =>
    (await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<{
      header: { revision: string };
    }>;
  return {
    name: o.name,
    dir,
    apiPort,
    etcdUrl,
    token,
    kubeconfig,
    kubeconfigVia(port, file) {
      writeFileSync(file, kubeconfigFor(port));
      return file;
    },
    stopApiServer: () => kill(api),
    startApiServer,
    async compactEtcd() {
      const { header } = await etcdJson('/v3/kv/range', { key: Buffer.from('/').toString('base64') });
      await etcdJson('/v3/kv/compaction', { revision: header.revision, physical: true });
      return Number(header.revision);
    },
    async watches() {
      const text = await getText(`https://127.0.0.1:${apiPort}/metrics`, token);
      return text
        .split('\n')
        .filter((l) => l.startsWith('apiserver_longrunning_gauge{') && l.includes('verb="WATCH"'))
        .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    },
    async stop() {
      await kill(kcm);
      await kill(api);
      await kill(etcd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GET with the bearer token, the body as text (loopback, the test's own API server). */
function getText(url: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(
      url,
      { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
  });
}

/** GET with the bearer token; the probe runs before the CA exists, so it does not verify TLS. */
function probe(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(
      url,
      { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
  });
}

/**
 * Plays the scheduler and kubelet for a namespace's pods (the test control plane has neither): a
 * node, a binding and a Ready status per pod, so the controllers report the workloads ready.
 */
export async function makePodsReady(kc: KubeConfig, namespace: string) {
  const core = kc.makeApiClient(CoreV1Api);
  await core
    .createNode({
      body: {
        metadata: { name: `node-${namespace}` },
        status: {
          capacity: { cpu: '8', memory: '32Gi', pods: '110' },
          allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
        },
      },
    })
    .catch(() => undefined);
  let pods: Awaited<ReturnType<CoreV1Api['listNamespacedPod']>>['items'] = [];
  await waitFor(
    async () => (pods = (await core.listNamespacedPod({ namespace })).items).length > 0,
    20_000,
    `pods in ${namespace}`,
  );
  for (const p of pods) {
    const name = p.metadata!.name!;
    await core.createNamespacedPodBinding({
      name,
      namespace,
      body: { metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: `node-${namespace}` } },
    });
    await core.patchNamespacedPodStatus(
      {
        name,
        namespace,
        body: {
          status: {
            phase: 'Running',
            conditions: [
              { type: 'Ready', status: 'True' },
              { type: 'ContainersReady', status: 'True' },
              { type: 'PodScheduled', status: 'True' },
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }
}

/** A Deployment `web` of one container in a tenant namespace (its pods stay Pending until makePodsReady). */
export async function createWebDeployment(kc: KubeConfig, namespace: string, replicas = 1): Promise<void> {
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: 'web' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'registry.local/web:1' }] },
        },
      },
    },
  });
}
