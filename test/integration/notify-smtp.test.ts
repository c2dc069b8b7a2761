// Mail through a real SMTP server (the npm smtp-server, in this process on a free loopback port)
// from the outbox on a real PostgreSQL 15, sent by two dispatchers as two replicas would: each
// recipient gets their text in the language they chose; a 5xx refusal (at RCPT TO or after DATA)
// is a failure, retried after a back-off that doubles, and the mail is then delivered exactly once;
// an address always refused is given up after the last attempt with the server's words kept.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { openStore, type Store } from '../../server/src/store/db.ts';
import { enqueue, listOutbox, type Notification } from '../../server/src/notify/outbox.ts';
import { DEFAULT_PREFERENCES, setPreferences } from '../../server/src/notify/preferences.ts';
import { Dispatcher } from '../../server/src/notify/dispatcher.ts';
import { smtpChannel } from '../../server/src/notify/channels/smtp.ts';
import { parseMail } from '../../server/test/fixtures/notify-receivers.ts';

let pg: RunningPostgres;
const stores: Store[] = [];
beforeAll(async () => {
  pg = await startPostgres();
  stores.push(await openStore({ url: pg.url }));
  stores.push(await openStore({ url: pg.url }));
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close();
  await pg?.stop();
});

interface Attempt {
  to: string;
  at: number;
  outcome: 'accepted' | 'refused at RCPT' | 'refused at DATA';
}

/**
 * An SMTP server that keeps each mail it accepts and every attempt. `refuseRcpt` maps an address
 * to how many of its first RCPT TO commands get 550; `refuseData` the same for 554 after DATA.
 */
async function smtpServer(o: { refuseRcpt: Record<string, number>; refuseData: Record<string, number> }) {
  const mails: { to: string[]; subject: string; text: string; from: string }[] = [];
  const attempts: Attempt[] = [];
  const seen = (to: string, stage: 'rcpt' | 'data') =>
    attempts.filter((a) => a.to === to && (stage === 'data' ? a.outcome !== 'refused at RCPT' : true)).length;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address;
      if (seen(to, 'rcpt') < (o.refuseRcpt[to] ?? 0)) {
        attempts.push({ to, at: Date.now(), outcome: 'refused at RCPT' });
        const e = new Error('5.7.1 Recipient temporarily not accepted by policy') as Error & {
          responseCode: number;
        };
        e.responseCode = 550;
        callback(e);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const first = to[0]!;
        if (seen(first, 'data') < (o.refuseData[first] ?? 0)) {
          attempts.push({ to: first, at: Date.now(), outcome: 'refused at DATA' });
          const e = new Error('5.3.4 Message rejected by content filter') as Error & { responseCode: number };
          e.responseCode = 554;
          callback(e);
          return;
        }
        attempts.push({ to: first, at: Date.now(), outcome: 'accepted' });
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to,
          ...parseMail(Buffer.concat(chunks).toString('latin1')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const awaiting = (id: number, recipient: string): Notification => ({
  recipient,
  kind: 'request.awaiting',
  params: {
    requestId: id,
    step: 'review',
    system: '社保卡服务',
    systemEn: 'Social security card',
    dueAt: '2026-12-09 17:00',
  },
  dedupeKey: `request:${id}:step:0`,
});

describe('mail through a real SMTP server from the outbox on PostgreSQL', () => {
  it('delivers each recipient’s mail once in their language, retrying 5xx refusals with back-off', async () => {
    const [a, b] = stores as [Store, Store];
    const addr = {
      wang: 'wang@dsj.example.gov.cn',
      smith: 'smith@dsj.example.gov.cn',
      zhou: 'zhou@dsj.example.gov.cn',
      gone: 'gone@dsj.example.gov.cn',
    };
    const smtp = await smtpServer({
      // wang's mail is refused at RCPT TO once; smith's after DATA twice; gone's always.
      refuseRcpt: { [addr.wang]: 1, [addr.gone]: 99 },
      refuseData: { [addr.smith]: 2 },
    });
    await setPreferences(a.db, 'wang', { ...DEFAULT_PREFERENCES, channels: ['email'], email: addr.wang });
    await setPreferences(a.db, 'smith', {
      ...DEFAULT_PREFERENCES,
      channels: ['email'],
      email: addr.smith,
      language: 'en',
    });
    await setPreferences(a.db, 'zhou', { ...DEFAULT_PREFERENCES, channels: ['email'], email: addr.zhou });
    await setPreferences(a.db, 'gone', { ...DEFAULT_PREFERENCES, channels: ['email'], email: addr.gone });
    // 'li' never chose: the defaults have no mail (no address), so nothing is enqueued for her.
    const events = [awaiting(31, 'wang'), awaiting(32, 'smith'), awaiting(33, 'zhou'), awaiting(34, 'gone')];
    expect(await a.db.transaction((tx) => enqueue(tx, [...events, awaiting(35, 'li')], ['email']))).toBe(4);
    // The second replica saw the same events: enqueued once.
    expect(await b.db.transaction((tx) => enqueue(tx, events, ['email']))).toBe(0);

    const baseDelayMs = 300;
    const options = { baseDelayMs, maxDelayMs: 5_000, maxAttempts: 3, intervalMs: 20 };
    const channels = [0, 1].map(() =>
      smtpChannel({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'yunqian@dsj.example.gov.cn' }),
    );
    const dispatchers = [
      new Dispatcher({ db: a.db, channels: [channels[0]!], ...options }).start(),
      new Dispatcher({ db: b.db, channels: [channels[1]!], ...options }).start(),
    ];
    try {
      await expect
        .poll(async () => (await listOutbox(a.db)).map((r) => [r.recipient, r.status, r.attempts]), {
          timeout: 20_000,
          interval: 50,
        })
        .toEqual([
          ['wang', 'sent', 2],
          ['smith', 'sent', 3],
          ['zhou', 'sent', 1],
          ['gone', 'failed', 3],
        ]);
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      for (const c of channels) c.close();
      await smtp.close();
    }

    // Exactly one mail each for the three delivered, none for the refused address.
    expect(smtp.mails.map((m) => m.to)).toHaveLength(3);
    const mailTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
    for (const address of [addr.wang, addr.smith, addr.zhou]) expect(mailTo(address)).toHaveLength(1);
    expect(mailTo(addr.gone)).toHaveLength(0);

    // zh-CN for wang and zhou, English for smith (who chose it).
    const [wang] = mailTo(addr.wang);
    expect(wang).toMatchObject({ from: 'yunqian@dsj.example.gov.cn', to: [addr.wang] });
    expect(wang!.subject).toBe('【云迁】资源申请 #31 等待您审核');
    expect(wang!.text).toBe(
      '资源申请 #31（系统 社保卡服务）已到“审核”环节，等待您审核。请在时限（2026-12-09 17:00）前办理。',
    );
    expect(mailTo(addr.zhou)[0]!.subject).toBe('【云迁】资源申请 #33 等待您审核');
    const [smith] = mailTo(addr.smith);
    expect(smith!.to).toEqual([addr.smith]);
    expect(smith!.subject).toBe('[Yunqian] Resource request #32 is waiting for you');
    expect(smith!.text).toBe(
      'Resource request #32 (system Social security card) has reached the review step and is waiting for you to review it. Please do so before its time limit (2026-12-09 17:00).',
    );

    // The refusals were failures, each retried after the back-off: base, then twice the base.
    const gaps = (address: string) => {
      const at = smtp.attempts.filter((x) => x.to === address).map((x) => x.at);
      return at.slice(1).map((t, i) => t - at[i]!);
    };
    expect(smtp.attempts.filter((x) => x.to === addr.wang).map((x) => x.outcome)).toEqual([
      'refused at RCPT',
      'accepted',
    ]);
    expect(smtp.attempts.filter((x) => x.to === addr.smith).map((x) => x.outcome)).toEqual([
      'refused at DATA',
      'refused at DATA',
      'accepted',
    ]);
    expect(smtp.attempts.filter((x) => x.to === addr.gone).map((x) => x.outcome)).toEqual([
      'refused at RCPT',
      'refused at RCPT',
      'refused at RCPT',
    ]);
    // (A few milliseconds of slack: the database's clock decides when a row is due.)
    const [w1] = gaps(addr.wang);
    expect(w1).toBeGreaterThanOrEqual(baseDelayMs - 20);
    const [s1, s2] = gaps(addr.smith);
    expect(s1).toBeGreaterThanOrEqual(baseDelayMs - 20);
    expect(s2).toBeGreaterThanOrEqual(2 * baseDelayMs - 20);
    const [g1, g2] = gaps(addr.gone);
    expect(g1).toBeGreaterThanOrEqual(baseDelayMs - 20);
    expect(g2).toBeGreaterThanOrEqual(2 * baseDelayMs - 20);

    // Each row keeps the server's last refusal; the delivered ones too (it is the last error seen).
    const rows = new Map((await listOutbox(b.db)).map((r) => [r.recipient, r]));
    expect(rows.get('wang')!.lastError).toMatch(/550.*Recipient temporarily not accepted/);
    expect(rows.get('smith')!.lastError).toMatch(/554.*Message rejected by content filter/);
    expect(rows.get('zhou')!.lastError).toBeNull();
    expect(rows.get('gone')!.lastError).toMatch(/550.*Recipient temporarily not accepted/);
    expect(rows.get('gone')!.sentAt).toBeNull();
    for (const r of ['wang', 'smith', 'zhou']) expect(rows.get(r)!.sentAt).not.toBeNull();
  });
});
