// Yunqian itself, deployed the way operators deploy everything else: a namespace, its
// configuration, two replicas behind a Service, the database password from an existing Secret.
import * as k8s from '@pulumi/kubernetes';
import { stringify } from 'yaml';

/**
 * The container's memory limit, and three quarters of it for V8's old space: V8 caps each thread
 * on its own, so the engine's thread (the clusters' caches, the plan, the tracker) gets half of
 * the limit and the API's thread a quarter.
 */
const LIMIT_MIB = 2048;
const ENGINE_HEAP_MIB = Math.floor(LIMIT_MIB * 0.5);
const HEAP_MIB = Math.floor(LIMIT_MIB * 0.25);

/** The user of the image (the Dockerfile's USER): numeric, so that runAsNonRoot can check it. */
export const IMAGE_UID = 10001;

export interface YunqianDeployment {
  namespace: string;
  /**
   * The image built from the repository's Dockerfile (the offline bundle on Node.js 20, user
   * 10001, nothing written outside /tmp), e.g. `registry.gov.local/yunqian:<version>`, or the name
   * it was loaded under with `docker load` / `ctr images import` where there is no registry.
   */
  image: string;
  replicas: number;
  /** Yunqian's configuration file (see the README's configuration table). */
  config: Record<string, unknown>;
  /** An existing Secret holding the PostgreSQL connection URL (never created or read here). */
  database: { secretName: string; key: string };
  kubeContext?: string | undefined;
}

const LABELS = { 'app.kubernetes.io/name': 'yunqian', 'app.kubernetes.io/part-of': 'yunqian' };

export function deployYunqian(o: YunqianDeployment) {
  if (o.replicas < 2)
    throw new Error('Yunqian runs at least two replicas (one may restart while the other serves)');
  const provider = new k8s.Provider('yunqian-cluster', {
    context: o.kubeContext,
    enableServerSideApply: true,
  });
  const ns = new k8s.core.v1.Namespace(
    'yunqian',
    { metadata: { name: o.namespace, labels: LABELS } },
    { provider },
  );
  const opts = { provider, parent: ns, dependsOn: [ns] };
  const config = new k8s.core.v1.ConfigMap(
    'yunqian-config',
    {
      metadata: { name: 'yunqian-config', namespace: o.namespace, labels: LABELS },
      data: { 'config.yaml': stringify(o.config) },
    },
    opts,
  );
  const deployment = new k8s.apps.v1.Deployment(
    'yunqian',
    {
      metadata: { name: 'yunqian', namespace: o.namespace, labels: LABELS },
      spec: {
        replicas: o.replicas,
        selector: { matchLabels: LABELS },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: LABELS },
          spec: {
            securityContext: {
              runAsNonRoot: true,
              runAsUser: IMAGE_UID,
              runAsGroup: IMAGE_UID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'yunqian',
                image: o.image,
                ports: [{ name: 'http', containerPort: 8080 }],
                env: [
                  { name: 'YUNQIAN_CONFIG', value: '/etc/yunqian/config.yaml' },
                  { name: 'YUNQIAN_HOST', value: '0.0.0.0' },
                  // V8's heaps are capped below the container's memory limit, so the process collects
                  // garbage before the kernel would kill it.
                  { name: 'NODE_OPTIONS', value: `--max-old-space-size=${HEAP_MIB}` },
                  { name: 'YUNQIAN_ENGINE_HEAP_MIB', value: String(ENGINE_HEAP_MIB) },
                  {
                    name: 'DATABASE_URL',
                    valueFrom: { secretKeyRef: { name: o.database.secretName, key: o.database.key } },
                  },
                ],
                // The root filesystem is read-only: /tmp is the one writable place (the database is
                // PostgreSQL, so no data directory).
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/yunqian', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
                readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'http' },
                  periodSeconds: 10,
                  failureThreshold: 6,
                },
                resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: `${LIMIT_MIB}Mi` } },
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: IMAGE_UID,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'yunqian-config' } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            ],
          },
        },
      },
    },
    { ...opts, dependsOn: [ns, config] },
  );
  const service = new k8s.core.v1.Service(
    'yunqian',
    {
      metadata: { name: 'yunqian', namespace: o.namespace, labels: LABELS },
      spec: { selector: LABELS, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    opts,
  );
  new k8s.policy.v1.PodDisruptionBudget(
    'yunqian',
    {
      metadata: { name: 'yunqian', namespace: o.namespace, labels: LABELS },
      spec: { minAvailable: 1, selector: { matchLabels: LABELS } },
    },
    opts,
  );
  return { namespace: o.namespace, deployment: deployment.metadata.name, service: service.metadata.name };
}
