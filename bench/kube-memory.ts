// Bytes of memory per cached pod: 200,000 pods in their real API shape (managedFields, status,
// owner references, resources) ingested one by one into a ClusterCache, as informers do.
import type { V1Pod } from '@kubernetes/client-node';
import { ClusterCache } from '../server/src/sources/kubernetes/cluster-cache.ts';
import { heapUsed } from './lib.ts';

export function pod(i: number): V1Pod {
  const ns = `dept-${i % 500}--system-${i % 10_000}`;
  const name = `web-${(i * 2654435761) % 1e9}-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `0d5f${i}-6c1e-4c8a-9e0f-${String(i).padStart(12, '0')}`,
      resourceVersion: String(1_000_000 + i),
      creationTimestamp: new Date(1_700_000_000_000 + i * 1000),
      labels: {
        app: 'web',
        'pod-template-hash': '7f9c8d6b5',
        'app.kubernetes.io/part-of': `system-${i % 10_000}`,
      },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-7f9c8d6b5',
          uid: 'a1b2c3',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: new Date(),
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': {}, 'f:ownerReferences': {} },
            'f:spec': { 'f:containers': {} },
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: new Date(),
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:podIP': {} } },
        },
      ],
    },
    spec: {
      nodeName: `node-${i % 400}`,
      serviceAccountName: 'default',
      containers: [
        {
          name: 'web',
          image: 'registry.gov.local/dept/web:1.4.2',
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
          env: [{ name: 'PROFILE', value: 'prod' }],
        },
      ],
      volumes: [
        {
          name: 'kube-api-access',
          projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] },
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      hostIP: `192.168.${(i >> 8) & 255}.${i & 255}`,
      startTime: new Date(),
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'web',
          ready: true,
          restartCount: 0,
          image: 'registry.gov.local/dept/web:1.4.2',
          imageID: 'sha256:abc',
          started: true,
          state: { running: { startedAt: new Date() } },
        },
      ],
    },
  };
}

export function benchKubeMemory(pods = 200_000) {
  const cache = new ClusterCache({
    id: 'bench',
    network: 'internal',
    name: { zh: '基准', en: 'bench' },
    maxMlps: 3,
  });
  const before = heapUsed();
  const started = performance.now();
  for (let i = 0; i < pods; i++) cache.apply('Pod', 'ADDED', pod(i));
  const ingestMs = performance.now() - started;
  const after = heapUsed();
  if (cache.count('Pod') !== pods) throw new Error('pods lost in ingest');
  const sample = JSON.stringify(pod(1)).length;
  return {
    pods,
    bytesPerCachedPod: Math.round((after - before) / pods),
    apiObjectJsonBytes: sample,
    ingestMs: Math.round(ingestMs),
  };
}
