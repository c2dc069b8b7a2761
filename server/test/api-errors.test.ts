// What a person sees when input is refused: over HTTP (the error formatter runs there), messages
// per field in the language the console asked for — never the validator's JSON or English text in
// the Chinese console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { catalogs } from '../src/api/errors/messages.ts';

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

async function call(path: string, viewer: string, input: unknown, language: string) {
  const r = await app.http.inject({
    method: 'POST',
    url: `/trpc/${path}`,
    headers: {
      'content-type': 'application/json',
      cookie: `yq-demo=${encodeURIComponent(viewer)}; yq-csrf=t`,
      'x-csrf-token': 't',
      'accept-language': language,
    },
    payload: JSON.stringify(input),
  });
  const body = JSON.parse(r.body) as {
    error: { message: string; data: { code: string; fieldErrors: Record<string, string[]> | null } };
  };
  return { status: r.statusCode, ...body.error };
}

const HAN = /\p{Script=Han}/u;

describe('input errors', () => {
  it('are per field, in Chinese by default and in English when asked, with the limits named', async () => {
    const bad = { system: '', network: 'internal', cpu: 5000, memoryGiB: -1, storageGiB: 0, reason: '短' };
    const zh = await call('requests.create', 'department:gat', bad, 'zh-CN,zh;q=0.9');
    expect(zh.status).toBe(400);
    expect(zh.message).toBe('请检查标出的内容。');
    expect(zh.data.fieldErrors).toEqual({
      system: ['至少 1 个字'],
      cpu: ['不能大于 1,024'],
      memoryGiB: ['不能小于 0'],
      reason: ['至少 4 个字'],
    });
    const en = await call('requests.create', 'department:gat', bad, 'en-GB,en;q=0.9');
    expect(en.message).toBe('Please check the marked fields.');
    expect(en.data.fieldErrors!.cpu).toEqual(['Must be at most 1,024']);
    for (const text of Object.values(en.data.fieldErrors!).flat()) expect(text).not.toMatch(HAN);
    // Nothing asked for at all: the rule's own message, on the field it names.
    const nothing = await call(
      'requests.create',
      'department:gat',
      {
        system: 'zwfw-portal',
        network: 'external',
        cpu: 0,
        memoryGiB: 0,
        storageGiB: 0,
        reason: '没有资源需求',
      },
      'zh-CN',
    );
    expect(nothing.data.fieldErrors).toEqual({ cpu: ['请至少申请一项资源（CPU、内存或存储）'] });
  });

  it('say an approval amount left empty is missing, not zero', async () => {
    const r = await call(
      'requests.decide',
      'operator:',
      { id: 1, version: 1, decision: 'approve', comment: '', adjusted: { memoryGiB: 4, storageGiB: 0 } },
      'zh-CN',
    );
    expect(r.status).toBe(400);
    expect(r.data.fieldErrors).toEqual({ 'adjusted.cpu': ['请填写数字'] });
  });

  it("name a rule a router checks (the plan's network) with the system's name in the viewer's language", async () => {
    const input = {
      system: 'zwfw-portal',
      network: 'internal',
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 0,
      reason: '试运行扩容',
    };
    const zh = await call('requests.create', 'department:zwfwb', input, 'zh-CN');
    expect(zh.data.fieldErrors!.network![0]).toMatch(/^规划将 .+ 部署在政务外网，请选择该网络$/);
    const en = await call('requests.create', 'department:zwfwb', input, 'en');
    expect(en.data.fieldErrors!.network![0]).toMatch(
      /^The plan places .+ on the external network; choose that network$/,
    );
    expect(en.data.fieldErrors!.network![0]).not.toMatch(HAN);
  });

  it('have the same keys in both languages', () => {
    expect(Object.keys(catalogs.en).sort()).toEqual(Object.keys(catalogs['zh-CN']).sort());
  });
});
