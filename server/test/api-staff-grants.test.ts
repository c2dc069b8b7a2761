// Department administrators (部门管理员) and role grants with approval (four eyes), through the
// API on the sandbox province: a department administrator keeps the department users of its
// unit's subtree and nothing else; a role grant is proposed by one person and decided by the
// security administrator, never by its proposer, and an approval applies like a direct grant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINISTRATOR_POWERS, ROLES, rolesWith, type Viewer } from '../src/auth/policy.ts';
import { initialPassword, passwordProblems } from '../src/auth/password-policy.ts';
import { createUser, login } from '../src/store/accounts.ts';
import { listAudit } from '../src/store/audit.ts';
import { rawQuery } from '../src/store/db.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
const setup = { id: 'setup', requestId: 'setup' };
const PASSWORD = 'Setup-passw0rd-long';

beforeAll(async () => {
  api = await sandboxApi();
  const s = api.ctx.store;
  // fgw (发改委) has sub-units fgw-xxzx and fgw-xxzx-yw; gat (公安厅) is another department.
  await createUser(
    s,
    {
      username: 'fgw-admin',
      displayName: '发改管理员',
      role: 'department-admin',
      department: 'fgw',
      password: PASSWORD,
    },
    setup,
  );
  await createUser(
    s,
    {
      username: 'gat.user',
      displayName: '公安用户',
      role: 'department',
      department: 'gat',
      password: PASSWORD,
    },
    setup,
  );
  await createUser(
    s,
    {
      username: 'fgw.operator',
      displayName: '发改运维',
      role: 'operator',
      department: 'fgw',
      password: PASSWORD,
    },
    setup,
  );
  await createUser(s, { username: 'feng', displayName: '冯', role: 'operator', password: PASSWORD }, setup);
}, 60_000);
afterAll(() => api.close());

const fgwAdmin: Viewer = { id: 'fgw-admin', name: '发改管理员', role: 'department-admin', department: 'fgw' };
const admin: Viewer = { id: 'root-admin', name: '管理员', role: 'admin' };
const security: Viewer = { id: 'sec', name: '安全', role: 'security' };
const operator: Viewer = { id: 'li', name: '李', role: 'operator' };

const account = async (username: string) =>
  (
    await rawQuery<{
      role: string;
      department: string | null;
      network: string | null;
      must_change_password: boolean;
    }>(
      api.ctx.store.db,
      `SELECT role, department, network, must_change_password FROM users WHERE username = '${username}'`,
    )
  )[0];
const sessionsOf = async (username: string) =>
  Number(
    (
      await rawQuery<{ n: string }>(
        api.ctx.store.db,
        `SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = '${username}'`,
      )
    )[0]!.n,
  );

describe('the policy', () => {
  it('a department administrator manages staff and proposes grants; only the security administrator decides them', () => {
    expect(rolesWith('staff.manage')).toEqual(['department-admin']);
    expect(rolesWith('grants.decide')).toEqual(['security']);
    expect(rolesWith('grants.propose')).toEqual(['admin', 'department-admin']);
    // Nobody proposes and decides; the three administrators' powers stay apart.
    for (const role of ROLES) {
      expect(rolesWith('grants.propose').includes(role) && rolesWith('grants.decide').includes(role)).toBe(
        false,
      );
      expect(ADMINISTRATOR_POWERS.filter((p) => rolesWith(p).includes(role)).length).toBeLessThanOrEqual(1);
    }
    // A department user's reads, not its requests nor its signature.
    expect(rolesWith('requests.read')).toContain('department-admin');
    expect(rolesWith('requests.create')).not.toContain('department-admin');
    expect(rolesWith('signoffs.sign')).toEqual(['department']);
  });

  it('initial passwords meet the password policy, and differ', () => {
    const drawn = Array.from({ length: 200 }, () => initialPassword());
    for (const p of drawn) expect(passwordProblems(p), p).toEqual([]);
    expect(new Set(drawn).size).toBe(drawn.length);
  });

  it('meta.policy says which roles take a unit, must have one, and are kept to a network', async () => {
    const policy = await api.caller(null).meta.policy();
    expect(policy.unitRequired).toEqual(['department', 'department-admin']);
    expect(policy.unitRoles).toEqual(expect.arrayContaining(['department', 'department-admin', 'operator']));
    expect(policy.unitRoles).not.toContain('security');
    expect(policy.networkRoles).toEqual(['operator', 'evaluator']);
    expect(policy.grants['grants.decide']).toEqual(['security']);
  });
});

describe('a department administrator', () => {
  it('adds a department user in its subtree with an initial password that must be changed; audited', async () => {
    const added = await api
      .caller(fgwAdmin)
      .staff.add({ username: 'wang.fang', displayName: '王芳', department: 'fgw-xxzx' });
    expect(added).toMatchObject({ username: 'wang.fang', department: 'fgw-xxzx' });
    expect(passwordProblems(added.password)).toEqual([]);
    expect(await account('wang.fang')).toEqual({
      role: 'department',
      department: 'fgw-xxzx',
      network: null,
      must_change_password: true,
    });
    // The first sign-in with it asks for a new password before anything else.
    const signIn = await login(
      api.ctx.store,
      'wang.fang',
      added.password,
      'r1',
      new Date('2026-11-25T08:01:00Z'),
    );
    expect(signIn).toMatchObject({ ok: true, stage: 'change-password' });
    const [row] = await listAudit(api.ctx.store.db, { objectId: 'wang.fang', actor: 'fgw-admin' });
    expect(row).toMatchObject({ action: 'staff.add', after: { role: 'department', department: 'fgw-xxzx' } });
    expect(JSON.stringify(row)).not.toContain(added.password);
    expect(JSON.stringify(row)).not.toMatch(/scrypt/);

    const staff = await api.caller(fgwAdmin).staff.list();
    expect(staff.map((s) => s.username)).toEqual(['wang.fang']);
    expect(staff[0]).toMatchObject({
      department: 'fgw-xxzx',
      mustChangePassword: true,
      unitName: { zh: expect.stringContaining('信息中心') },
    });
  });

  it('never outside its subtree, never another role, never a taken name', async () => {
    const c = api.caller(fgwAdmin);
    await expect(
      c.staff.add({ username: 'li.si', displayName: '李四', department: 'gat' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { department: [{ key: 'staff.outsideUnit' }] },
    });
    // The form has no role: a department administrator adds department users, and only them.
    await expect(
      c.staff.add({ username: 'li.si', displayName: '李四', department: 'fgw', role: 'operator' } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      c.staff.add({ username: 'gat.user', displayName: '重名', department: 'fgw' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      fields: { username: [{ key: 'account.usernameTaken', params: { username: 'gat.user' } }] },
    });
    await expect(
      c.staff.add({ username: '王 芳', displayName: '王芳', department: 'fgw' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await account('li.si')).toBeUndefined();
    // Another department's user, and an operator of its own unit, are not its staff: not found.
    for (const username of ['gat.user', 'fgw.operator', 'nobody']) {
      await expect(c.staff.assign({ username, department: 'fgw' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        summary: { key: 'staff.notFound', params: { username } },
      });
      await expect(c.staff.remove({ username })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await account('gat.user')).toMatchObject({ role: 'department', department: 'gat' });
    expect(await account('fgw.operator')).toMatchObject({ role: 'operator', department: 'fgw' });
    // Nor its own account.
    await expect(c.staff.remove({ username: 'fgw-admin' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      summary: { key: 'store.ownAccount' },
    });
    expect((await c.staff.list()).map((s) => s.username)).not.toContain('gat.user');
  });

  it('moves its staff within the subtree (sessions end), not out of it; removes them; audited', async () => {
    const c = api.caller(fgwAdmin);
    const pw = await c.staff.add({ username: 'zhao.lei', displayName: '赵磊', department: 'fgw' });
    await login(api.ctx.store, 'zhao.lei', pw.password, 'r2', new Date('2026-11-25T08:01:00Z'));
    expect(await sessionsOf('zhao.lei')).toBe(1);
    await expect(c.staff.assign({ username: 'zhao.lei', department: 'gat' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { department: [{ key: 'staff.outsideUnit' }] },
    });
    expect(await c.staff.assign({ username: 'zhao.lei', department: 'fgw-xxzx-yw' })).toEqual({
      username: 'zhao.lei',
      department: 'fgw-xxzx-yw',
    });
    expect(await account('zhao.lei')).toMatchObject({ role: 'department', department: 'fgw-xxzx-yw' });
    expect(await sessionsOf('zhao.lei')).toBe(0);
    await c.staff.remove({ username: 'zhao.lei' });
    expect(await account('zhao.lei')).toBeUndefined();
    const actions = (await listAudit(api.ctx.store.db, { objectId: 'zhao.lei' })).map((r) => [
      r.actor,
      r.action,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['fgw-admin', 'staff.add'],
        ['fgw-admin', 'staff.assign'],
        ['fgw-admin', 'staff.remove'],
      ]),
    );
    const moved = (await listAudit(api.ctx.store.db, { objectId: 'zhao.lei' })).find(
      (r) => r.action === 'staff.assign',
    )!;
    expect(moved).toMatchObject({ before: { department: 'fgw' }, after: { department: 'fgw-xxzx-yw' } });
  });

  it("a unit's administrator keeps only that unit's subtree; one of no unit of the plan keeps nobody", async () => {
    const sub: Viewer = {
      id: 'xxzx-admin',
      name: '中心管理员',
      role: 'department-admin',
      department: 'fgw-xxzx',
    };
    await expect(
      api.caller(sub).staff.add({ username: 'x1', displayName: 'x', department: 'fgw' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await api.caller(sub).staff.list()).map((s) => s.username)).toEqual(['wang.fang']);
    const lost: Viewer = { id: 'lost', name: 'lost', role: 'department-admin', department: 'no-such-unit' };
    expect(await api.caller(lost).staff.list()).toEqual([]);
    await expect(
      api.caller(lost).staff.add({ username: 'x2', displayName: 'x', department: 'no-such-unit' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('other roles may not keep staff', async () => {
    for (const v of [
      admin,
      security,
      operator,
      { id: 'd', name: 'd', role: 'department', department: 'fgw' } as Viewer,
    ])
      await expect(
        api.caller(v).staff.add({ username: 'x3', displayName: 'x', department: 'fgw' }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
  });
});

describe('role grants with approval', () => {
  it('the system administrator proposes, the security administrator approves: applied as a direct grant (audited, sessions ended)', async () => {
    await login(api.ctx.store, 'feng', PASSWORD, 'r3', new Date('2026-11-25T08:01:00Z'));
    expect(await sessionsOf('feng')).toBe(1);
    const proposed = await api.caller(admin).grants.propose({
      username: 'feng',
      role: 'operator',
      department: 'city-hb',
      network: 'internal',
      reason: '调任市数据局内网运维',
    });
    expect(proposed).toMatchObject({
      status: 'pending',
      proposedBy: 'root-admin',
      department: 'city-hb',
      network: 'internal',
    });
    // Proposed is not granted.
    expect(await account('feng')).toMatchObject({ role: 'operator', department: null, network: null });
    expect((await api.caller(admin).grants.list()).map((p) => p.id)).toContain(proposed.id);
    const pending = (await api.caller(security).grants.list()).find((p) => p.id === proposed.id)!;
    expect(pending).toMatchObject({ status: 'pending', unitName: { zh: expect.any(String) } });

    const decided = await api
      .caller(security)
      .grants.decide({ id: proposed.id, approve: true, comment: '同意' });
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'sec', comment: '同意' });
    expect(await account('feng')).toMatchObject({
      role: 'operator',
      department: 'city-hb',
      network: 'internal',
    });
    expect(await sessionsOf('feng')).toBe(0);
    const rows = await listAudit(api.ctx.store.db, { actor: 'sec' });
    expect(rows.map((r) => [r.action, r.objectId])).toEqual(
      expect.arrayContaining([
        ['grant.approve', String(proposed.id)],
        ['user.set-role', 'feng'],
      ]),
    );
    // Decided once: a second decision loses.
    await expect(
      api.caller(security).grants.decide({ id: proposed.id, approve: false }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('a refusal changes nothing but the proposal; the proposer sees its state', async () => {
    const p = await api
      .caller(admin)
      .grants.propose({ username: 'gat.user', role: 'leader', department: null, reason: '借调领导岗位' });
    await api.caller(security).grants.decide({ id: p.id, approve: false, comment: '不符合规定' });
    expect(await account('gat.user')).toMatchObject({ role: 'department', department: 'gat' });
    const mine = (await api.caller(admin).grants.list()).find((x) => x.id === p.id);
    expect(mine).toMatchObject({ status: 'refused', decidedBy: 'sec', comment: '不符合规定' });
    const [row] = await listAudit(api.ctx.store.db, {
      objectType: 'grant-proposal',
      objectId: String(p.id),
      limit: 1,
    });
    expect(row).toMatchObject({
      action: 'grant.refuse',
      before: { state: 'pending' },
      after: { state: 'refused' },
    });
  });

  it('nobody decides their own proposal; no role but the security administrator decides', async () => {
    const p = await api.caller({ ...admin, id: 'kim' }).grants.propose({
      username: 'fgw.operator',
      role: 'evaluator',
      department: null,
      reason: '转为测评人员',
    });
    // kim, the proposer, has since become a security administrator: still not theirs to decide.
    await expect(
      api.caller({ ...security, id: 'kim' }).grants.decide({ id: p.id, approve: true }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      summary: { key: 'store.fourEyes' },
    });
    for (const v of [admin, fgwAdmin, operator, { id: 'a', name: 'a', role: 'auditor' } as Viewer])
      await expect(api.caller(v).grants.decide({ id: p.id, approve: true })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    // Nor does the security administrator propose: it grants directly.
    await expect(
      api
        .caller(security)
        .grants.propose({ username: 'feng', role: 'leader', department: null, reason: '四个字以上' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await account('fgw.operator')).toMatchObject({ role: 'operator' });
    // One pending proposal per account.
    await expect(
      api
        .caller(admin)
        .grants.propose({ username: 'fgw.operator', role: 'leader', department: null, reason: '另一个提议' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', summary: { key: 'grant.pendingAlready' } });
    await api.caller(security).grants.decide({ id: p.id, approve: false });
  });

  it("the security administrator's approval of a grant on their own account is refused, and nothing is decided", async () => {
    await createUser(
      api.ctx.store,
      { username: 'sec2', displayName: '安全二', role: 'security', password: PASSWORD },
      setup,
    );
    const p = await api
      .caller(admin)
      .grants.propose({ username: 'sec2', role: 'admin', department: null, reason: '岗位调整' });
    await expect(
      api.caller({ ...security, id: 'sec2' }).grants.decide({ id: p.id, approve: true }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      summary: { key: 'store.ownAccount' },
    });
    expect(await account('sec2')).toMatchObject({ role: 'security' });
    expect((await api.caller(security).grants.list()).find((x) => x.id === p.id)).toMatchObject({
      status: 'pending',
    });
    // Nor does anyone propose a grant for their own account.
    await expect(
      api
        .caller(admin)
        .grants.propose({ username: 'root-admin', role: 'security', department: null, reason: '自己提自己' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      summary: { key: 'store.ownAccount' },
    });
  });

  it('a department administrator proposes only for its staff, roles placed in its subtree', async () => {
    const c = api.caller(fgwAdmin);
    const bad = [
      // Another department's account, and one that does not exist, read alike.
      [
        { username: 'gat.user', role: 'department', department: 'fgw' },
        'NOT_FOUND',
        { username: [{ key: 'grant.noAccount' }] },
      ],
      [
        { username: 'nobody', role: 'department', department: 'fgw' },
        'NOT_FOUND',
        { username: [{ key: 'grant.noAccount' }] },
      ],
      // A role without a unit is not a department administrator's to propose.
      [
        { username: 'wang.fang', role: 'admin', department: null },
        'BAD_REQUEST',
        { role: [{ key: 'grant.roleOutsideRemit' }] },
      ],
      [
        { username: 'wang.fang', role: 'department', department: 'gat' },
        'BAD_REQUEST',
        { department: [{ key: 'staff.outsideUnit' }] },
      ],
      [
        { username: 'wang.fang', role: 'department-admin', department: null },
        'BAD_REQUEST',
        { department: [{ key: 'field.unitRequired' }] },
      ],
    ] as const;
    for (const [input, code, fields] of bad)
      await expect(
        c.grants.propose({ ...input, reason: '单位内调整' }),
        JSON.stringify(input),
      ).rejects.toMatchObject({ code, fields });
    const p = await c.grants.propose({
      username: 'wang.fang',
      role: 'department-admin',
      department: 'fgw-xxzx',
      reason: '任信息中心管理员',
    });
    expect((await c.grants.list()).map((x) => x.id)).toEqual([p.id]);
    await api.caller(security).grants.decide({ id: p.id, approve: true });
    expect(await account('wang.fang')).toMatchObject({ role: 'department-admin', department: 'fgw-xxzx' });
    // No longer a department user: no longer its staff.
    expect((await c.staff.list()).map((s) => s.username)).not.toContain('wang.fang');
    expect((await c.grants.list())[0]).toMatchObject({ id: p.id, status: 'approved' });
  });

  it('the admin needs a unit for a role that must have one, and a unit of the plan', async () => {
    await expect(
      api
        .caller(admin)
        .grants.propose({ username: 'feng', role: 'department', department: null, reason: '调入部门' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', fields: { department: [{ key: 'field.unitRequired' }] } });
    await expect(
      api
        .caller(admin)
        .grants.propose({ username: 'feng', role: 'department', department: 'atlantis', reason: '调入部门' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { department: [{ key: 'assign.unknownDepartment' }] },
    });
    await expect(
      api
        .caller(admin)
        .grants.propose({ username: 'feng', role: 'department', department: 'gat', reason: '短' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('the grant form offers roles and units: all to the administrators, a subtree to a department administrator', async () => {
    const all = await api.caller(security).grants.options();
    expect(all.units.length).toBeGreaterThan(50);
    expect(all.roles).toEqual([...ROLES]);
    expect((await api.caller(admin).grants.options()).units.length).toBe(all.units.length);
    const mine = await api.caller(fgwAdmin).grants.options();
    expect(mine.roles).not.toContain('admin');
    expect(mine.roles).toContain('department');
    expect(mine.units.map((u) => u.id).sort()).toEqual(['fgw', 'fgw-xxzx', 'fgw-xxzx-yw']);
  });

  it('the direct grant says a missing unit on the unit field, in words', async () => {
    await expect(
      api.caller(security).users.grant({ username: 'feng', role: 'department-admin', department: null }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', fields: { department: [{ key: 'field.unitRequired' }] } });
  });
});
