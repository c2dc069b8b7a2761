// The whole server with notifications configured: a request made over HTTP reaches the reviewer
// awaited through the dispatcher the server runs, and closing the server stops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createUser } from '../../src/store/accounts.ts';
import { startRobot, type Robot } from '../fixtures/notify-receivers.ts';

let app: App;
let hook: Robot;
beforeAll(async () => {
  hook = await startRobot([{ body: {} }]);
  const config = loadConfig({
    YUNQIAN_SANDBOX: 'true',
    YUNQIAN_SANDBOX_SPEED: '0',
    YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
    YUNQIAN_LOG_LEVEL: 'silent',
  });
  app = await createApp({
    ...config,
    plan: { ...config.plan, watch: false },
    notifications: { ...config.notifications, enabled: true, pollSeconds: 0.05, webhook: { url: hook.url } },
  });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hook?.close();
});

describe('notifications in the server', () => {
  it('tells the province’s operator that a province department’s application awaits acceptance', async () => {
    await createUser(
      app.store,
      { username: 'province-op', displayName: '省', role: 'operator' },
      { id: 'setup', requestId: 'setup' },
    );
    const system = [...app.readModel().index!.system.values()].find((s) => s.department === 'gat')!;
    const r = await app.http.inject({
      method: 'POST',
      url: '/trpc/requests.create',
      headers: {
        'content-type': 'application/json',
        cookie: `yq-demo=${encodeURIComponent('department:gat')}; yq-csrf=t`,
        'x-csrf-token': 't',
      },
      payload: JSON.stringify({
        system: system.id,
        network: system.network,
        cpu: 2,
        memoryGiB: 4,
        storageGiB: 0,
        reason: '业务高峰扩容',
        filing: system.mlps.filing,
      }),
    });
    expect(r.statusCode).toBe(200);
    const id = (JSON.parse(r.body) as { result: { data: { id: number } } }).result.data.id;
    // (The server also tells its operators of what it reads from the sandbox — drift, quotas — when
    // its first look at the engine's versions finds the account already there: not counted here.)
    const requests = () => hook.bodies.filter((b) => (b as { kind: string }).kind === 'request.awaiting');
    await expect.poll(requests, { timeout: 10_000, interval: 20 }).toEqual([
      expect.objectContaining({
        kind: 'request.awaiting',
        recipient: 'province-op',
        subject: `【云迁】资源申请 #${id} 等待您受理`,
      }),
    ]);
  });
});
