// Exceptions (不上云例外) on a real PostgreSQL 15: a department applies for one of its systems to stay
// off the cloud; the applicant never decides it (the API, the store and the table's constraints
// each refuse); the province's data bureau approves it, and the system is counted apart from the
// migration rate — the same figures on the overview, the department ranking and the department's
// own home; when its last day has passed (the server's one clock moved, no sleeping) it is a
// blocker and the system is counted again. Of two operators deciding at once exactly one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { sandboxApi } from '../../server/test/fixtures/sandbox-api.ts';
import { listAudit } from '../../server/src/store/audit.ts';
import { rawQuery } from '../../server/src/store/db.ts';
import { decideException } from '../../server/src/store/exceptions.ts';
import { FourEyesError } from '../../server/src/store/errors.ts';
import type { Viewer } from '../../server/src/auth/policy.ts';

const AT = '2026-11-25T08:00:00Z';
/** The server's one clock: the tracker's and the API's; the test moves it. */
let now = new Date(AT);
let pg: RunningPostgres;
let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  pg = await startPostgres();
  api = await sandboxApi(AT, { storeUrl: pg.url, clock: () => now });
}, 180_000);
afterAll(async () => {
  await api?.close();
  await pg?.stop();
});

const gat: Viewer = { id: 'gat-wang', name: '王', role: 'department', department: 'gat' };
const other: Viewer = { id: 'dsj-zhao', name: '赵', role: 'department', department: 'dsj' };
const provinceOp: Viewer = { id: 'province-op', name: '省', role: 'operator' };
const secondOp: Viewer = { id: 'province-op2', name: '省二', role: 'operator' };
const cityOp: Viewer = { id: 'city-op', name: '市', role: 'operator', department: 'city-hb' };
const leader: Viewer = { id: 'leader', name: '领', role: 'leader' };

/** A system of the department that the rate counts and that has not migrated. */
async function countedSystem(skip: string[] = []) {
  const { rows } = await api.caller(leader).systems.list({ department: 'gat', inScope: true, limit: 500 });
  const s = rows.find((r) => r.stage !== 'migrated' && !r.classified && !skip.includes(r.id));
  if (!s)
    throw new Error(
      `no counted system of gat to except: ${JSON.stringify(rows.map((r) => [r.id, r.stage]))}`,
    );
  return s;
}

/** The figures of the system's department on every page that shows them. */
async function figures() {
  const province = await api.caller(leader).overview.get();
  const own = await api.caller(gat).overview.get();
  return {
    total: province.total,
    ranking: province.departments.find((d) => d.id === 'gat')!.rollup,
    home: own.total,
  };
}

const apply = (system: string, expiresOn: string, v: Viewer = gat) =>
  api
    .caller(v)
    .exceptions.submit({ system, reason: '涉及国家秘密的历史档案系统，近期不具备迁移条件', expiresOn });

describe('exceptions (不上云例外)', () => {
  it('a department applies, is refused in words on the field, and never decides its own', async () => {
    const s = await countedSystem();
    // Field-level refusals in the caller's language, before anything is stored.
    const past = await apply(s.id, '2026-11-20').catch((e) => e);
    expect(past).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { expiresOn: [{ key: 'exception.expiryPast', params: { earliest: '2026-11-26' } }] },
    });
    expect(await apply(s.id, '2030-01-01').catch((e) => e)).toMatchObject({
      fields: { expiresOn: [{ key: 'exception.expiryTooFar', params: { latest: '2029-11-25' } }] },
    });
    expect(await apply(s.id, '2027-02-30').catch((e) => e)).toMatchObject({ code: 'BAD_REQUEST' });
    const retained = api.plan
      .current()!
      .systems.find((x) => x.department === 'gat' && x.strategy === 'retain');
    if (retained)
      expect(await apply(retained.id, '2027-06-30').catch((e) => e)).toMatchObject({
        fields: { system: [{ key: 'exception.plan-retain' }] },
      });
    // Another department's system reads as absent.
    expect(await apply(s.id, '2027-06-30', other).catch((e) => e)).toMatchObject({
      code: 'NOT_FOUND',
      fields: { system: [{ key: 'request.unknownSystem' }] },
    });
    // Operators do not apply: the department's act alone.
    await expect(apply(s.id, '2027-06-30', provinceOp)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const e = await apply(s.id, '2027-06-30');
    expect(e).toMatchObject({
      status: 'pending',
      state: 'pending',
      department: s.department,
      network: s.network,
      appliedBy: 'gat-wang',
      mine: true,
      may: { withdraw: true, decide: false, revoke: false },
    });
    // One application awaiting a decision per system.
    expect(await apply(s.id, '2027-03-31').catch((x) => x)).toMatchObject({
      code: 'CONFLICT',
      fields: { system: [{ key: 'exception.pendingAlready' }] },
    });

    // Four eyes: a department user holds no decision at all...
    await expect(
      api.caller(gat).exceptions.decide({ id: e.id, version: 1, decision: 'approve', comment: '同意保留' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // ...the store refuses the applicant whatever their role...
    await expect(
      decideException(
        api.store,
        { id: 'gat-wang', requestId: 't', at: now },
        { id: e.id, version: 1, decision: 'approve', comment: '同意保留' },
      ),
    ).rejects.toBeInstanceOf(FourEyesError);
    // ...and so does the table, to a write that goes around both.
    const around = await rawQuery(
      api.store.db,
      `UPDATE retain_exceptions SET status = 'approved', decided_by = applied_by, decided_at = now() WHERE id = ${e.id}`,
    ).catch((x: { cause?: { code?: string; constraint?: string } }) => x.cause);
    // 23514: a check constraint refused the row.
    expect(around).toMatchObject({
      code: '23514',
      constraint: expect.stringMatching(/^retain_exceptions_check/),
    });
    // The application, as the data bureau sees it: to be decided by them.
    const seen = (await api.caller(provinceOp).exceptions.list({})).find((x) => x.id === e.id)!;
    expect(seen.may).toEqual({ decide: true, revoke: false, withdraw: false });
    // Out of another city's scope, and of another department's.
    expect((await api.caller(cityOp).exceptions.list({})).map((x) => x.id)).not.toContain(e.id);
    expect(await api.caller(other).exceptions.list({})).toEqual([]);
    await expect(
      api
        .caller(cityOp)
        .exceptions.decide({ id: e.id, version: 1, decision: 'approve', comment: '同意保留' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A decision needs a comment, on its field.
    expect(
      await api
        .caller(provinceOp)
        .exceptions.decide({ id: e.id, version: 1, decision: 'approve', comment: '' })
        .catch((x) => x),
    ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('approved: the system is counted apart, the same figures on every page; expired: a blocker, counted again', async () => {
    const [e] = await api.caller(provinceOp).exceptions.list({ status: ['pending'] });
    const before = await figures();
    const decided = await api.caller(provinceOp).exceptions.decide({
      id: e!.id,
      version: e!.version,
      decision: 'approve',
      comment: '同意保留至 2027 年 6 月底',
    });
    expect(decided).toMatchObject({ status: 'approved', state: 'approved', decidedBy: 'province-op' });

    // The answer already counts it: retained by the exception, counted apart as `retain` is.
    const s = await api.caller(gat).systems.get({ id: e!.system });
    expect(s).toMatchObject({
      stage: 'retained',
      inScope: false,
      exception: { id: e!.id, until: '2027-06-30', approvedBy: 'province-op' },
    });
    expect(s.evidence.at(-1)).toMatchObject({ source: 'exception', code: 'retained-by-exception' });
    const after = await figures();
    for (const k of ['total', 'ranking', 'home'] as const) {
      expect(after[k].inScope, k).toBe(before[k].inScope - 1);
      expect(after[k].excepted, k).toBe(before[k].excepted + 1);
      expect(after[k].total, k).toBe(before[k].total);
      expect(after[k].rate, k).toBeCloseTo(after[k].migrated / after[k].inScope, 12);
    }
    // One rule: the ranking's row and the department's own home are the same figures.
    expect(after.home).toEqual(after.ranking);
    const listed = await api.caller(gat).systems.list({ inScope: true, limit: 20_000 });
    expect(listed.total).toBe(after.home.inScope);

    // The day after its last day, on the server's one clock: a blocker, and counted again.
    now = new Date('2027-07-01T00:00:01Z');
    await api.tracker.recompute();
    const expired = await api.caller(gat).systems.get({ id: e!.system });
    expect(expired.stage).not.toBe('retained');
    expect(expired.inScope).toBe(true);
    expect(expired.exception).toBeUndefined();
    expect(expired.blockers).toContainEqual(
      expect.objectContaining({
        kind: 'exception',
        code: 'exception-expired',
        params: { until: '2027-06-30', days: 1 },
      }),
    );
    const later = await figures();
    expect(later.total.excepted).toBe(before.total.excepted);
    expect(later.ranking.inScope).toBe(before.ranking.inScope);
    expect(later.home).toEqual(later.ranking);
    // The list says so in the same words as the tracker's rule.
    const row = (await api.caller(gat).exceptions.list({ system: e!.system }))[0]!;
    expect(row).toMatchObject({ status: 'approved', state: 'expired' });
    // An approval too late is refused: its day has passed while it waited.
    now = new Date(AT);
    await api.tracker.recompute();
    const s2 = await countedSystem([e!.system]);
    const late = await apply(s2.id, '2026-12-31');
    now = new Date('2027-01-02T08:00:00Z');
    expect(
      await api
        .caller(provinceOp)
        .exceptions.decide({ id: late.id, version: 1, decision: 'approve', comment: '同意保留' })
        .catch((x) => x),
    ).toMatchObject({ code: 'BAD_REQUEST', summary: { key: 'exception.expiredBeforeDecision' } });
    await api
      .caller(provinceOp)
      .exceptions.decide({ id: late.id, version: 1, decision: 'reject', comment: '请重新申请' });
    now = new Date(AT);
    await api.tracker.recompute();

    const trail = await listAudit(api.store.db, { objectType: 'exception', objectId: String(e!.id) });
    expect(trail.map((a) => [a.action, a.actor]).sort()).toEqual([
      ['exception.apply', 'gat-wang'],
      ['exception.approve', 'province-op'],
    ]);
    const page = await api.caller(gat).exceptions.get({ id: e!.id });
    expect(page.steps.map((x) => x.action)).toEqual(['exception.apply', 'exception.approve']);
  });

  it('a renewal supersedes the exception in force; revoking one counts the system again', async () => {
    const [current] = await api.caller(gat).exceptions.list({ status: ['approved'] });
    const renewal = await apply(current!.system, '2028-06-30');
    await api
      .caller(provinceOp)
      .exceptions.decide({ id: renewal.id, version: 1, decision: 'approve', comment: '同意延期一年' });
    const rows = await api.caller(gat).exceptions.list({ system: current!.system });
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [renewal.id, 'approved'],
      [current!.id, 'superseded'],
    ]);
    expect((await api.caller(gat).systems.get({ id: current!.system })).exception?.until).toBe('2028-06-30');

    const revoked = await api
      .caller(secondOp)
      .exceptions.revoke({ id: renewal.id, version: 2, comment: '已具备迁移条件，撤销例外' });
    expect(revoked).toMatchObject({ status: 'revoked', closedBy: 'province-op2' });
    const s = await api.caller(gat).systems.get({ id: current!.system });
    expect([s.inScope, s.exception]).toEqual([true, undefined]);
    expect(s.blockers.filter((b) => b.kind === 'exception')).toEqual([]);
  });

  it('the applicant withdraws a pending application; of two operators deciding at once, one wins', async () => {
    const a = await countedSystem();
    const w = await apply(a.id, '2027-03-31');
    await expect(api.caller(provinceOp).exceptions.withdraw({ id: w.id, version: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await api.caller(gat).exceptions.withdraw({ id: w.id, version: 1 })).toMatchObject({
      status: 'withdrawn',
      closedBy: 'gat-wang',
    });

    const race = await apply(a.id, '2027-03-31');
    const outcomes = await Promise.allSettled(
      [provinceOp, secondOp].map((v, i) =>
        api.caller(v).exceptions.decide({
          id: race.id,
          version: 1,
          decision: i ? 'reject' : 'approve',
          comment: i ? '不予同意' : '同意保留',
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
      reason: { code: 'CONFLICT', summary: { key: 'store.conflict' } },
    });
  });
});
