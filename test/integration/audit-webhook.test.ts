// Drift attribution (#23) on a real kube-apiserver 1.20 whose audit webhook points at Yunqian
// (--audit-webhook-config-file, batch mode with a short wait; the policy is the example shipped in
// deploy/kubernetes-audit/). A tenant's quota patched while impersonating a named user drifts from
// what the stack declares, and the drift row read through the API names that user, the verb and
// the time. A wrong token is refused with 401 and nothing is kept; a batch the API server sent,
// sent again, adds nothing. What the API server sent is recorded on its way (a small proxy), so the
// test resends exactly the real batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { loadPlanDir } from '@yunqian/plan';
import { runTenantProgram, testSettings } from '../../infra/test/run-program.ts';
import { kubeAvailable, startKubeCluster, type KubeCluster } from '../harness/kube.ts';
import { writeSmallProvince } from '../harness/small-province.ts';
import { freePort } from '../harness/ports.ts';
import { Authenticator, signInOverHttp } from '../harness/second-factor.ts';
import { launchChromium } from '../harness/chromium.ts';
import { createApp, type App } from '../../server/src/app.ts';
import { ConfigSchema } from '../../server/src/config/config.ts';
import { kubeConfigFor } from '../../server/src/sources/kubernetes/cluster-source.ts';
import { createUser } from '../../server/src/store/accounts.ts';
import { changesOfCluster } from '../../server/src/store/kube-changes.ts';
import { KUBE_AUDIT_PATH } from '../../server/src/kube-audit/receiver.ts';
import type { AppRouterOutputs } from '../../server/src/api/router.ts';

type Drift = AppRouterOutputs['stacks']['drift'];

const ROOT = new URL('../../', import.meta.url).pathname;
const SHOTS = join(ROOT, 'docs', 'screenshots');
const CLUSTER = 'aud';
const TOKEN_ENV = 'YQ_TEST_AUDIT_TOKEN_AUD';
const TOKEN = randomBytes(24).toString('base64url');
/** The person the operator's request impersonates: the one the drift row must name. */
const ACTOR = 'zhang.wei';
const LEADER = { username: 'ld-zhao', password: 'Ld-zhao-2026!audit' };

let dir: string;
let cluster: KubeCluster;
let app: App;
let url: string;
let proxy: Server;
let session: { cookie: string; csrf: string };
/** Every POST the API server's webhook made, as sent, with Yunqian's answer. */
const sent: { headers: Record<string, string | string[] | undefined>; body: string; status: number }[] = [];

beforeAll(async () => {
  const missing = kubeAvailable();
  if (missing) throw new Error(missing);
  dir = mkdtempSync(join(tmpdir(), 'yq-audit-'));
  // Two internal systems of one department, declared by the tenant program's own state.
  const planDir = join(dir, 'plan');
  writeSmallProvince(planDir, { q1: { network: 'internal' }, q2: { network: 'internal' } });
  const plan = (await loadPlanDir(planDir)).plan!;
  const program = await runTenantProgram(plan, testSettings('internal', planDir));
  const stacks = join(dir, 'stacks');
  mkdirSync(join(stacks, '.pulumi', 'stacks', 'yunqian-tenants'), { recursive: true });
  writeFileSync(join(stacks, '.pulumi', 'meta.yaml'), 'version: 1\n');
  writeFileSync(
    join(stacks, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json'),
    JSON.stringify(program.checkpoint),
  );

  // Yunqian's port is chosen first: the API server's webhook configuration names it (through the
  // recording proxy).
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // The API server sends its token only over TLS (client-go's clientcmd reads a kubeconfig's
  // credentials only "if we are secure", tools/clientcmd/client_config.go): Yunqian is reached
  // through a TLS-terminating proxy, as behind an ingress in a province's deployment. This one
  // also records what the API server sent.
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
      '-subj',
      '/CN=yunqian',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  proxy = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const record = { headers: req.headers, body, status: 0 };
      fetch(`${url}${req.url}`, {
        method: req.method,
        headers: {
          authorization: req.headers.authorization ?? '',
          'content-type': req.headers['content-type'] ?? '',
        },
        body,
      })
        .then(async (r) => {
          record.status = r.status;
          sent.push(record);
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text());
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyPort = (proxy.address() as { port: number }).port;
  const webhook = join(dir, 'audit-webhook.kubeconfig');
  writeFileSync(
    webhook,
    readFileSync(join(ROOT, 'deploy/kubernetes-audit/webhook-kubeconfig.yaml'), 'utf8')
      .replace('https://yunqian.example.gov.cn', `https://127.0.0.1:${proxyPort}`)
      .replace(
        '# certificate-authority: /etc/kubernetes/pki/yunqian-ca.crt',
        `certificate-authority: ${cert}`,
      )
      .replace('REPLACE-WITH-THIS-CLUSTERS-TOKEN', TOKEN),
  );
  cluster = await startKubeCluster({
    name: CLUSTER,
    controllerManager: false,
    apiserverArgs: [
      `--audit-policy-file=${join(ROOT, 'deploy/kubernetes-audit/audit-policy.yaml')}`,
      `--audit-webhook-config-file=${webhook}`,
      '--audit-webhook-mode=batch',
      '--audit-webhook-batch-max-wait=1s',
      '--audit-webhook-initial-backoff=1s',
    ],
  });

  process.env[TOKEN_ENV] = TOKEN;
  app = await createApp(
    ConfigSchema.parse({
      sandbox: { enabled: false },
      plan: { dir: planDir, watch: false },
      clusters: [
        {
          id: CLUSTER,
          network: 'internal',
          name: { zh: '内网', en: 'Internal' },
          maxMlps: 3,
          kubeconfig: cluster.kubeconfig,
          auditTokenEnv: TOKEN_ENV,
        },
      ],
      stacks: [{ kind: 'diy', path: stacks }],
      kubernetes: { watchTimeoutSeconds: 60, idleSeconds: 10 },
      tracker: { pollSeconds: 1 },
      server: { port },
      log: { level: 'warn' },
    }),
  );
  await app.http.listen({ host: '127.0.0.1', port });

  // What the program declares, applied as the admin (system:masters) — all but q2's egress
  // default-deny, a drift no recorded change explains.
  const objects = KubernetesObjectApi.makeApiClient(kubeConfigFor({ kubeconfig: cluster.kubeconfig }));
  const manifests = program.registered
    .filter((r) => r.type.startsWith('kubernetes:'))
    .map((r) => r.inputs as unknown as KubernetesObject)
    .filter((m) => !(m.metadata?.namespace === 'q2' && m.metadata.name === 'default-deny-egress'));
  for (const m of manifests.filter((x) => x.kind === 'Namespace')) await objects.create(m);
  for (const m of manifests.filter((x) => x.kind !== 'Namespace')) await objects.create(forClientNode(m));

  await createUser(
    app.store,
    { username: LEADER.username, displayName: '赵领导', role: 'leader', password: LEADER.password },
    { id: 'setup', requestId: 'setup' },
  );
  session = await signInOverHttp(url, LEADER.username, LEADER.password, new Authenticator());
}, 420_000);

afterAll(async () => {
  delete process.env[TOKEN_ENV];
  await app?.close();
  await cluster?.stop();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** client-node renames NetworkPolicy's `from` to `_from` when it serialises (as stacks.test.ts). */
function forClientNode(m: KubernetesObject): KubernetesObject {
  if (m.kind !== 'NetworkPolicy') return m;
  const spec = (m as { spec: { ingress?: { from?: unknown }[] } }).spec;
  return {
    ...m,
    spec: {
      ...spec,
      ingress: spec.ingress?.map(({ from, ...rule }) => (from ? { ...rule, _from: from } : rule)),
    },
  } as KubernetesObject;
}

/** stacks.drift over HTTP as the signed-in leader (tenants.read, province-wide). */
async function drift(): Promise<Drift> {
  const res = await fetch(`${url}/trpc/stacks.drift`, { headers: { cookie: session.cookie } });
  const body = (await res.json()) as { result?: { data: Drift }; error?: { message: string } };
  if (!body.result) throw new Error(`stacks.drift: ${res.status} ${body.error?.message}`);
  return body.result.data;
}
const row = (d: Drift, namespace: string, kind: string) =>
  d.items.find((x) => x.namespace === namespace && x.kind === kind);

/** A merge patch of q1's quota, sent as the admin acting as ACTOR (Impersonate-User). */
function patchQuotaAs(user: string, cpu: string): Promise<number> {
  const body = JSON.stringify({ spec: { hard: { 'requests.cpu': cpu } } });
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `https://127.0.0.1:${cluster.apiPort}/api/v1/namespaces/q1/resourcequotas/tenant-quota`,
      {
        method: 'PATCH',
        ca: readFileSync(join(cluster.dir, 'certs', 'apiserver.crt')),
        headers: {
          authorization: `Bearer ${cluster.token}`,
          'content-type': 'application/merge-patch+json',
          'impersonate-user': user,
          // The impersonated person needs the right to patch a quota: as a cluster administrator.
          'impersonate-group': 'system:masters',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const post = (body: string, authorization?: string) =>
  fetch(`${url}${KUBE_AUDIT_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });

describe('drift attribution from the API server’s audit webhook', () => {
  let patchedAt: { before: number; after: number };

  it('names the impersonated user, the verb and the time on the drift row', async () => {
    // Settled: both tenants live and compared; q2's missing policy has no recorded change.
    await expect
      .poll(async () => row(await drift(), 'q2', 'policy-missing')?.cause, { timeout: 60_000 })
      .toBeNull();
    expect(row(await drift(), 'q1', 'quota-differs')).toBeUndefined();

    const before = Date.now();
    expect(await patchQuotaAs(ACTOR, '99')).toBe(200);
    patchedAt = { before, after: Date.now() };

    await expect
      .poll(async () => row(await drift(), 'q1', 'quota-differs')?.cause?.username, { timeout: 30_000 })
      .toBe(ACTOR);
    const d = await drift();
    const quota = row(d, 'q1', 'quota-differs')!;
    expect(quota.params).toMatchObject({ resource: 'cpu', live: 99 });
    expect(quota.cause).toMatchObject({
      username: ACTOR,
      via: 'admin',
      verb: 'patch',
      cluster: CLUSTER,
      resource: 'resourcequotas',
      name: 'tenant-quota',
    });
    const at = Date.parse(quota.cause!.at);
    // The API server's own clock, on this machine: within the request's round trip (its
    // timestamps have microseconds; ours milliseconds).
    expect(at).toBeGreaterThanOrEqual(patchedAt.before - 1);
    expect(at).toBeLessThanOrEqual(patchedAt.after + 1);
    // The other tenant's drift still says no change explains it.
    expect(row(d, 'q2', 'policy-missing')!.cause).toBeNull();

    // What the API server sent: EventLists of audit.k8s.io/v1 as JSON, with the cluster's token.
    const batch = sent.find((s) => s.body.includes('"impersonatedUser"'))!;
    expect(batch.headers['content-type']).toMatch(/^application\/json/);
    expect(batch.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(batch.body)).toMatchObject({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1' });

    // The console shows it: the drift table's row names who, how and when, and through whom.
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
      await context.addCookies(
        session.cookie.split('; ').map((pair) => {
          const at = pair.indexOf('=');
          return { name: pair.slice(0, at), value: pair.slice(at + 1), url };
        }),
      );
      const page = await context.newPage();
      await page.goto(`${url}/stacks`);
      const cause = page.locator(`[data-testid="drift-cause"][data-user="${ACTOR}"]`);
      await cause.waitFor();
      expect(await cause.getAttribute('data-via')).toBe('admin');
      await expect.poll(() => cause.textContent()).toMatch(/zhang\.wei 修改（.+）\s*经 admin 代为操作/);
      await page.locator('[data-testid="drift-cause"]', { hasText: '无变更记录' }).first().waitFor();
      await page.getByTestId('drift').screenshot({ path: join(SHOTS, 'drift-attribution-zh.png') });
    } finally {
      await browser.close();
    }
  });

  it('refuses a wrong or missing token with 401 and keeps nothing of the batch', async () => {
    const real = sent.find((s) => s.body.includes('"impersonatedUser"'))!;
    // The real batch with fresh audit IDs: nothing of it is stored yet.
    const list = JSON.parse(real.body) as { items: { auditID: string }[] };
    const fresh = list.items.map(() => randomUUID());
    const renamed = JSON.stringify({
      ...list,
      items: list.items.map((e, i) => ({ ...e, auditID: fresh[i] })),
    });
    const kept = async () =>
      (await changesOfCluster(app.store.db, CLUSTER)).filter((c) => (fresh as string[]).includes(c.auditId))
        .length;

    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${cluster.token}`,
      `Basic ${TOKEN}`,
      undefined,
    ]) {
      const r = await post(renamed, authorization);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(await kept()).toBe(0);
    // The same body with the cluster's token is stored: it was the token that was refused.
    const ok = await post(renamed, `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await kept()).toBeGreaterThan(0);
  });

  it('keeps a batch sent again once', async () => {
    const before = await changesOfCluster(app.store.db, CLUSTER);
    for (const s of sent.filter((x) => x.status === 200)) {
      const r = await post(s.body, `Bearer ${TOKEN}`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { kept: number }).kept).toBe(0);
    }
    const after = await changesOfCluster(app.store.db, CLUSTER);
    expect(after.map((c) => c.auditId).sort()).toEqual(before.map((c) => c.auditId).sort());
    // One row per request the API server made: its quota patch is there once.
    const fromServer = new Set(
      sent.flatMap((s) =>
        (JSON.parse(s.body) as { items: { auditID: string }[] }).items.map((e) => e.auditID),
      ),
    );
    const patches = after.filter((c) => fromServer.has(c.auditId) && c.username === ACTOR);
    expect(patches.map((c) => c.verb)).toEqual(['patch']);
  });
});
