// A blocker's owner is told through the API: workflows.raiseBlocker and updateBlocker enqueue
// "a blocker assigned to you" in the change's transaction, for an owner whose scope covers the
// system, once per assignment; nobody when notifications are off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/policy.ts';
import { createUser } from '../../src/store/accounts.ts';
import { listOutbox } from '../../src/notify/outbox.ts';
import { render } from '../../src/notify/templates.ts';
import { sandboxApi } from '../fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
  for (const [username, role, department] of [
    ['hb-op', 'operator', 'city-hb'],
    ['nh-op', 'operator', 'city-nh'],
    ['hb-county', 'department', 'hb-county1'],
  ] as const)
    await createUser(
      api.store,
      { username, displayName: username, role, department },
      { id: 'setup', requestId: 'setup' },
    );
});
afterAll(() => api?.close());

const provinceOp: Viewer = { id: 'prov-op', name: '省', role: 'operator' };
const on = { notifications: { available: ['webhook'] as const } };

describe('a blocker assigned through the API', () => {
  it('tells an owner in scope once per assignment, nobody out of scope, nothing when notifications are off', async () => {
    const s = api.plan.current()!.systems.find((x) => x.department === 'hb-county1')!;
    const w = api.caller(provinceOp, true, on).workflows;
    const raised = await w.raiseBlocker({ system: s.id, reason: '机房搬迁窗口未定', owner: 'hb-op' });
    const moved = await w.updateBlocker({ id: raised.id, version: raised.version, owner: 'nh-op' });
    await w.updateBlocker({ id: moved.id, version: moved.version, owner: 'hb-county' });
    // Notifications off: the assignment is made, nobody is told.
    await api
      .caller(provinceOp, true)
      .workflows.raiseBlocker({ system: s.id, reason: '等待厂商排期', owner: 'hb-op' });

    const rows = (await listOutbox(api.store.db)).filter((r) => r.kind === 'blocker.assigned');
    expect(rows.map((r) => [r.recipient, r.dedupeKey, r.channel])).toEqual([
      ['hb-op', `blocker:${raised.id}:v1`, 'webhook'],
      ['hb-county', `blocker:${raised.id}:v3`, 'webhook'],
    ]);
    expect(render('blocker.assigned', 'zh-CN', rows[0]!.params).subject).toBe(
      `【云迁】系统 ${s.name.zh} 的受阻事项已指派给您`,
    );
    expect(render('blocker.assigned', 'en', rows[0]!.params).text).toBe(
      `prov-op assigned you the blocker "机房搬迁窗口未定" of system ${s.name.en}. Once it is dealt with, mark it resolved on the system's page.`,
    );
  });
});
