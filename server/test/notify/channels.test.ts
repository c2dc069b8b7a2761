// The channels against real receivers: a real SMTP server gets the mail in Chinese; HTTP receivers
// answer as DingTalk, WeCom and Feishu do, refusals included (200 with a non-zero code), which the
// dispatcher retries with back-off and then gives up, keeping the receiver's words.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { enqueue, listOutbox, type Notification } from '../../src/notify/outbox.ts';
import { setPreferences, DEFAULT_PREFERENCES } from '../../src/notify/preferences.ts';
import { backoffMs, Dispatcher } from '../../src/notify/dispatcher.ts';
import { smtpChannel } from '../../src/notify/channels/smtp.ts';
import { dingtalkChannel } from '../../src/notify/channels/dingtalk.ts';
import { wecomChannel } from '../../src/notify/channels/wecom.ts';
import { feishuChannel } from '../../src/notify/channels/feishu.ts';
import { webhookChannel } from '../../src/notify/channels/webhook.ts';
import type { Channel } from '../../src/notify/channels/channel.ts';
import { startRobot, startSmtp } from '../fixtures/notify-receivers.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore({});
});
afterAll(() => store?.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A dispatcher polling fast, with short back-off, stopped after the test. */
function dispatching(channels: Channel[], maxAttempts = 3) {
  const d = new Dispatcher({
    db: store.db,
    channels,
    maxAttempts,
    baseDelayMs: 20,
    maxDelayMs: 200,
    intervalMs: 20,
  }).start();
  cleanups.push(() => d.stop());
  return d;
}

const waiting = (id: number, recipient: string): Notification => ({
  recipient,
  kind: 'request.awaiting',
  params: {
    requestId: id,
    system: '社保卡服务',
    systemEn: 'Social security card',
    step: 'review',
    dueAt: '2026-12-09 17:00',
  },
  dedupeKey: `request:${id}:step:0`,
});
const rowsOf = async (recipient: string) => listOutbox(store.db, { recipient });
const poll = { timeout: 10_000, interval: 20 };

describe('notification channels', () => {
  it('mails the zh-CN text through a real SMTP server', async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    await setPreferences(store.db, 'li', {
      ...DEFAULT_PREFERENCES,
      channels: ['email'],
      email: 'li@dsj.example.gov.cn',
    });
    await store.db.transaction((tx) => enqueue(tx, [waiting(7, 'li')], ['email']));
    const mail = smtpChannel({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'yunqian@example.gov.cn',
    });
    cleanups.push(() => mail.close());
    dispatching([mail]);

    await expect.poll(() => smtp.mails.length, poll).toBe(1);
    const [m] = smtp.mails;
    expect(m!.to).toEqual(['li@dsj.example.gov.cn']);
    expect(m!.subject).toBe('【云迁】资源申请 #7 等待您审核');
    expect(m!.text).toBe(
      '资源申请 #7（系统 社保卡服务）已到“审核”环节，等待您审核。请在时限（2026-12-09 17:00）前办理。',
    );
    await expect.poll(async () => (await rowsOf('li')).map((r) => r.status), poll).toEqual(['sent']);
    expect((await rowsOf('li'))[0]).toMatchObject({ channel: 'email', attempts: 1, lastError: null });
  });

  it('posts each robot its own format, in the recipient’s language', async () => {
    const ding = await startRobot([{ body: { errcode: 0, errmsg: 'ok' } }]);
    const wecom = await startRobot([{ body: { errcode: 0, errmsg: 'ok' } }]);
    const feishu = await startRobot([{ body: { code: 0, msg: 'success', data: {} } }]);
    const hook = await startRobot([{ status: 204, body: null }]);
    for (const r of [ding, wecom, feishu, hook]) cleanups.push(() => r.close());
    await setPreferences(store.db, 'zhao', {
      ...DEFAULT_PREFERENCES,
      channels: ['dingtalk', 'wecom', 'feishu', 'webhook'],
      language: 'en',
    });
    await store.db.transaction((tx) =>
      enqueue(tx, [waiting(8, 'zhao')], ['dingtalk', 'wecom', 'feishu', 'webhook']),
    );
    dispatching([
      dingtalkChannel(ding.url),
      wecomChannel(wecom.url),
      feishuChannel(feishu.url),
      webhookChannel(hook.url),
    ]);
    await expect
      .poll(async () => (await rowsOf('zhao')).map((r) => r.status), poll)
      .toEqual(['sent', 'sent', 'sent', 'sent']);
    const content = expect.stringContaining(
      'Resource request #8 (system Social security card) has reached the review step and is waiting for you to review it. Please do so before its time limit (2026-12-09 17:00).',
    );
    expect(ding.bodies).toEqual([{ msgtype: 'text', text: { content } }]);
    expect(wecom.bodies).toEqual([{ msgtype: 'text', text: { content } }]);
    expect(feishu.bodies).toEqual([{ msg_type: 'text', content: { text: content } }]);
    expect(hook.bodies).toEqual([
      {
        kind: 'request.awaiting',
        recipient: 'zhao',
        language: 'en',
        subject: '[Yunqian] Resource request #8 is waiting for you',
        text: content,
        params: expect.objectContaining({ requestId: 8 }),
      },
    ]);
  });

  it('retries a refusal (200 with a non-zero code) and, after the last attempt, keeps the error', async () => {
    // DingTalk refuses once (too many messages a minute), then takes it.
    const ding = await startRobot([
      { body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } },
      { body: { errcode: 0, errmsg: 'ok' } },
    ]);
    // WeCom always refuses (a wrong key).
    const wecom = await startRobot([{ body: { errcode: 93000, errmsg: 'invalid webhook url' } }]);
    // Feishu always refuses (a signature the bot does not accept), in the older reply shape once.
    const feishu = await startRobot([
      { body: { StatusCode: 19021, StatusMessage: 'sign match fail' } },
      { body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' } },
    ]);
    // The generic webhook's receiver is down for a moment: 503, then 200.
    const hook = await startRobot([{ status: 503, body: { error: 'busy' } }, { body: {} }]);
    for (const r of [ding, wecom, feishu, hook]) cleanups.push(() => r.close());
    await setPreferences(store.db, 'qian', {
      ...DEFAULT_PREFERENCES,
      channels: ['dingtalk', 'wecom', 'feishu', 'webhook'],
    });
    await store.db.transaction((tx) =>
      enqueue(tx, [waiting(9, 'qian')], ['dingtalk', 'wecom', 'feishu', 'webhook']),
    );
    dispatching(
      [
        dingtalkChannel(ding.url),
        wecomChannel(wecom.url),
        feishuChannel(feishu.url),
        webhookChannel(hook.url),
      ],
      3,
    );
    const byChannel = async () => Object.fromEntries((await rowsOf('qian')).map((r) => [r.channel, r]));
    await expect
      .poll(
        async () =>
          Object.values(await byChannel())
            .map((r) => r.status)
            .sort(),
        poll,
      )
      .toEqual(['failed', 'failed', 'sent', 'sent']);
    const rows = await byChannel();
    expect(rows.dingtalk).toMatchObject({ status: 'sent', attempts: 2 });
    expect(rows.dingtalk!.lastError).toContain('errcode 130101');
    expect(rows.webhook).toMatchObject({ status: 'sent', attempts: 2 });
    expect(rows.webhook!.lastError).toContain('answered 503');
    expect(rows.wecom).toMatchObject({ status: 'failed', attempts: 3 });
    expect(rows.wecom!.lastError).toContain('errcode 93000 invalid webhook url');
    expect(rows.feishu).toMatchObject({ status: 'failed', attempts: 3 });
    expect(rows.feishu!.lastError).toContain('code 19021 sign match fail or timestamp');
    // The robot's token never reaches the stored error.
    expect(rows.wecom!.lastError).not.toContain('access_token');
    // Each receiver was asked exactly as often as the row says, and never again after giving up.
    expect([ding.bodies.length, wecom.bodies.length, feishu.bodies.length, hook.bodies.length]).toEqual([
      2, 3, 3, 2,
    ]);
  });

  it('waits longer after each failure, up to a ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffMs(n, 30_000, 3_600_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 3_600_000,
    ]);
  });
});
