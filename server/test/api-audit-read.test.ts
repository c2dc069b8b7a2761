// Reads of sensitive data are audited (MLPS level 3): the accounts list, the audit trail and a
// classified (internal-network) system's detail, once per viewer, read and object per ten minutes
// of the server's clock, checked in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/policy.ts';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../src/store/db.ts';
import { auditLog } from '../src/store/schema.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

const admin: Viewer = { id: 'root-admin', name: '管理员', role: 'admin' };
const auditor: Viewer = { id: 'sun', name: '孙', role: 'auditor' };
const operator: Viewer = { id: 'li', name: '李', role: 'operator' };

const T0 = Date.parse('2026-11-25T08:00:00Z');
const at = (minutes: number) => () => new Date(T0 + minutes * 60_000);

const reads = (action: string) =>
  (api.ctx.store.db as Db)
    .select({
      actor: auditLog.actor,
      action: auditLog.action,
      object_type: auditLog.objectType,
      object_id: auditLog.objectId,
      request_id: auditLog.requestId,
      at: auditLog.at,
    })
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(asc(auditLog.id));

describe('audited reads', () => {
  it('the accounts list: one row per ten minutes per viewer, then another', async () => {
    const call = (minutes: number, requestId: string) =>
      api.caller(admin, true, { clock: at(minutes), requestId }).users.list();
    await call(0, 'req-1');
    await call(4, 'req-2');
    await call(9.9, 'req-3');
    expect(await reads('users.read')).toEqual([
      {
        actor: 'root-admin',
        action: 'users.read',
        object_type: 'users',
        object_id: 'list',
        request_id: 'req-1',
        at: new Date(T0),
      },
    ]);
    await call(10.5, 'req-4');
    const rows = await reads('users.read');
    expect(rows.map((r) => [r.request_id, r.at.toISOString()])).toEqual([
      ['req-1', new Date(T0).toISOString()],
      ['req-4', at(10.5)().toISOString()],
    ]);
    // Another viewer's read is their own row.
    await api.caller({ ...admin, id: 'admin-2' }, true, { clock: at(11) }).users.list();
    expect((await reads('users.read')).map((r) => r.actor)).toEqual(['root-admin', 'root-admin', 'admin-2']);
  });

  it('the audit trail, by the auditor', async () => {
    const c = (minutes: number) => api.caller(auditor, true, { clock: at(minutes) });
    await c(0).audit.list({ objectType: 'users' });
    await c(3).audit.list({});
    expect(await reads('audit.read')).toMatchObject([
      { actor: 'sun', object_type: 'audit', object_id: 'log', at: new Date(T0) },
    ]);
    await c(12).audit.list({});
    expect(await reads('audit.read')).toHaveLength(2);
    // Verifying the chain is not a read of rows; and the reads keep it intact.
    expect((await c(13).audit.verify()).firstBroken).toBeNull();
    expect(await reads('audit.read')).toHaveLength(2);
  });

  it("a classified system's detail (internal network), not an external one's", async () => {
    const plan = api.plan.current()!;
    const internal = plan.systems.find((s) => s.network === 'internal')!;
    const external = plan.systems.find((s) => s.network === 'external')!;
    const c = (minutes: number) => api.caller(operator, true, { clock: at(minutes), requestId: 'sys' });
    await c(0).systems.get({ id: internal.id });
    await c(1).systems.get({ id: internal.id });
    await c(2).systems.get({ id: external.id });
    expect(await reads('system.read-classified')).toMatchObject([
      { actor: 'li', object_type: 'system', object_id: internal.id, request_id: 'sys' },
    ]);
    await c(20).systems.get({ id: internal.id });
    expect(await reads('system.read-classified')).toHaveLength(2);
    // An absent (or out-of-scope) id reads nothing and writes nothing.
    await expect(c(21).systems.get({ id: 'no-such-system' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await reads('system.read-classified')).toHaveLength(2);
  });
});

describe('audited exports', () => {
  it('a table downloaded in the console is recorded first, by whom, which table, how many rows', async () => {
    const gat: Viewer = { id: 'gat-wang', name: '王', role: 'department', department: 'gat' };
    await api
      .caller(gat, true, { clock: at(3), requestId: 'export-1' })
      .audit.recordExport({ table: 'systems', format: 'xlsx', rows: 17 });
    const [row] = await reads('table.export');
    expect(row).toMatchObject({
      actor: 'gat-wang',
      object_type: 'table',
      object_id: 'systems',
      request_id: 'export-1',
      at: new Date(T0 + 3 * 60_000),
    });
    // Nothing to export for an anonymous visitor, and no row.
    await expect(
      api.caller(null).audit.recordExport({ table: 'systems', format: 'csv', rows: 1 }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await reads('table.export')).toHaveLength(1);
  });
});
