// The store on both databases: embedded PGlite and a real PostgreSQL 15. Migrations, the audit
// chain and its tamper check, accounts with lock-out, the resource-request workflow with its SLA
// clock, and concurrent decisions that must not both win.
import { REVIEW_FIRST } from '../../server/test/fixtures/request-rules.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { openStore, rawQuery, type Store } from '../../server/src/store/db.ts';
import { migrate, migrationFiles } from '../../server/src/store/migrate.ts';
import { audit, auditCsv, listAudit, verifyAudit } from '../../server/src/store/audit.ts';
import { createUser, login, logout, sessionUser, MAX_FAILED } from '../../server/src/store/accounts.ts';
import {
  acceptRequest,
  createRequest,
  decideRequest,
  listRequests,
  reconcileSteps,
} from '../../server/src/store/requests.ts';
import { DEFAULT_LIFECYCLE } from '../../server/src/requests/lifecycle.ts';
import { workingDaysBetween, type WorkCalendar } from '../../server/src/store/calendar.ts';
import { ConflictError } from '../../server/src/store/errors.ts';
import { DbHistory } from '../../server/src/store/history.ts';
import { confirm, sign } from '../../server/src/store/signoffs.ts';

let pg: RunningPostgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.stop();
});

// A week with a holiday on Thursday and a worked Sunday (调休).
const CAL: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  holidays: ['2026-10-01'],
  workingWeekends: ['2026-10-04'],
};
const op = { id: 'op-li', requestId: 'req-1' };
const dept = { id: 'dept-wang', requestId: 'req-2' };

describe.each(['pglite', 'postgres'] as const)('store on %s', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(kind === 'postgres' ? { url: pg.url } : {});
  });
  afterAll(async () => {
    if (kind === 'postgres') {
      await rawQuery(store.db, 'DROP SCHEMA public CASCADE');
      await rawQuery(store.db, 'CREATE SCHEMA public');
    }
    await store?.close();
  });

  it('applies each migration once', async () => {
    expect(await migrate(store.db)).toEqual([]);
    const rows = await rawQuery<{ version: number }>(store.db, 'SELECT version FROM schema_migrations');
    expect(rows.map((r) => r.version)).toEqual(migrationFiles().map((m) => m.version));
  });

  it('chains the audit log and names the first tampered row', async () => {
    for (let i = 0; i < 5; i++)
      await store.db.transaction((tx) =>
        audit(tx, {
          actor: 'op-li',
          action: 'test.change',
          objectType: 'thing',
          objectId: String(i),
          before: { n: i },
          after: { n: i + 1, 名称: '测试' },
          requestId: `r${i}`,
        }),
      );
    expect((await verifyAudit(store.db)).firstBroken).toBeNull();
    const rows = await listAudit(store.db, { objectType: 'thing' });
    const third = rows.find((r) => r.objectId === '2')!;
    await rawQuery(store.db, `UPDATE audit_log SET after = '{"n": 99}'::jsonb WHERE id = ${third.id}`);
    expect((await verifyAudit(store.db)).firstBroken).toEqual({ id: third.id, reason: 'hash' });
    await rawQuery(
      store.db,
      `UPDATE audit_log SET after = '${JSON.stringify(third.after)}'::jsonb WHERE id = ${third.id}`,
    );
    expect((await verifyAudit(store.db)).firstBroken).toBeNull();
    await rawQuery(store.db, `DELETE FROM audit_log WHERE id = ${third.id}`);
    expect((await verifyAudit(store.db)).firstBroken).toEqual({ id: third.id + 1, reason: 'link' });
    const csv = auditCsv(rows);
    expect(csv.split('\r\n')[0]).toBe(
      'id,at,actor,action,object_type,object_id,before,after,request_id,hash',
    );
    expect(csv).toContain('"{""n"":3,""名称"":""测试""}"');
    // Leave an intact chain for the rest of the file.
    await rawQuery(store.db, 'DELETE FROM audit_log');
  });

  it('logs in with a password, locks out after repeated failures, and logs out everywhere', async () => {
    await createUser(
      store,
      {
        username: 'wang',
        displayName: '王工',
        role: 'department',
        department: 'gat',
        password: 'Correct horse battery 9',
      },
      op,
    );
    const ok = await login(store, 'wang', 'Correct horse battery 9', 'r');
    if (!ok.ok) throw new Error('login failed');
    expect((await sessionUser(store.db, ok.token))!.user.department).toBe('gat');
    const second = await login(store, 'wang', 'Correct horse battery 9', 'r');
    expect(await login(store, 'nobody', 'x', 'r')).toEqual({ ok: false, reason: 'invalid' });
    for (let i = 0; i < MAX_FAILED - 1; i++)
      expect((await login(store, 'wang', 'wrong', 'r')).ok).toBe(false);
    const locked = await login(store, 'wang', 'wrong', 'r');
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect(await login(store, 'wang', 'Correct horse battery 9', 'r')).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    expect(
      await login(store, 'wang', 'Correct horse battery 9', 'r', new Date(Date.now() + 16 * 60_000)),
    ).toMatchObject({ ok: true });
    await logout(store, ok.token, true, 'r');
    expect(await sessionUser(store.db, ok.token)).toBeNull();
    expect(second.ok && (await sessionUser(store.db, second.token))).toBeNull();
    await expect(
      createUser(store, { username: 'weak', displayName: 'w', role: 'operator', password: 'short' }, op),
    ).rejects.toThrow(/at least 12 characters/);
    const actions = (await listAudit(store.db, { objectId: 'wang' })).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'session.login', 'user.locked', 'session.logout-all']),
    );
  });

  it('counts wrong passwords sent at once: the account locks, and every attempt is audited', async () => {
    await createUser(
      store,
      { username: 'zhou', displayName: '周工', role: 'operator', password: 'Correct horse battery 9' },
      op,
    );
    // Ten wrong passwords at once (before this, all ten got "invalid" and none locked the account).
    const results = await Promise.all(Array.from({ length: 10 }, () => login(store, 'zhou', 'wrong', 'r')));
    expect(results.some((r) => !r.ok && r.reason === 'locked')).toBe(true);
    expect(await login(store, 'zhou', 'Correct horse battery 9', 'r')).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    const rows = await listAudit(store.db, { objectId: 'zhou' });
    const count = (action: string) => rows.filter((r) => r.action === action).length;
    expect(count('session.login-failed')).toBe(11); // ten wrong, one while locked
    expect(count('user.locked')).toBe(1);
    // An unknown name is audited too, and answered like a wrong password.
    expect(await login(store, 'no-such-user', 'x', 'r')).toEqual({ ok: false, reason: 'invalid' });
    expect((await listAudit(store.db, { objectId: 'no-such-user' })).map((r) => r.action)).toEqual([
      'session.login-failed',
    ]);
  });

  it('runs a resource request through its steps, each on its clock, and provisions it once live', async () => {
    // Applied Tuesday 2026-09-29 10:00 (Beijing). On CAL, 1 October is a holiday and Sunday
    // 4 October a working day in exchange (调休).
    const rules = { lifecycle: DEFAULT_LIFECYCLE, calendar: CAL };
    const at = new Date('2026-09-29T02:00:00Z');
    const r = await createRequest(
      store,
      dept,
      {
        system: 'gat-stats',
        department: 'gat',
        network: 'internal',
        cpu: 8,
        memoryGiB: 32,
        storageGiB: 100,
        reason: '年底统计高峰',
      },
      rules,
      at,
    );
    // 受理 within 3 working days: Wed 30, (Thu 1 off), Fri 2, (Sat 3), Sun 4 worked.
    expect(r).toMatchObject({ step: 'accept', status: 'pending' });
    expect(r.dueAt?.toISOString()).toBe('2026-10-04T02:00:00.000Z');
    expect(workingDaysBetween(at, r.dueAt!, CAL)).toBe(3);
    // A review before acceptance is refused: the request is not at that step.
    await expect(
      decideRequest(store, op, { id: r.id, version: r.version, decision: 'approve', comment: '' }, rules),
    ).rejects.toMatchObject({ code: 'CONFLICT', step: 'accept' });
    const accepted = await acceptRequest(
      store,
      op,
      { id: r.id, version: r.version, decision: 'accept', comment: '材料齐全' },
      rules,
      new Date('2026-10-02T02:00:00Z'),
    );
    // 审核 within 2 working days from Friday: Sun 4 (worked), Mon 5.
    expect(accepted).toMatchObject({ step: 'review', status: 'pending' });
    expect(accepted.dueAt?.toISOString()).toBe('2026-10-05T02:00:00.000Z');
    const approved = await decideRequest(
      store,
      { id: 'op-zhang', requestId: 'r' },
      {
        id: r.id,
        version: accepted.version,
        decision: 'approve',
        comment: '同意，先给 6 核',
        adjusted: { cpu: 6, memoryGiB: 32, storageGiB: 100 },
      },
      rules,
      new Date('2026-10-05T01:00:00Z'),
    );
    // 开通 within 2 working days from Monday: Tue 6, Wed 7.
    expect(approved).toMatchObject({
      status: 'approved',
      step: 'provision',
      approvedCpu: 6,
      decidedBy: 'op-zhang',
    });
    expect(approved.dueAt?.toISOString()).toBe('2026-10-07T01:00:00.000Z');
    // Not provisioned while the live quota lacks the approval; provisioned once it carries it.
    const expected = () => ({ cpu: 26, memoryGiB: 80, storageGiB: 600 });
    const provisioned = new Date('2026-10-06T01:00:00Z');
    const short = () => ({ cpu: 20, memory: 80 * 2 ** 30, storage: 600 * 2 ** 30 });
    expect(await reconcileSteps(store, short, expected, op, rules, provisioned)).toHaveLength(0);
    // The storage granted is part of what the quota must carry, too.
    const noDisk = () => ({ cpu: 26, memory: 80 * 2 ** 30, storage: 500 * 2 ** 30 });
    expect(await reconcileSteps(store, noDisk, expected, op, rules, provisioned)).toHaveLength(0);
    const carried = () => ({ cpu: 26, memory: 80 * 2 ** 30, storage: 600 * 2 ** 30 });
    const [live] = await reconcileSteps(store, carried, expected, op, rules, provisioned);
    // 测试: 15 calendar days, holidays or not.
    expect(live).toMatchObject({ status: 'live', step: 'test' });
    expect(live!.dueAt?.toISOString()).toBe('2026-10-21T01:00:00.000Z');
    expect(await listRequests(store.db, { departments: new Set(['other']) })).toEqual([]);
    const trail = (await listAudit(store.db, { objectType: 'resource-request', objectId: String(r.id) })).map(
      (x) => x.action,
    );
    expect(trail).toEqual(['request.live', 'request.approve', 'request.accept', 'request.create']);
    expect(live!.trail.map((e) => [e.step, e.outcome, e.by])).toEqual([
      ['accept', 'applied', 'dept-wang'],
      ['accept', 'accepted', 'op-li'],
      ['review', 'approved', 'op-zhang'],
      ['provision', 'provisioned', 'op-li'],
    ]);
    expect((await verifyAudit(store.db)).firstBroken).toBeNull();
  });

  it('lets exactly one of several concurrent decisions win; the others get a conflict', async () => {
    const r = await createRequest(
      store,
      dept,
      {
        system: 'gat-archive',
        department: 'gat',
        network: 'internal',
        cpu: 2,
        memoryGiB: 4,
        storageGiB: 10,
        reason: 'x',
      },
      { ...REVIEW_FIRST, calendar: CAL },
    );
    const decisions = Array.from({ length: 8 }, (_, i) =>
      decideRequest(
        store,
        { id: `op-${i}`, requestId: `r-${i}` },
        { id: r.id, version: r.version, decision: i % 2 ? 'reject' : 'approve', comment: `op ${i}` },
        REVIEW_FIRST,
      ),
    );
    const results = await Promise.allSettled(decisions);
    const won = results.filter((x) => x.status === 'fulfilled');
    const lost = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConflictError);
      expect((l.reason as Error).message).toMatch(/already (approved|rejected) by op-\d/);
    }
    const winner = (won[0] as PromiseFulfilledResult<{ decidedBy: string | null }>).value;
    const audits = await listAudit(store.db, { objectType: 'resource-request', objectId: String(r.id) });
    // One creation and exactly one decision were recorded: the losers changed nothing.
    expect(audits.map((a) => a.actor)).toEqual([winner.decidedBy, 'dept-wang']);
    expect((await verifyAudit(store.db)).firstBroken).toBeNull();
  });

  it('records each stage change once, even when two replicas report it, and reloads it', async () => {
    const a = await DbHistory.load(store);
    const b = await DbHistory.load(store);
    const change = (system: string, from: string | null, to: string, at: string) =>
      ({ system, from, to, at, evidence: null }) as Parameters<DbHistory['append']>[0][number];
    await a.append([
      change('s1', 'planned', 'provisioned', '2026-11-01T00:00:00Z'),
      change('s2', null, 'planned', '2026-11-01T00:00:00Z'),
    ]);
    // The second replica saw the same transitions a moment later, and one more.
    await b.append([
      change('s1', 'planned', 'provisioned', '2026-11-01T00:00:05Z'),
      change('s1', 'provisioned', 'deployed', '2026-11-02T00:00:00Z'),
    ]);
    const reloaded = await DbHistory.load(store);
    expect(reloaded.forSystem('s1').map((c) => [c.to, c.at])).toEqual([
      ['provisioned', '2026-11-01T00:00:00.000Z'],
      ['deployed', '2026-11-02T00:00:00.000Z'],
    ]);
    expect(reloaded.all()).toHaveLength(3);
  });

  it('confirms a sign-off once when operators race', async () => {
    const s = await sign(store, dept, { system: 'gat-stats', kind: 'cut-over' });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        confirm(
          store,
          { id: `op-${i}`, requestId: `c${i}` },
          { system: 'gat-stats', kind: 'cut-over', version: s.version },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError),
    ).toBe(true);
    await expect(sign(store, dept, { system: 'gat-stats', kind: 'cut-over' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await verifyAudit(store.db)).firstBroken).toBeNull();
  });
});

describe('PostgreSQL restarted during writes', () => {
  it('loses no accepted write, fails the others promptly, and writes again by itself', async () => {
    const store = await openStore({ url: pg.url });
    const accepted: number[] = [];
    const failures: { ms: number; message: string }[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const t0 = Date.now();
        try {
          const r = await createRequest(
            store,
            dept,
            {
              system: 'gat-stats',
              department: 'gat',
              network: 'internal',
              cpu: 1,
              memoryGiB: 1,
              storageGiB: 0,
              reason: `write ${i}`,
            },
            { ...REVIEW_FIRST, calendar: CAL },
          );
          accepted.push(r.id);
        } catch (e) {
          failures.push({ ms: Date.now() - t0, message: (e as Error).message });
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const before = accepted.length;
    await pg.restart();
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await writer;
    expect(before).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(before); // writing resumed without reopening the store
    // Every failure came back promptly (no hang) and said what happened.
    for (const f of failures) expect(f.ms).toBeLessThan(10_000);
    const stored = new Set((await listRequests(store.db)).map((r) => r.id));
    for (const id of accepted) expect(stored.has(id), `accepted write ${id}`).toBe(true);
    expect((await verifyAudit(store.db)).firstBroken).toBeNull();
    console.log(
      `postgres restart: ${accepted.length} writes accepted, ${failures.length} refused during the restart`,
    );
    await store.close();
  }, 60_000);
});
