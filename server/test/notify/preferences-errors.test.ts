// Refused notification settings are said on their field, in the console's language: an address
// that is not one, and mail chosen without an address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';

let app: App;
beforeAll(async () => {
  const config = loadConfig({
    YUNQIAN_SANDBOX: 'true',
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
    YUNQIAN_LOG_LEVEL: 'silent',
  });
  app = await createApp({ ...config, plan: { ...config.plan, watch: false } });
}, 60_000);
afterAll(() => app?.close());

async function save(input: unknown, language: string) {
  const r = await app.http.inject({
    method: 'POST',
    url: '/trpc/notifications.setPreferences',
    headers: {
      'content-type': 'application/json',
      cookie: `yq-demo=${encodeURIComponent('operator:')}; yq-csrf=t`,
      'x-csrf-token': 't',
      'accept-language': language,
    },
    payload: JSON.stringify(input),
  });
  const body = JSON.parse(r.body) as {
    error?: { message: string; data: { fieldErrors: Record<string, string[]> | null } };
  };
  return { status: r.statusCode, error: body.error };
}

const base = { channels: ['email'], events: ['request.awaiting'], language: 'zh-CN' };

describe('notification settings refused', () => {
  it('name the field in Chinese and in English', async () => {
    const notAnAddress = await save({ ...base, email: 'zhang@' }, 'zh-CN');
    expect(notAnAddress.status).toBe(400);
    expect(notAnAddress.error!.message).toBe('请检查标出的内容。');
    expect(notAnAddress.error!.data.fieldErrors).toEqual({
      email: ['请填写有效的电子邮箱地址，如 zhangsan@example.gov.cn'],
    });
    const none = await save({ ...base, email: null }, 'zh-CN');
    expect(none.error!.data.fieldErrors).toEqual({ email: ['选择电子邮件通知须填写邮箱地址'] });
    const en = await save({ ...base, email: null }, 'en-GB,en;q=0.9');
    expect(en.error!.data.fieldErrors).toEqual({ email: ['Give a mail address to be notified by mail'] });
    // Without mail, no address is needed.
    expect((await save({ ...base, channels: ['webhook'], email: null }, 'zh-CN')).status).toBe(200);
  });
});
