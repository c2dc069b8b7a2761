// Resource requests through the API: departments ask only for their own systems and see only
// their own requests; operators decide; a stale decision is a conflict; auditors read the trail.
import { setAllotment } from '../src/store/pools.ts';
import { REVIEW_FIRST } from './fixtures/request-rules.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/policy.ts';
import { verifyAudit } from '../src/store/audit.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';
import { reconcileRequests } from '../src/service/request-reconciler.ts';
import { createRequest, decideRequest, listRequests } from '../src/store/requests.ts';
import { rawQuery } from '../src/store/db.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

const gat: Viewer = { id: 'wang', name: '王', role: 'department', department: 'gat' };
const other: Viewer = { id: 'zhao', name: '赵', role: 'department', department: 'czt' };
const operator: Viewer = { id: 'li', name: '李', role: 'operator' };
const auditor: Viewer = { id: 'sun', name: '孙', role: 'auditor' };

describe('resource requests API', () => {
  it('closes an approved request once the live quota carries it, and not before', async () => {
    const plan = api.plan.current()!;
    const state = api.tracker.state()!;
    const s = state.systems.find((x) => x.tenants.length && x.department.startsWith('czt'))!;
    // The tenant program has applied the disk request (1 GiB more storage on the system's tenant).
    const live = api.clusters
      .caches()
      .flatMap((c) => c.tenants(api.tenancy).tenants)
      .map((t) =>
        t.system === s.id && t.quota
          ? {
              ...t,
              quota: {
                ...t.quota,
                hard: { ...t.quota.hard, storage: (t.quota.hard.storage ?? 0) + 2 ** 30 },
              },
            }
          : t,
      );
    // A department asks; an operator decides (never the same person).
    const by = { id: 'zhao', requestId: 'r' };
    const decider = { id: 'li', requestId: 'r' };
    const small = await createRequest(
      api.ctx.store,
      by,
      {
        system: s.id,
        department: s.department,
        network: s.network,
        cpu: 0,
        memoryGiB: 0,
        storageGiB: 1,
        reason: 'disk',
      },
      REVIEW_FIRST,
    );
    const big = await createRequest(
      api.ctx.store,
      by,
      {
        system: s.id,
        department: s.department,
        network: s.network,
        cpu: 100,
        memoryGiB: 0,
        storageGiB: 0,
        reason: 'cpu',
      },
      REVIEW_FIRST,
    );
    await decideRequest(
      api.ctx.store,
      decider,
      { id: small.id, version: 1, decision: 'approve', comment: '' },
      REVIEW_FIRST,
    );
    expect(
      await reconcileRequests(api.ctx.store, plan, state, live, [], 1.2, REVIEW_FIRST, new Date()),
    ).toHaveLength(1);
    await decideRequest(
      api.ctx.store,
      decider,
      { id: big.id, version: 1, decision: 'approve', comment: '' },
      REVIEW_FIRST,
    );
    // 100 more cores are not live yet: the request stays approved.
    expect(
      await reconcileRequests(api.ctx.store, plan, state, live, [], 1.2, REVIEW_FIRST, new Date()),
    ).toHaveLength(0);
    const rows = await listRequests(api.ctx.store.db, { departments: new Set([s.department]) });
    expect(Object.fromEntries(rows.map((r) => [r.reason, r.status]))).toEqual({
      disk: 'live',
      cpu: 'approved',
    });
    await rawQuery(api.ctx.store.db, 'DELETE FROM resource_requests');
    await rawQuery(api.ctx.store.db, 'DELETE FROM audit_log');
  });

  it('lets a department ask for its own systems only, with field-level errors', async () => {
    const plan = api.plan.current()!;
    const mine = plan.systems.find((s) => s.department === 'gat')!;
    const theirs = plan.systems.find((s) => s.department === 'czt')!;
    const ask = (v: Viewer, system: string, network = mine.network) =>
      api.caller(v).requests.create({
        system,
        network,
        cpu: 4,
        memoryGiB: 8,
        storageGiB: 0,
        reason: '业务高峰扩容',
        filing: plan.systems.find((s) => s.id === system)?.mlps.filing,
      });
    const r = await ask(gat, mine.id);
    expect(r).toMatchObject({ status: 'pending', department: 'gat', requestedBy: 'wang', version: 1 });
    await expect(ask(gat, theirs.id, theirs.network)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const wrongNet = mine.network === 'internal' ? 'external' : 'internal';
    await expect(ask(gat, mine.id, wrongNet)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const bad = await api
      .caller(gat)
      .requests.create({
        system: mine.id,
        network: mine.network,
        cpu: -1,
        memoryGiB: 0,
        storageGiB: 0,
        reason: 'x',
      })
      .catch((e) => e);
    expect(bad.code).toBe('BAD_REQUEST');
    await expect(api.caller(operator).requests.list({})).resolves.toHaveLength(1);
    await expect(api.caller(other).requests.list({})).resolves.toEqual([]);
    await expect(
      api.caller(gat).requests.decide({ id: r.id, version: 1, decision: 'approve', comment: '' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets an operator decide once; a decision on a stale version is a conflict', async () => {
    const [asked] = await api.caller(gat).requests.list({ status: ['pending'] });
    expect(asked!.workingDaysLeft).toBeGreaterThan(0);
    const r = await api
      .caller(operator)
      .requests.accept({ id: asked!.id, version: asked!.version, decision: 'accept', comment: '' });
    const decided = await api
      .caller(operator)
      .requests.decide({ id: r.id, version: r.version, decision: 'approve', comment: '同意' });
    expect(decided.status).toBe('approved');
    await expect(
      api
        .caller(operator)
        .requests.decide({ id: r!.id, version: r!.version, decision: 'reject', comment: '重复审批' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      api
        .caller(operator)
        .requests.decide({ id: r!.id, version: decided.version, decision: 'reject', comment: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("counts overdue requests on the overview, within each viewer's scope", async () => {
    const plan = api.plan.current()!;
    const mine = plan.systems.find((s) => s.department === 'gat')!;
    const longAgo = new Date(Date.now() - 30 * 86_400_000);
    await createRequest(
      api.ctx.store,
      { id: 'wang', requestId: 'r' },
      {
        system: mine.id,
        department: 'gat',
        network: mine.network,
        cpu: 1,
        memoryGiB: 1,
        storageGiB: 0,
        reason: 'old',
      },
      REVIEW_FIRST,
      longAgo,
    );
    expect((await api.caller(operator).overview.get()).requests).toMatchObject({ overdue: 1 });
    expect((await api.caller(gat).overview.get()).requests).toMatchObject({ overdue: 1 });
    expect((await api.caller(other).overview.get()).requests).toEqual({ pending: 0, overdue: 0 });
  });

  it('shows the trail to auditors only, with an intact chain', async () => {
    const rows = await api.caller(auditor).audit.list({ objectType: 'resource-request' });
    expect(rows.map((r) => r.action)).toEqual([
      'request.create',
      'request.approve',
      'request.accept',
      'request.create',
    ]);
    expect(rows[3]!.actor).toBe('wang');
    await expect(api.caller(operator).audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.caller(auditor).audit.verify()).firstBroken).toBeNull();
    // The three requests' rows, and the auditor's reading of them (a sensitive read, audited).
    expect((await verifyAudit(api.ctx.store.db)).rows).toBe(5);
  });

  it('four eyes: whoever asked never decides, administrators included', async () => {
    const admin: Viewer = { id: 'root-admin', name: '管理员', role: 'admin' };
    const s = api.tracker.state()!.systems.find((x) => x.department === 'gat')!;
    const own = await api.caller(admin).requests.create({
      system: s.id,
      network: s.network,
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 0,
      reason: '业务扩容需要',
      filing: api.plan.current()!.systems.find((x) => x.id === s.id)!.mlps.filing,
    });
    await expect(
      api
        .caller(admin)
        .requests.accept({ id: own.id, version: own.version, decision: 'accept', comment: '' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const accepted = await api
      .caller(operator)
      .requests.accept({ id: own.id, version: own.version, decision: 'accept', comment: '' });
    await expect(
      api
        .caller(admin)
        .requests.decide({ id: own.id, version: accepted.version, decision: 'approve', comment: '' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Another operator may.
    const decided = await api
      .caller(operator)
      .requests.decide({ id: own.id, version: accepted.version, decision: 'approve', comment: '' });
    expect(decided.status).toBe('approved');
  });

  it('puts what the live quotas under a unit use beside its pool', async () => {
    const s = api.plan.current()!.systems.find((x) => x.department === 'gat')!;
    await setAllotment(
      api.ctx.store,
      { id: 'li', requestId: 'r' },
      { department: 'gat', network: s.network, cpu: 100, memoryGiB: 400, storageGiB: 1000 },
    );
    const [pool] = (await api.caller(operator).requests.pools()).filter(
      (p) => p.department === 'gat' && p.network === s.network,
    );
    // The oracle: every tenant of the department on that network, as the clusters report them.
    const tenants = api.clusters
      .caches()
      .flatMap((c) => c.tenants(api.tenancy).tenants)
      .filter((t) => t.department === 'gat' && t.network === s.network);
    expect(tenants.length).toBeGreaterThan(0);
    const cpu = tenants.reduce((a, t) => a + (t.quota?.used.cpu ?? 0), 0);
    expect(cpu).toBeGreaterThan(0);
    expect(pool!.used.cpu).toBeCloseTo(cpu, 6);
    expect(pool!.used.memoryGiB).toBeCloseTo(
      tenants.reduce((a, t) => a + (t.quota?.used.memory ?? 0), 0) / 2 ** 30,
      6,
    );
    expect(pool!.stale).toBeNull();
  });

  it('makes one request of one submission sent twice (a double click), audited once (last: it adds requests)', async () => {
    const mine = api.plan.current()!.systems.find((s) => s.department === 'gat')!;
    const submissionId = '0b7f6c1e-3d2a-4f5b-9c8d-7e6f5a4b3c2d';
    const input = {
      system: mine.id,
      network: mine.network,
      cpu: 2,
      memoryGiB: 4,
      storageGiB: 0,
      reason: '双击只算一次',
      filing: mine.mlps.filing,
      submissionId,
    };
    const [first, second] = await Promise.all([
      api.caller(gat).requests.create(input),
      api.caller(gat).requests.create(input),
    ]);
    expect(second.id).toBe(first.id);
    expect((await api.caller(gat).requests.create(input)).id).toBe(first.id);
    const third = await api.caller(gat).requests.create({ ...input, submissionId: undefined });
    expect(third.id).not.toBe(first.id);
    const audited = await rawQuery<{ n: number }>(
      api.ctx.store.db,
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'request.create' AND object_id = '${first.id}'`,
    );
    expect(audited[0]!.n).toBe(1);
  });
});
