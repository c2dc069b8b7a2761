// The three stack sources on our own tenant program's state (its mocked run written as a
// checkpoint), and drift between that declaration and a real API server.
//   DIY backend: project and legacy layouts, gzip, newest variant, locks, history, v4 features.
//   Pulumi service: a local HTTP server answering in the documented format (pages, auth).
//   Operator: Stack resources (pulumi.com/v1, CRD installed) on a real kube-apiserver.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { loadPlanDir, systemsForNetwork, type Plan } from '@yunqian/plan';
import { runTenantProgram, testSettings } from '../../infra/test/run-program.ts';
import { kubeAvailable, startKubeCluster, type KubeCluster } from '../harness/kube.ts';
import { waitFor } from '../harness/ports.ts';
import { DiyStackSource } from '../../server/src/sources/pulumi/diy-source.ts';
import { PulumiCloudStackSource } from '../../server/src/sources/pulumi/cloud-source.ts';
import { OperatorStackSource } from '../../server/src/sources/pulumi/operator-source.ts';
import { parseDeployment, redact } from '../../server/src/sources/pulumi/checkpoint.ts';
import { KubeClusterSource, kubeConfigFor } from '../../server/src/sources/kubernetes/cluster-source.ts';
import { DEFAULT_TENANCY } from '../../server/src/sources/kubernetes/tenancy.ts';
import { findDrift } from '../../server/src/tracker/drift.ts';
import type { DeclaredTenant } from '../../server/src/model/index.ts';

const PLAN_DIR = new URL('../../migrations-plan/', import.meta.url).pathname;
// Pulumi's own test checkpoints live beside the repository (../shared), never inside it.
const SHARED = process.env.YUNQIAN_SHARED_DIR
  ? join(process.env.YUNQIAN_SHARED_DIR, 'fixtures', 'pulumi')
  : new URL('../../../shared/fixtures/pulumi/', import.meta.url).pathname;
const PREFIX = DEFAULT_TENANCY.labelPrefix;

/**
 * A zstd frame (RFC 8878) of raw blocks: what `zstd` writes for data it cannot shrink. Node 20 has
 * no zstd compressor, so the tests build the frame to the format's letter.
 */
function zstdFrame(text: string): Buffer {
  const data = Buffer.from(text);
  const MAX_BLOCK = 128 * 1024;
  // Magic, frame header descriptor (no content size, no checksum), window descriptor (8 MiB).
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x68])];
  for (let at = 0; at === 0 || at < data.length; at += MAX_BLOCK) {
    const block = data.subarray(at, at + MAX_BLOCK);
    const last = at + MAX_BLOCK >= data.length ? 1 : 0;
    const header = (block.length << 3) | (0 << 1) | last; // raw block
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block);
  }
  return Buffer.concat(parts);
}

let plan: Plan;
let program: Awaited<ReturnType<typeof runTenantProgram>>;
let dir: string;

beforeAll(async () => {
  const full = (await loadPlanDir(PLAN_DIR)).plan!;
  // Six internal systems of different departments keep the cluster part quick.
  const picked = new Map<string, string>();
  for (const s of systemsForNetwork(full.systems, 'internal'))
    if (!picked.has(s.department) && picked.size < 6) picked.set(s.department, s.id);
  const ids = new Set(picked.values());
  plan = { ...full, systems: full.systems.filter((s) => ids.has(s.id)) };
  program = await runTenantProgram(plan, testSettings('internal', PLAN_DIR), '2026-11-20T08:00:00.000Z');
  dir = mkdtempSync(join(tmpdir(), 'yq-stacks-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const systems = () => plan.systems.map((s) => s.id).sort();
const backend = (name: string) => {
  const root = join(dir, name);
  mkdirSync(join(root, '.pulumi'), { recursive: true });
  return root;
};
const write = (file: string, data: string | Buffer, mtime?: Date) => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, data);
  if (mtime) utimesSync(file, mtime, mtime);
};

describe('DIY backend', () => {
  it("reads the tenant program's state: tenants, quotas, policies and bindings as declared", async () => {
    const root = backend('project');
    write(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
    write(
      join(root, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json'),
      JSON.stringify(program.checkpoint),
    );
    const { declared, stacks } = await new DiyStackSource(root, PREFIX).read();
    expect(declared.map((d) => d.namespace).sort()).toEqual(systems());
    for (const d of declared) {
      const s = plan.systems.find((x) => x.id === d.system)!;
      expect(d).toMatchObject({
        network: 'internal',
        department: s.department,
        stack: 'yunqian-tenants/internal',
      });
      expect(d.quota!.cpu).toBe(Math.ceil(s.resources.cpu * 1.2));
      expect(d.networkPolicies!.map((p) => p.name).sort()).toEqual([
        'allow-department-ingress',
        'allow-dns-and-department-egress',
        'default-deny-egress',
        'default-deny-ingress',
      ]);
      expect(d.roleBindings).toEqual([
        {
          name: 'department-edit',
          roleRef: 'ClusterRole/edit',
          subjects: [`Group/yunqian:department:${s.department}`],
        },
      ]);
    }
    expect(stacks).toEqual([
      expect.objectContaining({
        project: 'yunqian-tenants',
        stack: 'internal',
        resourceCount: program.registered.length + 1,
        inProgress: false,
        lastResult: null,
      }),
    ]);
  });

  it('parses a checkpoint again only when the file changes', async () => {
    const root = backend('changes');
    const file = join(root, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json');
    write(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
    write(file, JSON.stringify(program.checkpoint), new Date('2026-11-01T00:00:00Z'));
    const source = new DiyStackSource(root, PREFIX);
    const first = await source.read();
    const again = await source.read();
    // Unchanged: the same parsed tenants are served, not a fresh parse.
    expect(again.declared[0]).toBe(first.declared[0]);
    // Changed (one tenant's namespace gone from the state): read again.
    const dropped = first.declared[0]!.namespace;
    const checkpoint = structuredClone(program.checkpoint) as {
      checkpoint: { latest: { resources: { outputs?: { metadata?: { name?: string } }; urn: string }[] } };
    };
    const resources = checkpoint.checkpoint.latest.resources;
    checkpoint.checkpoint.latest.resources = resources.filter((r) => !r.urn.endsWith(`::${dropped}`));
    write(file, JSON.stringify(checkpoint), new Date('2026-11-02T00:00:00Z'));
    const changed = await source.read();
    expect(changed.declared.map((d) => d.namespace)).not.toContain(dropped);
    expect(changed.declared.length).toBeLessThan(first.declared.length);
    // A lock appears without the checkpoint changing: the stack shows as in progress at once.
    write(join(root, '.pulumi', 'locks', 'organization', 'yunqian-tenants', 'internal', 'l.json'), '{}');
    expect((await source.read()).stacks[0]!.inProgress).toBe(true);
  });

  it('takes the newest of plain and gzip variants, reads the legacy layout, and takes version 4 features it can read', async () => {
    const root = backend('variants');
    write(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
    const stacksDir = join(root, '.pulumi', 'stacks', 'yunqian-tenants');
    const fewer = structuredClone(program.checkpoint);
    fewer.checkpoint.latest.resources = fewer.checkpoint.latest.resources.filter(
      (r) => !(r.type === 'kubernetes:core/v1:Namespace' && r.urn.endsWith(`::${plan.systems[0]!.id}`)),
    );
    write(join(stacksDir, 'internal.json'), JSON.stringify(fewer), new Date('2026-01-01'));
    write(
      join(stacksDir, 'internal.json.gz'),
      gzipSync(JSON.stringify(program.checkpoint)),
      new Date('2026-02-01'),
    );
    write(join(stacksDir, 'internal.json.bak'), 'not read');
    expect((await new DiyStackSource(root, PREFIX).read()).declared).toHaveLength(plan.systems.length);

    const legacy = backend('legacy');
    write(join(legacy, '.pulumi', 'stacks', 'internal.json'), JSON.stringify(program.checkpoint));
    const l = await new DiyStackSource(legacy, PREFIX).read();
    expect(l.stacks[0]).toMatchObject({ project: 'yunqian-tenants', stack: 'internal' });
    expect(l.declared).toHaveLength(plan.systems.length);

    const v4 = backend('v4');
    write(join(v4, '.pulumi', 'meta.yaml'), 'version: 1\n');
    // `pulumi state taint` and refreshBeforeUpdate write version 4 with features that leave the
    // fields read here as they were: read. Views are refused, with the feature's name, and only
    // that stack is: the backend's other stack still counts.
    write(
      join(v4, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json'),
      JSON.stringify({ ...program.checkpoint, version: 4, features: ['refreshBeforeUpdate', 'taint'] }),
    );
    write(
      join(v4, '.pulumi', 'stacks', 'yunqian-tenants', 'external.json'),
      JSON.stringify({ ...program.checkpoint, version: 4, features: ['views'] }),
    );
    const r4 = await new DiyStackSource(v4, PREFIX).read();
    expect(r4.declared).toHaveLength(plan.systems.length);
    const byName = Object.fromEntries(r4.stacks.map((x) => [x.stack, x]));
    expect(byName.internal!.error).toBeUndefined();
    expect(byName.external!.error).toMatch(/features this reader does not support: views/);
  });

  it("reads the legacy layout's locks and history, and compressed history records", async () => {
    const legacy = backend('legacy-history');
    write(join(legacy, '.pulumi', 'stacks', 'internal.json'), JSON.stringify(program.checkpoint));
    const hist = join(legacy, '.pulumi', 'history', 'internal');
    const record = (t: number, result: string) =>
      JSON.stringify({
        kind: 'update',
        startTime: t,
        endTime: t + 30,
        message: result,
        result,
        resourceChanges: {},
      });
    write(join(hist, 'internal-1790000000000000000.history.json'), record(1_790_000_000, 'succeeded'));
    write(
      join(hist, 'internal-1790100000000000000.history.json.gz'),
      gzipSync(record(1_790_100_000, 'failed')),
    );
    write(
      join(hist, 'internal-1790200000000000000.history.json.zst'),
      zstdFrame(record(1_790_200_000, 'succeeded')),
    );
    let [s] = (await new DiyStackSource(legacy, PREFIX).read()).stacks;
    expect(s!.history.map((h) => h.startTime)).toEqual(
      [1_790_200_000, 1_790_100_000, 1_790_000_000].map((t) => new Date(t * 1000).toISOString()),
    );
    expect(s!.lastResult).toBe('succeeded');
    write(join(legacy, '.pulumi', 'locks', 'internal', 'b2c1.json'), '{"pid":7}');
    [s] = (await new DiyStackSource(legacy, PREFIX).read()).stacks;
    expect(s).toMatchObject({ inProgress: true, lastResult: 'in-progress' });
  });

  it("reads a checkpoint without a version as version 1, with its own time, and keeps the file's stack name", async () => {
    const root = backend('v1');
    write(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
    const { version: _v, ...unversioned } = structuredClone(program.checkpoint);
    unversioned.checkpoint.stack = '';
    unversioned.checkpoint.latest.manifest = {
      ...unversioned.checkpoint.latest.manifest,
      time: '2026-10-01T08:00:00Z',
    };
    write(
      join(root, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json'),
      JSON.stringify(unversioned),
      new Date('2026-11-20'),
    );
    const r = await new DiyStackSource(root, PREFIX).read();
    expect(r.stacks[0]).toMatchObject({ stack: 'internal', updatedAt: '2026-10-01T08:00:00Z' });
    expect(r.stacks[0]!.error).toBeUndefined();
    expect(r.declared).toHaveLength(plan.systems.length);
  });

  it('reads zstd checkpoints on every supported Node (node:zlib from 22.15, a pure-JS decoder before)', async () => {
    const root = backend('zstd');
    write(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
    const file = join(root, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json.zst');
    write(file, zstdFrame(JSON.stringify(program.checkpoint)));
    expect((await new DiyStackSource(root, PREFIX).read()).declared).toHaveLength(plan.systems.length);
    const z = zlib as unknown as { zstdCompressSync?: (b: Buffer) => Buffer };
    if (z.zstdCompressSync) {
      // Where Node can also compress: a compressed frame, as the CLI writes it.
      write(
        file,
        z.zstdCompressSync(Buffer.from(JSON.stringify(program.checkpoint))),
        new Date(Date.now() + 1000),
      );
      expect((await new DiyStackSource(root, PREFIX).read()).declared).toHaveLength(plan.systems.length);
    }
  });

  it('shows an update in progress (lock) and the update history, newest first', async () => {
    const root = backend('history');
    write(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
    write(
      join(root, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json'),
      JSON.stringify(program.checkpoint),
    );
    const hist = join(root, '.pulumi', 'history', 'yunqian-tenants', 'internal');
    const record = (t: number, result: string, message: string) =>
      write(
        join(hist, `internal-${t}000000000.history.json`),
        JSON.stringify({
          kind: 'update',
          startTime: t,
          endTime: t + 30,
          message,
          result,
          resourceChanges: { create: 3 },
        }),
      );
    record(1_790_000_000, 'succeeded', 'first tenants');
    record(1_790_100_000, 'failed', 'quota too small');
    const read = () => new DiyStackSource(root, PREFIX).read();
    let [s] = (await read()).stacks;
    expect(s!.history.map((h) => [h.result, h.message])).toEqual([
      ['failed', 'quota too small'],
      ['succeeded', 'first tenants'],
    ]);
    expect(s!.lastResult).toBe('failed');
    expect(s!.history[0]!.startTime).toBe(new Date(1_790_100_000_000).toISOString());
    write(
      join(root, '.pulumi', 'locks', 'organization', 'yunqian-tenants', 'internal', 'a.json'),
      '{"pid":1}',
    );
    [s] = (await read()).stacks;
    expect(s).toMatchObject({ inProgress: true, lastResult: 'in-progress' });
  });

  // Pulumi's own test checkpoints are not part of the repository: a clone without ../shared says
  // so in the run's output and skips only this test; CI, which has ../shared, runs it.
  const secrets = join(SHARED, 'checkpoint-secrets.json');
  if (!existsSync(secrets))
    console.warn(
      `NOT RUN: "never decrypts secrets in Pulumi's own test checkpoint" needs ${secrets} (../shared, or YUNQIAN_SHARED_DIR), which this checkout does not have`,
    );
  it.runIf(existsSync(secrets))("never decrypts secrets in Pulumi's own test checkpoint", () => {
    const file = secrets;
    const text = readFileSync(file, 'utf8');
    const { deployment } = parseDeployment(JSON.parse(text), 'checkpoint-secrets.json');
    const shown = JSON.stringify(redact(deployment.resources));
    expect(shown).toContain('[secret]');
    expect(shown).not.toContain('ciphertext');
  });
});

describe('Pulumi service API', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    const stacks = [
      {
        orgName: 'gov',
        projectName: 'yunqian-tenants',
        stackName: 'internal',
        lastUpdate: 1_790_200_000,
        resourceCount: 61,
      },
      {
        orgName: 'gov',
        projectName: 'yunqian-tenants',
        stackName: 'empty',
        lastUpdate: 1_790_100_000,
        resourceCount: 1,
      },
      {
        orgName: 'gov',
        projectName: 'yunqian-tenants',
        stackName: 'views',
        lastUpdate: 1_790_150_000,
        resourceCount: 3,
      },
    ];
    server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.accept}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== 'token pul-secret')
        return send(401, { code: 401, message: 'Unauthorized: No credentials provided or are invalid.' });
      const u = new URL(req.url!, 'http://x');
      if (u.pathname === '/api/user/stacks') {
        // One stack per page, to exercise continuation tokens.
        const i = Number(u.searchParams.get('continuationToken') ?? 0);
        return send(200, {
          stacks: [stacks[i]],
          continuationToken: i + 1 < stacks.length ? String(i + 1) : null,
        });
      }
      const m = /^\/api\/stacks\/gov\/yunqian-tenants\/(\w+)\/(export|updates)$/.exec(u.pathname);
      if (m?.[2] === 'export' && m[1] === 'views')
        return send(200, { version: 4, features: ['views'], deployment: { resources: [] } });
      if (m?.[2] === 'export')
        return send(200, {
          version: 3,
          deployment:
            m[1] === 'internal'
              ? program.checkpoint.checkpoint.latest
              : { manifest: { time: '2026-11-01T00:00:00Z' }, resources: [] },
        });
      if (m?.[2] === 'updates')
        return send(200, {
          updates: [
            {
              info: {
                kind: 'update',
                startTime: 1_790_200_000,
                endTime: 1_790_200_050,
                message: 'tenants',
                result: 'succeeded',
                resourceChanges: { same: 60, update: 1 },
              },
            },
          ],
        });
      send(404, { code: 404, message: 'not found' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address() as { port: number };
    url = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('lists every page of stacks, exports each deployment and reads its updates', async () => {
    const source = new PulumiCloudStackSource({
      url,
      token: 'pul-secret',
      organization: 'gov',
      labelPrefix: PREFIX,
    });
    const { declared, stacks } = await source.read();
    expect(stacks.map((s) => s.stack)).toEqual(['internal', 'empty', 'views']);
    // A stack the reader must refuse is listed with its reason; the others still count.
    expect(stacks[2]!.error).toMatch(/features this reader does not support: views/);
    expect(stacks[0]!.error).toBeUndefined();
    expect(stacks[0]).toMatchObject({
      resourceCount: 61,
      lastResult: 'succeeded',
      updatedAt: new Date(1_790_200_000_000).toISOString(),
    });
    expect(stacks[0]!.history[0]!.resourceChanges).toEqual({ same: 60, update: 1 });
    expect(declared.map((d) => d.namespace).sort()).toEqual(systems());
    expect(seen.every((s) => s.endsWith('application/vnd.pulumi+8'))).toBe(true);
  });

  it('says why when the token is refused', async () => {
    const source = new PulumiCloudStackSource({
      url,
      token: 'wrong',
      organization: 'gov',
      labelPrefix: PREFIX,
    });
    await expect(source.read()).rejects.toThrow(/HTTP 401/);
  });
});

/**
 * client-node serialises typed models: an ingress rule's `from` must be given as `_from`, or it is
 * silently dropped and the policy sent allows everyone (found by this very test: drift showed it).
 */
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

describe('on a real API server: operator stacks and drift', () => {
  let cluster: KubeCluster;
  let kc: KubeConfig;
  let live: KubeClusterSource;

  beforeAll(async () => {
    const missing = kubeAvailable();
    if (missing) throw new Error(missing);
    cluster = await startKubeCluster({ name: 'stk' });
    kc = kubeConfigFor({ kubeconfig: cluster.kubeconfig });
  }, 240_000);
  afterAll(async () => {
    await live?.stop();
    await cluster?.stop();
  });

  it("reads the operator's Stack resources: last update, outputs mapped to tenants", async () => {
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    await ext.createCustomResourceDefinition({
      body: {
        metadata: { name: 'stacks.pulumi.com' },
        spec: {
          group: 'pulumi.com',
          scope: 'Namespaced',
          names: { plural: 'stacks', singular: 'stack', kind: 'Stack', listKind: 'StackList' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } },
            },
          ],
        },
      },
    });
    const custom = kc.makeApiClient(CustomObjectsApi);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'pulumi-operator' } } });
    const stack = { group: 'pulumi.com', version: 'v1', namespace: 'pulumi-operator', plural: 'stacks' };
    await waitFor(
      async () =>
        !!(await custom.createNamespacedCustomObject({
          ...stack,
          body: {
            apiVersion: 'pulumi.com/v1',
            kind: 'Stack',
            metadata: { name: 'tenants-internal' },
            spec: {
              stack: 'organization/yunqian-tenants/internal',
              projectRepo: 'https://git.gov.local/cloud/yunqian',
              branch: 'main',
            },
          },
        })),
      30_000,
      'the Stack CRD to be served',
    );
    const current = (await custom.getNamespacedCustomObject({
      ...stack,
      name: 'tenants-internal',
    })) as KubernetesObject;
    await custom.replaceNamespacedCustomObjectStatus({
      ...stack,
      name: 'tenants-internal',
      body: {
        ...current,
        status: {
          outputs: program.outputs,
          lastUpdate: {
            state: 'succeeded',
            lastSuccessfulCommit: 'abc1234',
            lastResyncTime: '2026-11-20T08:05:00Z',
          },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'ProcessingCompleted',
              lastTransitionTime: '2026-11-20T08:05:00Z',
            },
          ],
        },
      },
    });
    const { declared, stacks } = await new OperatorStackSource('stk', kc).read();
    expect(stacks).toEqual([
      expect.objectContaining({
        project: 'yunqian-tenants',
        stack: 'internal',
        lastResult: 'succeeded',
        inProgress: false,
        resourceCount: plan.systems.length,
      }),
    ]);
    expect(declared.map((d) => d.namespace).sort()).toEqual(systems());
    const first = plan.systems[0]!;
    expect(declared.find((d) => d.namespace === first.id)).toMatchObject({
      network: 'internal',
      quota: { cpu: Math.ceil(first.resources.cpu * 1.2) },
      networkPolicies: null,
      roleBindings: null,
    });
  }, 60_000);

  it('follows the operator 2.x ready protocol, stack name forms, preview stacks and scrubbed secret outputs', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const stack = { group: 'pulumi.com', version: 'v1', namespace: 'pulumi-operator', plural: 'stacks' };
    const put = async (name: string, spec: Record<string, unknown>, status: Record<string, unknown>) => {
      await custom.createNamespacedCustomObject({
        ...stack,
        body: { apiVersion: 'pulumi.com/v1', kind: 'Stack', metadata: { name }, spec },
      });
      const current = (await custom.getNamespacedCustomObject({ ...stack, name })) as KubernetesObject;
      await custom.replaceNamespacedCustomObjectStatus({ ...stack, name, body: { ...current, status } });
    };
    const at = '2026-11-21T09:00:00Z';
    const cond = (type: string, status: string, reason: string, message = '') => ({
      type,
      status,
      reason,
      message,
      lastTransitionTime: at,
    });
    // An update failed and is queued to retry: Reconciling=True with RetryingAfterFailure.
    await put(
      'tenants-retry',
      { stack: 'dev', projectRepo: 'https://git.gov.local/cloud/yunqian' },
      {
        projectInfo: { name: 'yunqian-tenants', runtime: 'nodejs' },
        lastUpdate: { state: 'failed', lastAttemptedCommit: 'def5678', lastResyncTime: at },
        conditions: [
          cond('Ready', 'False', 'NotReadyInProgress', 'reconciliation is in progress'),
          cond('Reconciling', 'True', 'RetryingAfterFailure', 'quota exceeded in namespace gat-hukou'),
        ],
      },
    );
    // `org/stack`: the project comes from what the operator recorded.
    await put(
      'tenants-org',
      { stack: 'gov/staging', projectRepo: 'https://git.gov.local/cloud/yunqian' },
      {
        projectInfo: { name: 'yunqian-tenants' },
        lastUpdate: { state: 'succeeded', lastResyncTime: at },
        conditions: [cond('Ready', 'True', 'ProcessingCompleted')],
      },
    );
    // A preview applies nothing: its outputs declare no tenant.
    await put(
      'tenants-preview',
      { stack: 'organization/yunqian-tenants/preview', preview: true },
      {
        outputs: program.outputs,
        lastUpdate: { state: 'succeeded', lastResyncTime: at },
        conditions: [cond('Ready', 'True', 'ProcessingCompleted')],
      },
    );
    // A secret output reaches the status scrubbed.
    await put(
      'tenants-secret',
      { stack: 'organization/yunqian-tenants/secret' },
      {
        outputs: { ...program.outputs, tenants: '[secret]' },
        lastUpdate: { state: 'succeeded', lastResyncTime: at },
        conditions: [cond('Ready', 'True', 'ProcessingCompleted')],
      },
    );
    const { declared, stacks } = await new OperatorStackSource('stk', kc).read();
    const by = Object.fromEntries(stacks.map((x) => [x.stack, x]));
    expect(by.dev).toMatchObject({ project: 'yunqian-tenants', inProgress: false, lastResult: 'failed' });
    expect(by.dev!.history[0]!.message).toBe('quota exceeded in namespace gat-hukou');
    expect(by.staging).toMatchObject({ project: 'yunqian-tenants', lastResult: 'succeeded' });
    expect(by.preview).toMatchObject({ previewOnly: true, lastResult: 'preview', resourceCount: 0 });
    expect(by.secret!.error).toMatch(/tenants output cannot be read/);
    // Tenants come from the applied stack only (the first test's), not the preview or the secret one.
    expect(declared.map((d) => d.stack).filter((x, i, a) => a.indexOf(x) === i)).toEqual([
      'yunqian-tenants/internal',
    ]);
  }, 60_000);

  it('finds each kind of drift between the declaration and the live cluster', async () => {
    // Apply exactly what the program declares.
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const manifests = program.registered
      .filter((r) => r.type.startsWith('kubernetes:'))
      .map((r) => r.inputs as unknown as KubernetesObject);
    for (const m of manifests.filter((x) => x.kind === 'Namespace')) await objects.create(m);
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) await objects.create(forClientNode(m));
    const [a, b, c, d, e, g] = plan.systems.map((s) => s.id);
    const core = kc.makeApiClient(CoreV1Api);
    const net = kc.makeApiClient(NetworkingV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    // a: quota raised by hand; b: egress deny removed; c: ingress policy loosened; d: binding removed;
    // e: namespace deleted (stays Terminating without a controller manager, so it is not live).
    await core.deleteNamespacedResourceQuota({ name: 'tenant-quota', namespace: a! });
    const quota = manifests.find(
      (m) => m.kind === 'ResourceQuota' && m.metadata?.namespace === a,
    ) as KubernetesObject & { spec: { hard: Record<string, string> } };
    await objects.create({
      ...quota,
      spec: { hard: { ...quota.spec.hard, 'requests.cpu': '999' } },
    } as KubernetesObject);
    await net.deleteNamespacedNetworkPolicy({ name: 'default-deny-egress', namespace: b! });
    await net.deleteNamespacedNetworkPolicy({ name: 'default-deny-ingress', namespace: c! });
    await net.createNamespacedNetworkPolicy({
      namespace: c!,
      body: {
        metadata: { name: 'default-deny-ingress' },
        spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] },
      },
    });
    await rbac.deleteNamespacedRoleBinding({ name: 'department-edit', namespace: d! });
    // g: the binding widened to admin by hand.
    await rbac.deleteNamespacedRoleBinding({ name: 'department-edit', namespace: g! });
    const widened = manifests.find((m) => m.kind === 'RoleBinding' && m.metadata?.namespace === g)!;
    await objects.create({
      ...widened,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
    } as KubernetesObject);
    await core.deleteNamespace({ name: e! });
    await core.createNamespace({
      body: {
        metadata: {
          name: 'hand-made',
          labels: {
            [`${PREFIX}/department`]: plan.systems[0]!.department,
            [`${PREFIX}/system`]: 'hand-made',
          },
        },
      },
    });

    live = new KubeClusterSource(
      [
        {
          id: 'stk',
          network: 'internal',
          name: { zh: '内网', en: 'Internal' },
          maxMlps: 4,
          kubeconfig: cluster.kubeconfig,
        },
      ],
      { pageSize: 100, watchTimeoutSeconds: 60, idleMs: 10_000, backoff: { initialMs: 100, maxMs: 1000 } },
    );
    await live.start();
    const root = backend('drift');
    write(join(root, '.pulumi', 'meta.yaml'), 'version: 1\n');
    write(
      join(root, '.pulumi', 'stacks', 'yunqian-tenants', 'internal.json'),
      JSON.stringify(program.checkpoint),
    );
    const declared: DeclaredTenant[] = (await new DiyStackSource(root, PREFIX).read()).declared;
    const drift = () => {
      const tenants = live.caches().flatMap((x) => x.tenants(DEFAULT_TENANCY).tenants);
      return findDrift(declared, tenants)
        .map((x) => `${x.kind} ${x.namespace} ${JSON.stringify(x.params)}`)
        .sort();
    };
    // Compare only once every kind is listed: a half-synced cache shows policies as missing.
    await waitFor(
      async () => live.status().every((x) => x.state === 'synced'),
      30_000,
      'the cluster to sync',
    );
    expect(drift()).toEqual(
      [
        `declared-not-live ${e} ${JSON.stringify({ namespace: e, stack: 'yunqian-tenants/internal' })}`,
        `live-not-declared hand-made ${JSON.stringify({ namespace: 'stk/hand-made' })}`,
        `policy-changed ${c} ${JSON.stringify({ namespace: `stk/${c}`, policy: 'default-deny-ingress' })}`,
        `policy-missing ${b} ${JSON.stringify({ namespace: `stk/${b}`, policy: 'default-deny-egress' })}`,
        `quota-differs ${a} ${JSON.stringify({ namespace: `stk/${a}`, resource: 'cpu', declared: Math.ceil(plan.systems[0]!.resources.cpu * 1.2), live: 999 })}`,
        `rolebinding-missing ${d} ${JSON.stringify({ namespace: `stk/${d}`, binding: 'department-edit', subjects: `Group/yunqian:department:${plan.systems[3]!.department}` })}`,
        `rolebinding-changed ${g} ${JSON.stringify({
          namespace: `stk/${g}`,
          binding: 'department-edit',
          declared: `ClusterRole/edit → Group/yunqian:department:${plan.systems[5]!.department}`,
          live: `ClusterRole/admin → Group/yunqian:department:${plan.systems[5]!.department}`,
        })}`,
      ].sort(),
    );
  }, 120_000);
});
