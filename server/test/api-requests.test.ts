// Resource requests through the API: departments ask only for their own systems and see only
// their own requests; operators decide; a stale decision is a conflict; auditors read the trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/policy.ts';
import { verifyAudit } from '../src/store/audit.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';

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
  it('lets a department ask for its own systems only, with field-level errors', async () => {
    const plan = api.ctx.plan.current()!;
    const mine = plan.systems.find((s) => s.department === 'gat')!;
    const theirs = plan.systems.find((s) => s.department === 'czt')!;
    const ask = (v: Viewer, system: string, network = mine.network) =>
      api
        .caller(v)
        .requests.create({ system, network, cpu: 4, memoryGiB: 8, storageGiB: 0, reason: '业务高峰扩容' });
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
    const [r] = await api.caller(gat).requests.list({ status: ['pending'] });
    expect(r!.workingDaysLeft).toBeGreaterThan(0);
    const decided = await api
      .caller(operator)
      .requests.decide({ id: r!.id, version: r!.version, decision: 'approve', comment: '同意' });
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

  it('shows the trail to auditors only, with an intact chain', async () => {
    const rows = await api.caller(auditor).audit.list({ objectType: 'resource-request' });
    expect(rows.map((r) => r.action)).toEqual(['request.approve', 'request.create']);
    expect(rows[1]!.actor).toBe('wang');
    await expect(api.caller(operator).audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.caller(auditor).audit.verify()).firstBroken).toBeNull();
    expect((await verifyAudit(api.ctx.store.db)).rows).toBe(2);
  });
});
