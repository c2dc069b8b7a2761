// The 国密 profile (#21) on a real PostgreSQL 15: a user's phone, mail address and TOTP secret are
// sealed with SM4 (pg_dump of the database shows none of them), while the store reads them back and
// sign-in with the TOTP code works; the audit chain, hashed with HMAC-SM3, verifies; and
// `yunqian verify` accepts a signed export and refuses a changed byte and another signer.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';
import { openStore, rawQuery, type Store } from '../../server/src/store/db.ts';
import { createUser, login } from '../../server/src/store/accounts.ts';
import { enrolmentKey, giveSecondFactor } from '../../server/src/store/second-factor.ts';
import { verifyAudit } from '../../server/src/store/audit.ts';
import { configureAuditAnchor } from '../../server/src/store/audit-anchor.ts';
import { configureCrypto } from '../../server/src/crypto/profile.ts';
import { getPreferences, setPreferences, DEFAULT_PREFERENCES } from '../../server/src/notify/preferences.ts';
import { enqueue, listOutbox } from '../../server/src/notify/outbox.ts';
import { base32Decode, totp } from '../../server/src/auth/totp.ts';
import { main } from '../../server/src/cli/main.ts';

const PHONE = '13912345678';
const EMAIL = 'wang.gm@dsj.example.gov.cn';
const AUDIT_KEY = 'audit-key-kept-off-the-database';
const DATA_KEY = randomBytes(32);

let pg: RunningPostgres;
let store: Store;
const dir = mkdtempSync(join(tmpdir(), 'yq-gm-'));
beforeAll(async () => {
  pg = await startPostgres();
  configureCrypto({ profile: 'gm', dataKey: DATA_KEY });
  configureAuditAnchor({ key: AUDIT_KEY });
  store = await openStore({ url: pg.url });
}, 120_000);
afterAll(async () => {
  configureCrypto({ profile: 'international' });
  configureAuditAnchor({});
  await store?.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (argv: string[]) => {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
};

describe('gm profile on PostgreSQL 15', () => {
  let secret = '';
  it('seals phone, mail address and TOTP secret; the store reads them back; sign-in works', async () => {
    await createUser(
      store,
      { username: 'wang', displayName: 'Wang', role: 'operator', password: 'First-passw0rd-ok' },
      { id: 'cli', requestId: 'r0' },
    );
    await rawQuery(store.db, `UPDATE users SET must_change_password = false WHERE username = 'wang'`);
    const now = new Date();
    const o = { secondFactorRoles: ['operator' as const] };
    const first = await login(store, 'wang', 'First-passw0rd-ok', 'r1', now, o);
    expect(first).toMatchObject({ ok: true, stage: 'enrol' });
    const token = (first as { token: string }).token;
    const key = await enrolmentKey(store, token, 'Yunqian', now);
    secret = key!.secret;
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    const code = totp(base32Decode(secret), now.getTime());
    expect(await giveSecondFactor(store, token, code, 'r2', now, o)).toMatchObject({ ok: true });
    // The next sign-in gives a code against the sealed secret (compared as stored, not re-sealed).
    const later = new Date(now.getTime() + 60_000);
    const again = await login(store, 'wang', 'First-passw0rd-ok', 'r3', later, o);
    expect(again).toMatchObject({ ok: true, stage: 'second-factor' });
    const t2 = (again as { token: string }).token;
    expect(await giveSecondFactor(store, t2, '000000', 'r4', later, o)).toMatchObject({ ok: false });
    expect(
      await giveSecondFactor(store, t2, totp(base32Decode(secret), later.getTime()), 'r5', later, o),
    ).toMatchObject({ ok: true });

    await store.db.transaction((tx) =>
      setPreferences(tx, 'wang', {
        ...DEFAULT_PREFERENCES,
        channels: ['email', 'dingtalk'],
        email: EMAIL,
        phone: PHONE,
      }),
    );
    expect(await getPreferences(store.db, 'wang')).toMatchObject({ email: EMAIL, phone: PHONE });
    await store.db.transaction((tx) =>
      enqueue(
        tx,
        [
          {
            recipient: 'wang',
            kind: 'sla.lapsed',
            params: { requestId: 1, system: 'x', dueAt: 'now' },
            dedupeKey: 'k',
          },
        ],
        ['email', 'dingtalk'],
      ),
    );
    const outbox = await listOutbox(store.db, { recipient: 'wang' });
    expect(outbox.map((r) => [r.channel, r.address])).toEqual([
      ['email', EMAIL],
      ['dingtalk', PHONE],
    ]);
    const [row] = (await rawQuery(
      store.db,
      `SELECT u.totp_secret, p.email, p.phone FROM users u JOIN notification_preferences p ON p.user_id = u.username`,
    )) as { totp_secret: string; email: string; phone: string }[];
    for (const v of Object.values(row!)) expect(v).toMatch(/^enc:sm4:v1:/);
  });

  it('pg_dump of the database holds none of them in plain text', () => {
    const dump = execFileSync('pg_dump', ['--no-owner', '--inserts', pg.url], {
      maxBuffer: 256 << 20,
    }).toString();
    expect(dump).toContain('enc:sm4:v1:');
    expect(dump).toContain('hmac-sm3:');
    for (const plain of [PHONE, EMAIL, secret]) expect(dump).not.toContain(plain);
  });

  it('the audit chain (HMAC-SM3) verifies with the key, and a changed row is named', async () => {
    expect((await verifyAudit(store.db, Buffer.from(AUDIT_KEY))).firstBroken).toBeNull();
    const [{ id }] = (await rawQuery(store.db, `SELECT max(id) AS id FROM audit_log`)) as [{ id: number }];
    const [{ hash }] = (await rawQuery(store.db, `SELECT hash FROM audit_log WHERE id = ${id}`)) as [
      { hash: string },
    ];
    expect(hash).toMatch(/^hmac-sm3:[0-9a-f]{64}$/);
    await rawQuery(store.db, `UPDATE audit_log SET actor = 'someone-else' WHERE id = ${id}`);
    expect((await verifyAudit(store.db, Buffer.from(AUDIT_KEY))).firstBroken).toEqual({
      id: Number(id),
      reason: 'hash',
    });
  });

  it(
    'yunqian verify: a signed file passes; a changed byte and another signer are refused',
    { timeout: 60_000 },
    async () => {
      const keyFile = join(dir, 'signing.key');
      const gen = await run([
        'keys',
        'generate',
        '--profile',
        'gm',
        '--user-id',
        'audit@dsj.example.gov.cn',
        '--out',
        keyFile,
      ]);
      expect(gen.code).toBe(0);
      expect(gen.out).toMatch(/SM2-SM3 signing key written/);
      expect((await run(['keys', 'generate', '--profile', 'gm', '--out', keyFile])).code).toBe(1); // never overwritten
      const publicKey = JSON.parse(readFileSync(keyFile, 'utf8')).publicKey as string;
      const other = join(dir, 'other.key');
      expect((await run(['keys', 'generate', '--profile', 'gm', '--out', other])).code).toBe(0);

      // The audit head, signed as an envelope, and an archive-like file signed beside it.
      const { signExport, signedHead } = await import('../../server/src/cli/crypto-commands.ts');
      const { loadConfig } = await import('../../server/src/config/config.ts');
      const config = loadConfig({ YUNQIAN_CRYPTO_PROFILE: 'gm' });
      config.crypto.signingKeyFile = keyFile;
      const head = join(dir, 'head.json');
      writeFileSync(
        head,
        await signedHead({ count: 3, lastId: 3, lastHash: 'hmac-sm3:00', at: 'now' }, config),
      );
      const ok = await run(['verify', head, '--key', publicKey]);
      expect(ok).toMatchObject({ code: 0 });
      expect(ok.out).toMatch(
        /verified \(its envelope, yunqian-audit-head\/1\): SM2-SM3, user ID audit@dsj\.example\.gov\.cn, signer sm3:/,
      );

      const file = join(dir, 'archive.jsonl');
      writeFileSync(file, '{"id":1}\n{"id":2}\n');
      await signExport(file, config, { write: () => 0 });
      expect((await run(['verify', file, '--key-file', keyFile])).code).toBe(0);
      // Another signer than the trusted one.
      const wrong = await run(['verify', file, '--key-file', other]);
      expect(wrong).toMatchObject({ code: 1 });
      expect(wrong.err).toMatch(/signed by another key than the trusted one/);
      // One changed byte.
      writeFileSync(file, '{"id":1}\n{"id":3}\n');
      const changed = await run(['verify', file, '--key', publicKey]);
      expect(changed).toMatchObject({ code: 1 });
      expect(changed.err).toMatch(/not the one signed/);
      // A file with no signature is not a pass.
      writeFileSync(join(dir, 'plain.txt'), 'x');
      expect((await run(['verify', join(dir, 'plain.txt')])).code).toBe(1);
    },
  );
});
