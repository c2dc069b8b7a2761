// "An SLA about to lapse" and "lapsed" on the lifecycle's clocks: the accepting level's operators
// hear one working day before the acceptance clock runs out and once it has, each once however
// many times the engine looks; a request past acceptance has its review's own clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/policy.ts';
import { createUser } from '../../src/store/accounts.ts';
import { listOutbox } from '../../src/notify/outbox.ts';
import { notifySlaClocks, slaNotice } from '../../src/notify/request-sla.ts';
import { DEFAULT_LIFECYCLE } from '../../src/requests/lifecycle.ts';
import { EXAMPLE_CALENDAR } from '../../src/store/calendar.ts';
import { sandboxApi } from '../fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
/** Monday 16 November 2026, 10:00 in Beijing (no holiday near). */
let now = new Date('2026-11-16T02:00:00Z');
beforeAll(async () => {
  api = await sandboxApi(undefined, { clock: () => now });
  await createUser(
    api.store,
    { username: 'county-op', displayName: '县', role: 'operator', department: 'hb-county1', network: null },
    { id: 'setup', requestId: 'setup' },
  );
});
afterAll(() => api?.close());

const countyDept: Viewer = { id: 'county-wu', name: '吴', role: 'department', department: 'hb-county1' };
const look = () =>
  notifySlaClocks(api.store, now, {
    available: ['webhook'],
    provinceLevel: 'province',
    timeZone: 'Asia/Shanghai',
    lifecycle: DEFAULT_LIFECYCLE,
    calendar: EXAMPLE_CALENDAR,
    systemName: (id) => api.plan.current()!.systems.find((s) => s.id === id)?.name,
  });
const sla = async () =>
  (await listOutbox(api.store.db))
    .filter((x) => x.kind.startsWith('sla.'))
    .map((x) => [x.recipient, x.kind, x.params.dueAt]);

describe('SLA notices on the request lifecycle', () => {
  it('tells the accepting level a day before the clock runs out, and once it has, once each', async () => {
    const s = api.plan.current()!.systems.find((x) => x.department === 'hb-county1')!;
    const r = await api.caller(countyDept).requests.create({
      system: s.id,
      network: s.network,
      cpu: 1,
      memoryGiB: 2,
      storageGiB: 0,
      reason: '县级系统扩容',
      filing: s.mlps.filing,
    });
    // Due Thursday 19 November 10:00 (3 working days). On Monday and Tuesday: nothing yet.
    expect(r.dueAt?.toISOString()).toBe('2026-11-19T02:00:00.000Z');
    expect(await look()).toBe(0);
    now = new Date('2026-11-17T02:00:00Z');
    expect(await look()).toBe(0);
    // Wednesday: one working day left.
    now = new Date('2026-11-18T02:00:00Z');
    expect(await look()).toBe(1);
    expect(await look()).toBe(0);
    // Friday: lapsed.
    now = new Date('2026-11-20T02:00:00Z');
    expect(await look()).toBe(1);
    expect(await look()).toBe(0);
    expect(await sla()).toEqual([
      ['county-op', 'sla.dueSoon', '2026-11-19 10:00'],
      ['county-op', 'sla.lapsed', '2026-11-19 10:00'],
    ]);
    // Nothing for a step that owes no one a deadline.
    expect(slaNotice({ status: 'live', step: 'test', dueAt: new Date(0) }, now, EXAMPLE_CALENDAR)).toBeNull();
  });
});
