// The per-user phone (#21): DingTalk's robot @-mentions it (at.atMobiles), and with a data key the
// audit of a preferences change keeps the phone and address masked, not in clear.
import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkChannel } from '../../src/notify/channels/dingtalk.ts';
import { wecomChannel } from '../../src/notify/channels/wecom.ts';
import { auditablePreferences, DEFAULT_PREFERENCES } from '../../src/notify/preferences.ts';
import { configureCrypto } from '../../src/crypto/profile.ts';
import { startRobot } from '../fixtures/notify-receivers.ts';
import type { Outgoing } from '../../src/notify/channels/channel.ts';

afterEach(() => configureCrypto({ profile: 'international' }));

const message: Outgoing = {
  recipient: 'wang',
  address: '13912345678',
  kind: 'sla.lapsed',
  language: 'zh-CN',
  params: { requestId: 1, system: 'x', dueAt: 'now' },
  subject: '申请超时',
  text: '请处理',
};

describe('the phone number', () => {
  it('DingTalk @-mentions it; WeCom (same format) sends no at', async () => {
    const ding = await startRobot([{ body: { errcode: 0 } }]);
    const wecom = await startRobot([{ body: { errcode: 0 } }]);
    try {
      await dingtalkChannel(ding.url).send(message);
      await wecomChannel(wecom.url).send({ ...message, address: null });
      expect(ding.bodies).toEqual([
        {
          msgtype: 'text',
          text: { content: '申请超时\n@wang 请处理\n@13912345678' },
          at: { atMobiles: ['13912345678'], isAtAll: false },
        },
      ]);
      expect(wecom.bodies).toEqual([{ msgtype: 'text', text: { content: '申请超时\n@wang 请处理' } }]);
    } finally {
      await ding.close();
      await wecom.close();
    }
  });
  it('is masked in the audit when columns are sealed', () => {
    const p = { ...DEFAULT_PREFERENCES, email: 'wang@dsj.example.gov.cn', phone: '13912345678' };
    expect(auditablePreferences(p)).toEqual(p);
    configureCrypto({ profile: 'gm', dataKey: Buffer.alloc(32, 1) });
    expect(auditablePreferences(p)).toMatchObject({ email: 'w***@dsj.example.gov.cn', phone: '139****5678' });
  });
});
