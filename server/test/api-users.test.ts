// Accounts through the API: administrators only, every change audited, never one's own access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/policy.ts';
import { createUser } from '../src/store/accounts.ts';
import { listAudit } from '../src/store/audit.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';

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
const operator: Viewer = { id: 'li', name: '李', role: 'operator' };

describe('users API', () => {
  it('an administrator disables, unlocks and changes a role; each is audited', async () => {
    const caller = api.caller(admin);
    expect((await caller.users.update({ username: 'feng', change: { kind: 'disable' } })).disabled).toBe(
      true,
    );
    await caller.users.update({ username: 'feng', change: { kind: 'unlock' } });
    await caller.users.update({
      username: 'feng',
      change: { kind: 'role', role: 'department', department: 'gat' },
    });
    const row = (await caller.users.list()).find((u) => u.username === 'feng')!;
    expect(row).toMatchObject({ disabled: true, role: 'department', department: 'gat' });
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
  });
});
