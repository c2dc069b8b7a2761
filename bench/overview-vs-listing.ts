// Side by side in one run: Yunqian's overview (watched once, served from memory) against the
// per-request listing a dashboard without a cache does (list namespaces, pods and quotas from
// the API server on every request, then add them up). Both against the same real API server
// holding the sandbox province's internal-network tenants, late in the plan.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import { loadPlanDir } from '../migrations-plan/src/index.ts';
import { kubeAvailable, startKubeCluster } from '../test/harness/kube.ts';
import { startYunqian } from '../test/harness/yunqian.ts';
import { kubeConfigFor } from '../server/src/sources/kubernetes/cluster-source.ts';
import { sandboxObjects } from '../server/src/sources/sandbox/kubernetes.ts';
import { DEFAULT_TENANCY, tenantLabels } from '../server/src/sources/kubernetes/tenancy.ts';
import { pool } from './lib.ts';
import { pod } from './kube-memory.ts';

const PLAN_DIR = new URL('../migrations-plan', import.meta.url).pathname;
const AT = Date.parse('2027-09-01T08:00:00Z');
const INTERNAL = ['nw-core', 'nw-office'];

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: at(1) };
};

/** Strips what the API server sets itself from an object we want to create. */
function bare<T extends { metadata?: object; status?: unknown }>(o: T): T {
  const {
    creationTimestamp: _c,
    managedFields: _m,
    ...metadata
  } = (o.metadata ?? {}) as Record<string, unknown>;
  return { ...o, metadata, status: undefined } as T;
}

async function loadProvince(kc: KubeConfig, extraPods: number) {
  const plan = (await loadPlanDir(PLAN_DIR, { today: '2027-09-01' })).plan!;
  const byCluster = sandboxObjects(plan, AT, DEFAULT_TENANCY.labelPrefix);
  const objects = INTERNAL.flatMap((c) => byCluster.get(c) ?? []);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const net = kc.makeApiClient(NetworkingV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const of = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => bare(o.obj as never));
  await pool(of('Namespace'), 8, (body) => core.createNamespace({ body }));
  // Pods need their namespace's default service account, which the controller-manager makes.
  for (const n of of('Namespace') as { metadata: { name: string } }[])
    for (
      let t = 0;
      t < 100 && !(await core.listNamespacedServiceAccount({ namespace: n.metadata.name })).items.length;
      t++
    )
      await new Promise((r) => setTimeout(r, 100));
  const ns = (o: { metadata: { namespace: string } }) => o.metadata.namespace;
  await pool(of('Node'), 4, (body) => core.createNode({ body }));
  await pool(of('ResourceQuota'), 8, (body) =>
    core.createNamespacedResourceQuota({ namespace: ns(body), body }),
  );
  await pool(of('LimitRange'), 8, (body) => core.createNamespacedLimitRange({ namespace: ns(body), body }));
  await pool(of('NetworkPolicy'), 8, (body) =>
    net.createNamespacedNetworkPolicy({ namespace: ns(body), body }),
  );
  await pool(of('RoleBinding'), 8, (body) => rbac.createNamespacedRoleBinding({ namespace: ns(body), body }));
  // The controller-manager turns each Deployment into a ReplicaSet and its pods.
  // The sandbox's Deployments carry no pod spec (it never runs them); give each a container.
  const withPods = (d: V1Deployment): V1Deployment => ({
    ...d,
    spec: {
      ...d.spec!,
      template: {
        ...d.spec!.template,
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: d.metadata!.name!,
              image: 'registry.gov.local/app:1',
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '200m', memory: '256Mi' },
              },
            },
          ],
        },
      },
    },
  });
  await pool(of('Deployment') as V1Deployment[], 8, (d) =>
    apps.createNamespacedDeployment({ namespace: d.metadata!.namespace!, body: withPods(d) }),
  );
  const want = (of('Deployment') as { spec: { replicas?: number } }[]).reduce(
    (n, d) => n + (d.spec.replicas ?? 1),
    0,
  );
  for (let t = 0; t < 600 && (await core.listPodForAllNamespaces()).items.length < want; t++)
    await new Promise((r) => setTimeout(r, 500));
  // More pods, as a real cluster has (platform, batch jobs): the listing pays for every one.
  const extraNamespaces = Array.from({ length: 10 }, (_, i) => `load-${i}`);
  await pool(extraNamespaces, 4, (name) => core.createNamespace({ body: { metadata: { name } } }));
  for (const namespace of extraNamespaces)
    for (let t = 0; t < 100 && !(await core.listNamespacedServiceAccount({ namespace })).items.length; t++)
      await new Promise((r) => setTimeout(r, 100));
  await pool(
    Array.from({ length: extraPods }, (_, i) => i),
    16,
    (i) => {
      const p = pod(i) as V1Pod;
      return core.createNamespacedPod({
        namespace: extraNamespaces[i % extraNamespaces.length]!,
        body: {
          metadata: { name: `job-${i}`, labels: p.metadata!.labels },
          spec: { ...p.spec!, volumes: [], automountServiceAccountToken: false },
        },
      });
    },
  );
  return {
    objects: objects.length,
    namespaces: of('Namespace').length,
    deployments: of('Deployment').length,
  };
}

/** What a dashboard without a cache does per request: list everything, then add it up. */
async function listingOverview(kc: KubeConfig) {
  const core = kc.makeApiClient(CoreV1Api);
  const keys = tenantLabels(DEFAULT_TENANCY.labelPrefix);
  const all = async <T>(list: (c?: string) => Promise<{ items: T[]; metadata?: { _continue?: string } }>) => {
    const out: T[] = [];
    let c: string | undefined;
    do {
      const page = await list(c);
      out.push(...page.items);
      c = page.metadata?._continue || undefined;
    } while (c);
    return out;
  };
  const [namespaces, pods, quotas] = await Promise.all([
    all((c) => core.listNamespace({ labelSelector: keys.department, limit: 500, _continue: c })),
    all((c) => core.listPodForAllNamespaces({ limit: 500, _continue: c })),
    all((c) => core.listResourceQuotaForAllNamespaces({ limit: 500, _continue: c })),
  ]);
  const department = new Map(
    namespaces.map((n) => [n.metadata!.name!, n.metadata!.labels![keys.department]!]),
  );
  const perDepartment = new Map<
    string,
    { namespaces: number; pods: number; running: number; quotas: number }
  >();
  const row = (d: string) => {
    let r = perDepartment.get(d);
    if (!r) perDepartment.set(d, (r = { namespaces: 0, pods: 0, running: 0, quotas: 0 }));
    return r;
  };
  for (const d of department.values()) row(d).namespaces++;
  for (const p of pods) {
    const d = department.get(p.metadata!.namespace!);
    if (!d) continue;
    row(d).pods++;
    if (p.status?.phase === 'Running') row(d).running++;
  }
  for (const q of quotas) {
    const d = department.get(q.metadata!.namespace!);
    if (d) row(d).quotas++;
  }
  return { departments: perDepartment.size, pods: pods.length };
}

async function timed(n: number, f: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return stats(ms);
}

export async function benchOverviewVsListing(extraPods = Number(process.env.BENCH_EXTRA_PODS ?? 5000)) {
  const missing = kubeAvailable();
  if (missing) return { skipped: missing };
  const cluster = await startKubeCluster({ name: 'compare' });
  const dir = mkdtempSync(join(tmpdir(), 'yq-compare-'));
  try {
    const kc = kubeConfigFor({ kubeconfig: cluster.kubeconfig });
    const loaded = await loadProvince(kc, extraPods);
    const config = join(dir, 'yunqian.json');
    writeFileSync(
      config,
      JSON.stringify({
        clusters: [
          {
            id: 'nw-core',
            network: 'internal',
            name: { zh: '内网', en: 'Internal' },
            maxMlps: 4,
            kubeconfig: cluster.kubeconfig,
          },
        ],
        database: { dataDir: join(dir, 'db') },
      }),
    );
    const server = await startYunqian({
      YUNQIAN_CONFIG: config,
      YUNQIAN_SANDBOX: 'false',
      YUNQIAN_ADMIN_USERNAME: 'bench',
      YUNQIAN_ADMIN_PASSWORD: 'Bench-password-1234',
    });
    try {
      const login = await fetch(`${server.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench', password: 'Bench-password-1234' }),
      });
      const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
      const overview = () =>
        fetch(`${server.url}/trpc/overview.get`, { headers: { cookie } }).then(async (r) => {
          if (!r.ok) throw new Error(`overview.get: HTTP ${r.status} ${await r.text()}`);
          return r.json();
        });
      await timed(20, overview); // warm-up
      const listed = await listingOverview(kc);
      await timed(3, () => listingOverview(kc)); // warm-up
      const cached = await timed(300, overview);
      const perRequest = await timed(30, () => listingOverview(kc));
      return {
        cluster: { ...loaded, pods: listed.pods, departments: listed.departments },
        cachedOverviewMs: cached,
        perRequestListingMs: perRequest,
        ratioP50: Math.round((perRequest.p50 / cached.p50) * 10) / 10,
        ratioP99: Math.round((perRequest.p99 / cached.p99) * 10) / 10,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
