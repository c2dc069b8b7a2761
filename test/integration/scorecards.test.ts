// Monthly scorecards (考核) frozen on PostgreSQL 15: the data bureau closes last month through the
// API (the sandbox province's figures); every unit gets its scores, ranked among its siblings; a
// department reads its own unit only; the month cannot be closed twice, nor before it ends; the
// database refuses any change to a closed month; recomputing it from the kept inputs gives the same
// results and hash; the close is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { sandboxApi } from '../../server/test/fixtures/sandbox-api.ts';
import { listAudit } from '../../server/src/store/audit.ts';
import { rawQuery } from '../../server/src/store/db.ts';
import { recheckMonth } from '../../server/src/store/scorecards.ts';
import { UserError } from '../../server/src/api/errors/user-error.ts';
import type { Viewer } from '../../server/src/auth/policy.ts';

const AT = '2026-11-25T08:00:00Z';
let pg: RunningPostgres;
let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  pg = await startPostgres();
  api = await sandboxApi(AT, { storeUrl: pg.url, clock: () => new Date(AT) });
}, 180_000);
afterAll(async () => {
  await api?.close();
  await pg?.stop();
});

const operator: Viewer = { id: 'province-op', name: '省', role: 'operator' };
const leader: Viewer = { id: 'leader', name: '领', role: 'leader' };
const gat: Viewer = { id: 'gat-wang', name: '王', role: 'department', department: 'gat' };

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toHaveProperty('code');
  return e as UserError;
};

describe('monthly scorecards on PostgreSQL', () => {
  it('closes last month once: every unit scored, frozen, rechecked identical, audited', async () => {
    const closed = await api.caller(operator).scorecards.close({ month: '2026-10' });
    const month = (await api.caller(leader).scorecards.month({ month: '2026-10' }))!;
    expect(month.hash).toBe(closed.hash);
    expect(month.rows.length).toBe(closed.units);
    // Every department of the province has a score and a rank among the departments.
    const departments = month.rows.filter((r) => r.parentId === 'province' || r.kind === 'department');
    expect(departments.length).toBeGreaterThan(10);
    const ranks = month.rows.filter((r) => r.parentId === departments[0]!.parentId).map((r) => r.rank);
    expect(Math.min(...ranks)).toBe(1);
    // The province's row counts every system under it: its totals are the sum of its departments'.
    const province = month.rows.find((r) => r.kind === 'province')!;
    const children = month.rows.filter((r) => r.parentId === province.unit);
    expect(province.inputs.migration.inScope).toBe(
      children.reduce((a, r) => a + r.inputs.migration.inScope, 0),
    );

    // A department reads its own unit (and sub-units) only.
    const own = (await api.caller(gat).scorecards.month({ month: '2026-10' }))!;
    expect(own.rows.map((r) => r.unit)).toEqual(['gat']);
    expect(await api.caller(gat).scorecards.trend({ unit: 'dsj' })).toEqual([]);
    expect((await api.caller(gat).scorecards.trend({ unit: 'gat' })).map((t) => t.month)).toEqual([
      '2026-10',
    ]);

    // Not twice; not a month that has not ended.
    const again = await refusal(api.caller(operator).scorecards.close({ month: '2026-10' }));
    expect(again.code).toBe('CONFLICT');
    expect(again.fields.month![0]!.key).toBe('scorecard.closedAlready');
    const early = await refusal(api.caller(operator).scorecards.close({ month: '2026-11' }));
    expect(early.fields.month![0]!.key).toBe('scorecard.notEnded');
    // A leader reads, never closes.
    expect((await refusal(api.caller(leader).scorecards.close({ month: '2026-09' }))).code).toBe('FORBIDDEN');

    // Frozen by the database itself.
    // What the database says (drizzle wraps it: the cause is PostgreSQL's own error).
    const refusedBy = (sql: string) =>
      rawQuery(api.store.db, sql).then(
        () => 'done',
        (e: Error & { cause?: Error }) => (e.cause ?? e).message,
      );
    expect(await refusedBy(`UPDATE scorecard_months SET total = 100 WHERE month = '2026-10'`)).toMatch(
      /a closed scorecard month is frozen \(UPDATE of scorecard_months\)/,
    );
    expect(await refusedBy(`DELETE FROM scorecard_closes WHERE month = '2026-10'`)).toMatch(
      /frozen \(DELETE/,
    );
    const recheck = (await recheckMonth(api.store.db, '2026-10'))!;
    expect(recheck).toEqual({ identical: true, hash: closed.hash, stored: closed.hash, changed: [] });

    const trail = await listAudit(api.store.db, { objectType: 'scorecard' });
    expect(trail.map((r) => [r.action, r.objectId, r.actor])).toEqual([
      ['scorecard.close', '2026-10', 'province-op'],
    ]);
  });
});
