// Accounts through the API: the system administrator changes accounts, the security administrator
// alone changes roles (三员分立), every change audited, never one's own access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINISTRATOR_POWERS, ROLES, rolesWith, type Viewer } from '../src/auth/policy.ts';
import { createUser } from '../src/store/accounts.ts';
import { listAudit } from '../src/store/audit.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';
import { sql } from 'drizzle-orm';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
  await createUser(
    api.ctx.store,
    { username: 'feng', displayName: '冯', role: 'operator', password: 'Feng-passw0rd-long' },
    { id: 'setup', requestId: 'setup' },
  );
});
afterAll(() => api.close());

const admin: Viewer = { id: 'root-admin', name: '管理员', role: 'admin' };
const security: Viewer = { id: 'sec', name: '安全', role: 'security' };
const operator: Viewer = { id: 'li', name: '李', role: 'operator' };

describe('users API', () => {
  it("no role holds two of the three administrators' powers (accounts, role grants, the audit)", () => {
    for (const role of ROLES) {
      const held = ADMINISTRATOR_POWERS.filter((p) => rolesWith(p).includes(role));
      expect(held.length, `${role}: ${held.join(', ')}`).toBeLessThanOrEqual(1);
    }
    expect(ADMINISTRATOR_POWERS.map((p) => rolesWith(p))).toEqual([['admin'], ['security'], ['auditor']]);
    // A department signs its own cut-over and retirement; nobody signs for it.
    expect(rolesWith('signoffs.sign')).toEqual(['department']);
  });

  it('the system administrator disables and unlocks, the security administrator changes a role; each is audited', async () => {
    const caller = api.caller(admin);
    expect((await caller.users.update({ username: 'feng', change: { kind: 'disable' } })).disabled).toBe(
      true,
    );
    await caller.users.update({ username: 'feng', change: { kind: 'unlock' } });
    // Granting a role is not the system administrator's.
    await expect(
      caller.users.grant({ username: 'feng', role: 'department', department: 'gat' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The database takes the new role (migration 0008), then the one meant.
    await api.caller(security).users.grant({ username: 'feng', role: 'security', department: null });
    await api.caller(security).users.grant({ username: 'feng', role: 'department', department: 'gat' });
    // Nor are accounts the security administrator's.
    await expect(
      api.caller(security).users.update({ username: 'feng', change: { kind: 'enable' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const row = (await caller.users.list()).find((u) => u.username === 'feng')!;
    expect(row).toMatchObject({ disabled: true, role: 'department', department: 'gat' });
    // A city's internal-network operator: unit and network travel with the role; a unit the plan
    // lacks is refused on its field.
    await api
      .caller(security)
      .users.grant({ username: 'feng', role: 'operator', department: 'city-hb', network: 'internal' });
    expect((await caller.users.list()).find((u) => u.username === 'feng')).toMatchObject({
      role: 'operator',
      department: 'city-hb',
      network: 'internal',
    });
    await expect(
      api.caller(security).users.grant({ username: 'feng', role: 'operator', department: 'atlantis' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { department: [{ key: 'assign.unknownDepartment' }] },
    });
    await api.caller(security).users.grant({ username: 'feng', role: 'department', department: 'gat' });
    const actions = (await listAudit(api.ctx.store.db, { objectId: 'feng' })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.disable', 'user.unlock', 'user.set-role']));
    await expect(
      caller.users.update({ username: 'feng', change: { kind: 'password', password: 'aaaaaaaaaaaa' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('operators may not, and nobody changes their own access', async () => {
    await expect(api.caller(operator).users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      api.caller(admin).users.update({ username: 'root-admin', change: { kind: 'disable' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      api.caller(security).users.grant({ username: 'sec', role: 'admin', department: null }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("the security administrator resets another's second factor (a lost phone), never their own; audited", async () => {
    await api.ctx.store.db.execute(
      sql`UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE username = 'feng'`,
    );
    const enrolled = async () => (await api.caller(admin).users.list()).find((u) => u.username === 'feng')!;
    expect((await enrolled()).secondFactor).toBe(true);
    await expect(api.caller(admin).users.resetSecondFactor({ username: 'feng' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(api.caller(security).users.resetSecondFactor({ username: 'sec' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(api.caller(security).users.resetSecondFactor({ username: 'nobody' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await api.caller(security).users.resetSecondFactor({ username: 'feng' })).toEqual({ ok: true });
    expect((await enrolled()).secondFactor).toBe(false);
    const [row] = await listAudit(api.ctx.store.db, { objectId: 'feng', limit: 1 });
    expect(row).toMatchObject({
      actor: 'sec',
      objectId: 'feng',
      before: { enrolled: true },
      after: { enrolled: false },
    });
  });
});
