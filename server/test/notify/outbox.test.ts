// The outbox with the whole API: preferences are each viewer's own and are honoured when an
// event is enqueued; the same event is enqueued once; a resource request created or passed up a
// level tells the reviewers of the level it awaits, and the dispatcher delivers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/policy.ts';
import { createUser } from '../../src/store/accounts.ts';
import { listAudit } from '../../src/store/audit.ts';
import { enqueue, listOutbox } from '../../src/notify/outbox.ts';
import { DEFAULT_PREFERENCES, getPreferences } from '../../src/notify/preferences.ts';
import { Dispatcher } from '../../src/notify/dispatcher.ts';
import { webhookChannel } from '../../src/notify/channels/webhook.ts';
import { render } from '../../src/notify/templates.ts';
import { EVENT_KINDS } from '../../src/notify/events.ts';
import { sandboxApi } from '../fixtures/sandbox-api.ts';
import { startRobot } from '../fixtures/notify-receivers.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
  const setup = { id: 'setup', requestId: 'setup' };
  for (const [username, department, network] of [
    ['county-op', 'hb-county1', null],
    ['city-op', 'city-hb', null],
    ['province-op', null, null],
    ['other-city-op', 'city-nh', null],
  ] as const)
    await createUser(
      api.store,
      { username, displayName: username, role: 'operator', department, network },
      setup,
    );
});
afterAll(() => api?.close());

const on = { notifications: { available: ['webhook', 'email'] as const } };
const as = (v: Viewer) => api.caller(v, true, on);
const countyDept: Viewer = { id: 'county-wu', name: '吴', role: 'department', department: 'hb-county1' };
const countyOp: Viewer = { id: 'county-op', name: '县', role: 'operator', department: 'hb-county1' };
const cityOp: Viewer = { id: 'city-op', name: '市', role: 'operator', department: 'city-hb' };
const poll = { timeout: 10_000, interval: 20 };

describe('notification preferences', () => {
  it('are the viewer’s own: defaults until chosen, then what they chose', async () => {
    const first = await as(cityOp).notifications.preferences();
    expect(first.preferences).toEqual(DEFAULT_PREFERENCES);
    expect(first.available).toEqual(['webhook', 'email']);
    const chosen = {
      channels: ['email' as const, 'webhook' as const],
      events: EVENT_KINDS.filter((k) => k !== 'drift.found'),
      email: 'city-op@hb.example.gov.cn',
      phone: '13800138000',
      language: 'en' as const,
    };
    expect(await as(cityOp).notifications.setPreferences(chosen)).toEqual(chosen);
    expect((await as(cityOp).notifications.preferences()).preferences).toEqual(chosen);
    // Audited: who changed them, from what to what.
    const [row] = await listAudit(api.store.db, { objectType: 'user', objectId: 'city-op' });
    expect(row).toMatchObject({
      actor: 'city-op',
      action: 'notifications.preferences',
      before: DEFAULT_PREFERENCES,
      after: chosen,
    });
    // Another viewer's are untouched, and there is no way to name someone else's.
    expect((await as(countyOp).notifications.preferences()).preferences).toEqual(DEFAULT_PREFERENCES);
    await expect(
      as(countyOp).notifications.setPreferences({ ...chosen, user: 'city-op' } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // An anonymous visitor has none, and can set none.
    expect((await api.caller(null).notifications.preferences()).preferences).toBeNull();
    await expect(api.caller(null).notifications.setPreferences(chosen)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('are honoured: an event turned off, or a channel not chosen, is not enqueued', async () => {
    await as(countyOp).notifications.setPreferences({
      ...DEFAULT_PREFERENCES,
      channels: ['webhook'],
      events: EVENT_KINDS.filter((k) => k !== 'sla.lapsed'),
    });
    const event = (kind: (typeof EVENT_KINDS)[number]) => ({
      recipient: 'county-op',
      kind,
      params: { requestId: 1, system: 'x', dueAt: 'now' },
      dedupeKey: `test:${kind}`,
    });
    const added = await api.store.db.transaction((tx) =>
      enqueue(tx, [event('sla.lapsed'), event('sla.dueSoon')], ['webhook', 'email', 'dingtalk']),
    );
    expect(added).toBe(1);
    const rows = await listOutbox(api.store.db, { recipient: 'county-op' });
    expect(rows.map((r) => [r.kind, r.channel])).toEqual([['sla.dueSoon', 'webhook']]);
    // The same event again: nothing new.
    expect(await api.store.db.transaction((tx) => enqueue(tx, [event('sla.dueSoon')], ['webhook']))).toBe(0);
    // Back to the defaults for the request test below.
    await as(countyOp).notifications.setPreferences(DEFAULT_PREFERENCES);
    expect(await getPreferences(api.store.db, 'county-op')).toEqual(DEFAULT_PREFERENCES);
  });

  it('has a text in both languages for every event', () => {
    for (const kind of EVENT_KINDS) {
      const zh = render(kind, 'zh-CN', {});
      const en = render(kind, 'en', {});
      expect(zh.subject, kind).toMatch(/^【云迁】/);
      expect(en.subject, kind).toMatch(/^\[Yunqian\] /);
      expect(zh.text).not.toBe(en.text);
    }
  });
});

describe('a resource request tells whoever its step awaits', () => {
  it('on creation the county’s accepting operators, then its reviewers, after its approval the city’s, once each', async () => {
    const hook = await startRobot([{ body: {} }]);
    const dispatcher = new Dispatcher({
      db: api.store.db,
      channels: [webhookChannel(hook.url)],
      intervalMs: 20,
    });
    try {
      const s = api.plan.current()!.systems.find((x) => x.department === 'hb-county1')!;
      const input = {
        system: s.id,
        network: s.network,
        cpu: 4,
        memoryGiB: 8,
        storageGiB: 0,
        reason: '县级系统扩容',
        submissionId: '8a0c7f5e-2d0b-4b0e-9a57-3c2f3f4c1a11',
      };
      const r = await as(countyDept).requests.create(input);
      // Sent twice (a retry after a lost answer): still one request, one notification.
      await as(countyDept).requests.create(input);
      // The key names the request and its step (the moment the step started follows the '@').
      const key = (step: string) => `request:${r.id}:${step}`;
      const queued = async () =>
        (await listOutbox(api.store.db))
          .filter((x) => x.dedupeKey.startsWith(`request:${r.id}:`))
          .map((x) => [x.recipient, x.dedupeKey.replace(/@\d+$/, ''), x.channel]);
      expect(await queued()).toEqual([['county-op', key('accept'), 'webhook']]);

      await as(countyOp).requests.accept({ id: r.id, version: 1, decision: 'accept', comment: '' });
      await as(countyOp).requests.decide({ id: r.id, version: 2, decision: 'approve', comment: '' });
      // The city's reviewer chose mail and the webhook (above); the province's is not yet asked.
      expect(await queued()).toEqual([
        ['county-op', key('accept'), 'webhook'],
        ['county-op', key('review:0'), 'webhook'],
        ['city-op', key('review:1'), 'email'],
        ['city-op', key('review:1'), 'webhook'],
      ]);

      dispatcher.start();
      const awaiting = () =>
        (hook.bodies as { kind: string; recipient: string; text: string }[]).filter(
          (b) => b.kind === 'request.awaiting',
        );
      await expect.poll(() => awaiting().length, poll).toBe(3);
      const texts = awaiting().map((b) => [b.recipient, b.text]);
      const name = api.plan.current()!.systems.find((x) => x.id === s.id)!.name;
      expect(texts).toEqual([
        [
          'county-op',
          expect.stringContaining(`资源申请 #${r.id}（系统 ${name.zh}）已到“受理”环节，等待您受理`),
        ],
        [
          'county-op',
          expect.stringContaining(`资源申请 #${r.id}（系统 ${name.zh}）已到“审核”环节，等待您审核`),
        ],
        [
          'city-op',
          expect.stringContaining(
            `Resource request #${r.id} (system ${name.en}) has reached the review step and is waiting for you to review it`,
          ),
        ],
      ]);
    } finally {
      await dispatcher.stop();
      await hook.close();
    }
  });
});
