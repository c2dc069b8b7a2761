// The resource request's lifecycle on a real PostgreSQL 15, through the API as each party calls it,
// on the server's one clock (moved by the test, never slept on): apply with the MLPS filing →
// accept → review → provision (the live quota carries it) → test → trial run confirmed by the
// department, the data bureau and the cloud provider → online. Test resources that lapse are
// dropped from the tenant program's file and from the quota the program declares (under Pulumi's
// mocks); an exit gives back the system's grants and removes its tenant.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedSystem } from '@yunqian/plan';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { sandboxApi } from '../../server/test/fixtures/sandbox-api.ts';
import { RULES } from '../../server/test/fixtures/request-rules.ts';
import { reconcileSteps, tenantProgramInput } from '../../server/src/store/requests.ts';
import { poolLedger, setAllotment } from '../../server/src/store/pools.ts';
import { listAudit } from '../../server/src/store/audit.ts';
import { tenantProgramFile } from '../../server/src/service/tenant-program-file.ts';
import type { Viewer } from '../../server/src/auth/policy.ts';
import { mockPulumi, settled } from '../../infra/test/mocks.ts';
import { provisionTenants } from '../../infra/tenants/tenants.ts';
import { readSettings } from '../../infra/tenants/settings.ts';

const DAY = 86_400_000;
let pg: RunningPostgres;
let api: Awaited<ReturnType<typeof sandboxApi>>;
/** The server's one clock: Monday 2 November 2026, 10:00 in Beijing, moved on by the tests. */
let now = new Date('2026-11-02T02:00:00Z');
const later = (days: number) => (now = new Date(now.getTime() + days * DAY));
const dir = mkdtempSync(join(tmpdir(), 'yq-lifecycle-'));
beforeAll(async () => {
  pg = await startPostgres();
  api = await sandboxApi(undefined, { storeUrl: pg.url, clock: () => now });
}, 180_000);
afterAll(async () => {
  await api?.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const dept: Viewer = { id: 'gat-wang', name: '王', role: 'department', department: 'gat' };
const colleague: Viewer = { id: 'gat-liu', name: '刘', role: 'department', department: 'gat' };
const bureau: Viewer = { id: 'bureau-li', name: '李', role: 'operator' };
const bureau2: Viewer = { id: 'bureau-zhao', name: '赵', role: 'operator' };
const provider = (s: PlannedSystem): Viewer => ({
  id: 'cloud-chen',
  name: '陈',
  role: 'operator',
  network: s.network,
});
const engine = { id: 'yunqian', requestId: 'test' };
/** A live quota that carries everything, or none at all (the tenant is gone). */
const carried = () => ({ cpu: 1e6, memory: 1e15 });
const nothingExpected = () => ({ cpu: 0, memoryGiB: 0 });

const gatSystems = () => api.plan.current()!.systems.filter((s) => s.department === 'gat');
const ask = (
  s: PlannedSystem,
  o: { cpu?: number; kind?: 'new' | 'exit'; filing?: string | undefined } = {},
) =>
  api.caller(dept).requests.create({
    system: s.id,
    network: s.network,
    cpu: o.cpu ?? (o.kind === 'exit' ? 0 : 4),
    memoryGiB: o.kind === 'exit' ? 0 : 8,
    storageGiB: 0,
    reason: '业务上云资源申请',
    kind: o.kind ?? 'new',
    filing: 'filing' in o ? o.filing : s.mlps.filing,
  });

/** Accepted by the bureau, approved by another of its reviewers, provisioned by the live quota. */
async function granted(s: PlannedSystem, o: Parameters<typeof ask>[1] = {}) {
  const r = await ask(s, o);
  const a = await api
    .caller(bureau)
    .requests.accept({ id: r.id, version: r.version, decision: 'accept', comment: '' });
  const d = await api
    .caller(bureau2)
    .requests.decide({ id: r.id, version: a.version, decision: 'approve', comment: '同意' });
  await reconcileSteps(api.store, carried, nothingExpected, { ...engine, at: now }, RULES, now);
  return d;
}

/** What the tenant program declares for `system` with the file written at one moment, run at another. */
async function quotaDeclared(file: string, network: string, system: string, runAt: Date) {
  const registered = await mockPulumi('yunqian-tenants', network, {
    'yunqian-tenants:network': network,
    'yunqian-tenants:approvedRequestsFile': file,
    'yunqian-tenants:quotaHeadroom': '1',
  });
  provisionTenants(api.plan.current()!, readSettings(undefined, runAt));
  await settled(registered);
  const q = registered.find(
    (x) => x.type === 'kubernetes:core/v1:ResourceQuota' && x.inputs.metadata?.namespace === system,
  );
  const ns = registered.find(
    (x) => x.type === 'kubernetes:core/v1:Namespace' && x.inputs.metadata?.name === system,
  );
  return {
    cpu: q ? Number((q.inputs.spec as { hard: Record<string, string> }).hard['requests.cpu']) : null,
    ns: !!ns,
  };
}

describe('the request lifecycle, step by step', () => {
  it('refuses a level-3 system’s request without its filing number, or with another', async () => {
    const s = gatSystems().find((x) => x.mlps.level >= 3 && x.mlps.filing)!;
    await expect(ask(s, { filing: undefined })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { filing: [expect.objectContaining({ key: 'request.filingMissing' })] },
    });
    await expect(ask(s, { filing: '330000-99999' })).rejects.toMatchObject({
      fields: { filing: [expect.objectContaining({ key: 'request.filingMismatch' })] },
    });
  });

  it('walks a new system’s request through every step, each by the right people, on its clock', async () => {
    const s = gatSystems().find((x) => x.mlps.level >= 3 && x.mlps.filing)!;
    const r = await ask(s);
    expect(r).toMatchObject({ step: 'accept', status: 'pending', filing: s.mlps.filing, kind: 'new' });
    // Amended by the one who asked while undecided; nobody else may.
    await expect(
      api
        .caller(colleague)
        .requests.amend({ id: r.id, version: 1, cpu: 6, memoryGiB: 8, storageGiB: 0, reason: '扩大申请' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const amended = await api.caller(dept).requests.amend({
      id: r.id,
      version: 1,
      cpu: 6,
      memoryGiB: 8,
      storageGiB: 0,
      reason: '按测算调整为 6 核',
    });
    expect(amended).toMatchObject({ cpu: 6, step: 'accept', version: 2 });
    // 受理 on its 3-working-day clock.
    let page = await api.caller(dept).requests.get({ id: r.id });
    expect(page.clock).toMatchObject({ unit: 'workingDays', left: 3, lapsed: false });
    later(1);
    const accepted = await api
      .caller(bureau)
      .requests.accept({ id: r.id, version: 2, decision: 'accept', comment: '' });
    expect(accepted.step).toBe('review');
    later(1);
    const approved = await api
      .caller(bureau2)
      .requests.decide({ id: r.id, version: accepted.version, decision: 'approve', comment: '同意' });
    expect(approved).toMatchObject({ status: 'approved', step: 'provision', approvedCpu: 6 });
    // 开通 ends when the live quota carries the grant: the test period starts, 15 calendar days.
    later(1);
    const [provisioned] = await reconcileSteps(
      api.store,
      carried,
      nothingExpected,
      { ...engine, at: now },
      RULES,
      now,
    );
    expect(provisioned).toMatchObject({ id: r.id, status: 'live', step: 'test' });
    page = await api.caller(dept).requests.get({ id: r.id });
    expect(page.clock).toMatchObject({ unit: 'days', left: 15 });
    // The test is the department's to pass, not the provider's.
    await expect(
      api.caller(provider(s)).requests.passTest({ id: r.id, version: page.version, comment: '测试通过' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', summary: { key: 'request.departmentOnly' } });
    later(10);
    const trial = await api
      .caller(colleague)
      .requests.passTest({ id: r.id, version: page.version, comment: '功能与性能测试通过' });
    expect(trial).toMatchObject({ step: 'trial', dueAt: null });
    // 试运行: no confirmation before 30 days.
    await expect(
      api.caller(dept).requests.confirmTrial({ id: r.id, version: trial.version, comment: '' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', summary: { key: 'request.trialTooEarly' } });
    later(30);
    let v = (
      await api.caller(dept).requests.confirmTrial({ id: r.id, version: trial.version, comment: '运行平稳' })
    ).version;
    // One person stands for one party only.
    await expect(
      api.caller(dept).requests.confirmTrial({ id: r.id, version: v, comment: '' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    v = (await api.caller(bureau).requests.confirmTrial({ id: r.id, version: v, comment: '' })).version;
    page = await api.caller(bureau).requests.get({ id: r.id });
    expect(page.step).toBe('trial');
    expect(
      page.steps
        .find((x) => x.step === 'trial')!
        .trial!.parties.map((p) => [p.party, p.confirmed?.by ?? null]),
    ).toEqual([
      ['department', 'gat-wang'],
      ['bureau', 'bureau-li'],
      ['provider', null],
    ]);
    const online = await api
      .caller(provider(s))
      .requests.confirmTrial({ id: r.id, version: v, comment: '资源运行正常' });
    expect(online).toMatchObject({ step: 'online', status: 'live' });
    page = await api.caller(dept).requests.get({ id: r.id });
    expect(page.steps.map((x) => x.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    const actions = (
      await listAudit(api.store.db, { objectType: 'resource-request', objectId: String(r.id) })
    )
      .map((a) => [a.action, a.actor])
      .reverse();
    expect(actions).toEqual([
      ['request.create', 'gat-wang'],
      ['request.amend', 'gat-wang'],
      ['request.accept', 'bureau-li'],
      ['request.approve', 'bureau-zhao'],
      ['request.live', 'yunqian'],
      ['request.pass-test', 'gat-liu'],
      ['request.confirm-trial', 'gat-wang'],
      ['request.confirm-trial', 'bureau-li'],
      ['request.confirm-trial', 'cloud-chen'],
    ]);
  });

  it('lets test resources lapse: the file and the tenant program drop them, the pool has room again', async () => {
    const s = gatSystems().find((x) => x.mlps.level < 3 || x.mlps.filing)!;
    await setAllotment(
      api.store,
      { ...engine, at: now },
      { department: 'gat', network: s.network, cpu: 100, memoryGiB: 1000, storageGiB: 1000 },
    );
    const before = (await poolLedger(api.store.db, new Set(['gat']), s.network)).find(
      (p) => p.department === 'gat',
    )!;
    const g = await granted(s, { cpu: 8 });
    const inTest = (await api.caller(dept).requests.get({ id: g.id })).step;
    expect(inTest).toBe('test');
    const start = now;
    // Written during the test: the increase is there, with its end.
    const during = join(dir, 'during.yaml');
    writeFileSync(during, await tenantProgramFile(api.store.db, now, s.network));
    const listed = (await tenantProgramInput(api.store.db, now, s.network)).approvedRequests;
    expect(listed.find((a) => a.request === g.id)?.expiresAt).toBe(
      new Date(start.getTime() + 15 * DAY).toISOString(),
    );
    const withTest = await quotaDeclared(during, s.network, s.id, now);
    // The same file applied after the end (a late `pulumi up`): the program drops the test resources.
    const lateRun = await quotaDeclared(during, s.network, s.id, new Date(start.getTime() + 16 * DAY));
    expect(withTest.cpu! - lateRun.cpu!).toBe(8);
    later(16);
    const after = join(dir, 'after.yaml');
    writeFileSync(after, await tenantProgramFile(api.store.db, now, s.network));
    expect(await quotaDeclared(after, s.network, s.id, now)).toEqual(lateRun);
    const [expired] = await reconcileSteps(
      api.store,
      carried,
      nothingExpected,
      { ...engine, at: now },
      RULES,
      now,
    );
    expect(expired).toMatchObject({ id: g.id, status: 'expired' });
    const ledger = (await poolLedger(api.store.db, new Set(['gat']), s.network)).find(
      (p) => p.department === 'gat',
    )!;
    expect(ledger.granted.cpu).toBe(before.granted.cpu);
  });

  it('gives back everything on an exit, and removes the tenant through the tenant program', async () => {
    const s = gatSystems()
      .filter((x) => x.mlps.level < 3 || x.mlps.filing)
      .at(-1)!;
    const g = await granted(s, { cpu: 2 });
    await expect(
      api.caller(dept).requests.create({
        system: s.id,
        network: s.network,
        cpu: 1,
        memoryGiB: 0,
        storageGiB: 0,
        reason: '系统下线退出',
        kind: 'exit',
        filing: s.mlps.filing,
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('request.exitAsksNothing'),
    });
    const exit = await granted(s, { kind: 'exit' });
    expect(exit).toMatchObject({ kind: 'exit', status: 'approved', step: 'provision' });
    expect((await api.caller(dept).requests.get({ id: g.id })).status).toBe('released');
    const file = join(dir, 'exit.yaml');
    writeFileSync(file, await tenantProgramFile(api.store.db, now, s.network));
    expect(await quotaDeclared(file, s.network, s.id, now)).toEqual({ cpu: null, ns: false });
    // Provisioned once the tenant is gone from the cluster (not before).
    expect(
      await reconcileSteps(api.store, carried, nothingExpected, { ...engine, at: now }, RULES, now),
    ).toEqual([]);
    const [done] = await reconcileSteps(
      api.store,
      () => null,
      nothingExpected,
      { ...engine, at: now },
      RULES,
      now,
    );
    expect(done).toMatchObject({ id: exit.id, status: 'live', step: 'online' });
  });
});
