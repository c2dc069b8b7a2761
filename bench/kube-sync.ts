// Cold sync from a real API server: how long Yunqian's reflectors take to list and start
// watching every kind, for a cluster holding `namespaces × podsPerNamespace` pods.
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { kubeAvailable, startKubeCluster } from '../test/harness/kube.ts';
import { KubeClusterSource, kubeConfigFor } from '../server/src/sources/kubernetes/cluster-source.ts';
import { pod } from './kube-memory.ts';
import { pool } from './lib.ts';

export async function benchKubeSync(namespaces = 40, podsPerNamespace = 250) {
  const missing = kubeAvailable();
  if (missing) return { skipped: missing };
  const cluster = await startKubeCluster({ name: 'bench' });
  try {
    const core = kubeConfigFor({ kubeconfig: cluster.kubeconfig }).makeApiClient(CoreV1Api);
    const names = Array.from({ length: namespaces }, (_, i) => `dept-${i}`);
    await pool(names, 8, (name) =>
      core.createNamespace({
        body: { metadata: { name, labels: { 'yunqian.gov.cn/department': `d${name}` } } },
      }),
    );
    // Pods need their namespace's default service account, which the controller-manager makes.
    for (const namespace of names) {
      for (let t = 0; t < 100 && !(await core.listNamespacedServiceAccount({ namespace })).items.length; t++)
        await new Promise((r) => setTimeout(r, 100));
    }
    // Pods bound to a node that does not exist are garbage-collected by the controller-manager.
    await core.createNode({
      body: {
        metadata: { name: 'node-0' },
        status: {
          capacity: { cpu: '64', memory: '256Gi', pods: '20000' },
          allocatable: { cpu: '64', memory: '256Gi', pods: '20000' },
        },
      },
    });
    const creating = performance.now();
    const pods = names.flatMap((namespace, n) =>
      Array.from({ length: podsPerNamespace }, (_, i) => ({ namespace, i: n * podsPerNamespace + i })),
    );
    await pool(pods, 16, ({ namespace, i }) => {
      const p = pod(i) as V1Pod;
      const body: V1Pod = {
        metadata: { name: `web-${i}`, labels: p.metadata!.labels },
        spec: { ...p.spec!, nodeName: 'node-0', volumes: [], automountServiceAccountToken: false },
      };
      return core.createNamespacedPod({ namespace, body });
    });
    const createMs = performance.now() - creating;

    const source = new KubeClusterSource([
      {
        id: 'bench',
        network: 'internal',
        name: { zh: '基准', en: 'bench' },
        maxMlps: 3,
        kubeconfig: cluster.kubeconfig,
      },
    ]);
    const started = performance.now();
    await source.start();
    while (source.status()[0]!.state !== 'synced') await new Promise((r) => setTimeout(r, 20));
    const syncMs = performance.now() - started;
    const cached = source.caches()[0]!.count('Pod');
    await source.stop();
    return {
      namespaces,
      pods: cached,
      createPodsMs: Math.round(createMs),
      coldSyncMs: Math.round(syncMs),
    };
  } finally {
    await cluster.stop();
  }
}
