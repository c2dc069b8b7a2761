// Notifications from the configuration: off by default; each configured channel built with its
// URL from the environment variable it names; a named variable that is unset stops the start.
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/config.ts';
import { configuredChannels, startNotifications } from '../../src/notify/setup.ts';
import { openStore } from '../../src/store/db.ts';

const quiet = { warn() {} };

describe('notifications configuration', () => {
  it('is off by default, and without a channel', async () => {
    const n = ConfigSchema.parse({}).notifications;
    expect(n).toMatchObject({ enabled: false, maxAttempts: 6, retryBaseSeconds: 30 });
    const store = await openStore({});
    try {
      expect(startNotifications(n, store.db, quiet)).toBeNull();
      expect(startNotifications({ ...n, enabled: true }, store.db, quiet)).toBeNull();
      const on = startNotifications(
        { ...n, enabled: true, webhook: { url: 'http://127.0.0.1:9/hook' } },
        store.db,
        quiet,
      );
      expect(on?.available).toEqual(['webhook']);
      await on?.close();
    } finally {
      await store.close();
    }
  });

  it('builds each channel configured, robot URLs from the environment', () => {
    const n = ConfigSchema.parse({
      notifications: {
        enabled: true,
        smtp: { host: 'mail.example.gov.cn', from: 'yunqian@example.gov.cn' },
        dingtalk: {},
        wecom: { urlEnv: 'WECOM_URL' },
        feishu: {},
        webhook: { url: 'https://oa.example.gov.cn/notify' },
      },
    }).notifications;
    const env = {
      YUNQIAN_DINGTALK_WEBHOOK: 'https://oapi.dingtalk.com/robot/send?access_token=a',
      WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b',
      YUNQIAN_FEISHU_WEBHOOK: 'https://open.feishu.cn/open-apis/bot/v2/hook/c',
    };
    const channels = configuredChannels(n, env);
    expect(channels.map((c) => c.name)).toEqual(['email', 'dingtalk', 'wecom', 'feishu', 'webhook']);
    for (const c of channels) (c as { close?: () => void }).close?.();
    expect(() => configuredChannels(n, { ...env, WECOM_URL: '' })).toThrow(
      'notifications.wecom.urlEnv: WECOM_URL is not set',
    );
  });
});
