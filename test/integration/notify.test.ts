// Notifications with several replicas: two dispatchers (two connection pools, as two processes
// would have) on one real PostgreSQL 15 share one outbox. Each of 50 notifications reaches the
// DingTalk receiver exactly once, refusals retried included, and both dispatchers take part.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { openStore, rawQuery, type Store } from '../../server/src/store/db.ts';
import { enqueue, listOutbox } from '../../server/src/notify/outbox.ts';
import { DEFAULT_PREFERENCES, setPreferences } from '../../server/src/notify/preferences.ts';
import { Dispatcher } from '../../server/src/notify/dispatcher.ts';
import { dingtalkChannel } from '../../server/src/notify/channels/dingtalk.ts';
import type { Channel } from '../../server/src/notify/channels/channel.ts';

let pg: RunningPostgres;
const stores: Store[] = [];
beforeAll(async () => {
  pg = await startPostgres();
  // Two replicas: the second opens the database the first migrated.
  stores.push(await openStore({ url: pg.url }));
  stores.push(await openStore({ url: pg.url }));
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close();
  await pg?.stop();
});

/**
 * A DingTalk robot: answers after a moment (so sends overlap), and refuses the first delivery of
 * every fifth notification (200 with errcode ≠ 0, as DingTalk does when a group is sent too much).
 */
async function dingtalk() {
  const accepted: string[] = [];
  const refused: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: { content: string } };
      const n = /#(\d+)/.exec(body.text.content)![1]!;
      const refuse = Number(n) % 5 === 0 && !refused.includes(n);
      setTimeout(() => {
        if (refuse) refused.push(n);
        else accepted.push(n);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            refuse ? { errcode: 130101, errmsg: 'send too fast' } : { errcode: 0, errmsg: 'ok' },
          ),
        );
      }, 15);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send?access_token=t`;
  return {
    url,
    accepted,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the outbox with two dispatchers on one PostgreSQL', () => {
  it('sends each of 50 notifications exactly once, and honours a user who turned the event off', async () => {
    const [a, b] = stores as [Store, Store];
    const robot = await dingtalk();
    // Ten reviewers; one of them turned "a step waiting for you" off.
    const users = Array.from({ length: 11 }, (_, i) => `op-${i}`);
    await setPreferences(a.db, 'op-10', {
      ...DEFAULT_PREFERENCES,
      events: DEFAULT_PREFERENCES.events.filter((k) => k !== 'request.awaiting'),
    });
    // 50 notifications for the ten, and the same for the eleventh; each enqueued twice (both
    // replicas saw the event): the dedupe key keeps one.
    const batch = (n: number) => ({
      recipient: users[n % 10]!,
      kind: 'request.awaiting' as const,
      params: { requestId: n, system: `系统${n}`, dueAt: '2026-12-09 17:00' },
      dedupeKey: `request:${n}:step:0`,
    });
    const all = Array.from({ length: 50 }, (_, i) => batch(i + 1));
    const muted = all.map((x) => ({ ...x, recipient: 'op-10' }));
    expect(await a.db.transaction((tx) => enqueue(tx, [...all, ...muted], ['dingtalk']))).toBe(50);
    expect(await b.db.transaction((tx) => enqueue(tx, all, ['dingtalk']))).toBe(0);

    // Which dispatcher sent what (each has its own channel object).
    const sentBy = { a: 0, b: 0 };
    const counted = (who: 'a' | 'b'): Channel => {
      const inner = dingtalkChannel(robot.url);
      return {
        name: 'dingtalk',
        async send(m) {
          await inner.send(m);
          sentBy[who]++;
        },
      };
    };
    const options = { batch: 4, intervalMs: 10, baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 };
    const dispatchers = [
      new Dispatcher({ db: a.db, channels: [counted('a')], ...options }),
      new Dispatcher({ db: b.db, channels: [counted('b')], ...options }),
    ];
    try {
      for (const d of dispatchers) d.start();
      await expect
        .poll(async () => (await listOutbox(a.db)).filter((r) => r.status === 'sent').length, {
          timeout: 30_000,
          interval: 50,
        })
        .toBe(50);
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
    // Exactly once: 50 accepted deliveries, no notification twice, none for the one who opted out.
    expect(robot.accepted).toHaveLength(50);
    expect(new Set(robot.accepted).size).toBe(50);
    // 60 posts in all: the 50 and the ten refused first attempts, nothing else.
    expect(robot.accepted.length + robot.refused.length).toBe(60);
    expect(robot.refused.sort()).toEqual(['10', '15', '20', '25', '30', '35', '40', '45', '5', '50']);
    expect(sentBy.a + sentBy.b).toBe(50);
    expect(sentBy.a).toBeGreaterThan(0);
    expect(sentBy.b).toBeGreaterThan(0);
    const rows = await listOutbox(b.db);
    expect(rows).toHaveLength(50);
    expect(rows.some((r) => r.recipient === 'op-10')).toBe(false);
    // The refused ones went through on their second attempt, the refusal kept as their last error.
    const retried = rows.filter((r) => r.attempts === 2);
    expect(retried.map((r) => r.params.requestId).sort((x, y) => Number(x) - Number(y))).toEqual([
      5, 10, 15, 20, 25, 30, 35, 40, 45, 50,
    ]);
    for (const r of retried) expect(r.lastError).toContain('errcode 130101 send too fast');
    expect(rows.filter((r) => r.attempts === 1)).toHaveLength(40);
    await robot.close();
  });

  it('sends again a row whose dispatcher died while sending, once its claim lapses, and not before', async () => {
    const [a] = stores as [Store];
    const robot = await dingtalk();
    await a.db.transaction((tx) =>
      enqueue(
        tx,
        [101, 102].map((n) => ({
          recipient: 'op-1',
          kind: 'sla.lapsed' as const,
          params: { requestId: n, system: `系统${n}`, dueAt: '2026-12-01 17:00' },
          dedupeKey: `request:${n}:lapsed`,
        })),
        ['dingtalk'],
      ),
    );
    // Two rows claimed by a dispatcher that is gone: one claim has lapsed, the other still holds.
    await rawQuery(
      a.db,
      `UPDATE notification_outbox SET status = 'sending', claim = 'gone', attempts = 1,
        next_attempt_at = now() + CASE WHEN params->>'requestId' = '101' THEN interval '-1 second' ELSE interval '1 hour' END
       WHERE dedupe_key LIKE 'request:10_:lapsed'`,
    );
    const d = new Dispatcher({ db: a.db, channels: [dingtalkChannel(robot.url)], intervalMs: 10 }).start();
    try {
      const state = async () =>
        (await listOutbox(a.db, { recipient: 'op-1' }))
          .filter((r) => r.kind === 'sla.lapsed')
          .map((r) => [r.params.requestId, r.status, r.attempts]);
      await expect.poll(state, { timeout: 10_000, interval: 20 }).toEqual([
        [101, 'sent', 2],
        [102, 'sending', 1],
      ]);
      expect(robot.accepted).toEqual(['101']);
    } finally {
      await d.stop();
      await robot.close();
    }
  });
});
