// `yunqian audit verify` on a PGlite data directory: intact, then with one row edited behind
// Yunqian's back, which it must name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { openStore, rawQuery } from '../src/store/db.ts';
import { audit } from '../src/store/audit.ts';

const dir = mkdtempSync(join(tmpdir(), 'yq-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (argv: string[]) => {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
};

describe('yunqian audit verify', () => {
  it('passes an intact chain and names the first tampered row', async () => {
    process.env.YUNQIAN_DATA_DIR = join(dir, 'db');
    const store = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
    for (let i = 1; i <= 4; i++)
      await store.db.transaction((tx) =>
        audit(tx, {
          actor: 'op',
          action: 'x.change',
          objectType: 'x',
          objectId: String(i),
          before: null,
          after: { i },
          requestId: `r${i}`,
        }),
      );
    await store.close();
    expect(await run(['audit', 'verify'])).toMatchObject({ code: 0, out: 'audit log intact: 4 rows\n' });

    const again = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
    await rawQuery(again.db, `UPDATE audit_log SET actor = 'someone-else' WHERE id = 3`);
    await again.close();
    const r = await run(['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('audit log broken at row 3 (row changed); 4 rows\n');
    delete process.env.YUNQIAN_DATA_DIR;
    // Opens a PGlite directory three times (migrations each time): 25 s was seen on 2 loaded cores.
  }, 60_000);
});

describe('yunqian user (account lifecycle)', () => {
  it(
    'disables, unlocks, changes role and password, removes: each audited, none by raw SQL',
    { timeout: 60_000 },
    async () => {
      process.env.YUNQIAN_DATA_DIR = join(dir, 'users');
      process.env.YUNQIAN_NEW_PASSWORD = 'First-passw0rd-ok';
      try {
        expect((await run(['user', 'create', 'chen', 'department', 'gat'])).code).toBe(0);
        for (const argv of [
          ['user', 'disable', 'chen'],
          ['user', 'enable', 'chen'],
          ['user', 'unlock', 'chen'],
          ['user', 'set-role', 'chen', 'operator'],
        ])
          expect(await run(argv)).toMatchObject({ code: 0 });
        process.env.YUNQIAN_NEW_PASSWORD = 'aaaaaaaaaaaa';
        const weak = await run(['user', 'set-password', 'chen']);
        expect(weak.code).toBe(1);
        expect(weak.err).toMatch(/passwords need/);
        process.env.YUNQIAN_NEW_PASSWORD = 'Second-passw0rd-ok';
        expect((await run(['user', 'set-password', 'chen'])).code).toBe(0);
        expect((await run(['user', 'remove', 'chen'])).code).toBe(0);
        expect((await run(['user', 'remove', 'chen'])).err).toMatch(/no account chen/);
        const store = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
        const { listAudit } = await import('../src/store/audit.ts');
        const actions = (await listAudit(store.db, { objectId: 'chen' })).map((r) => r.action).reverse();
        expect(actions).toEqual([
          'user.create',
          'user.disable',
          'user.enable',
          'user.unlock',
          'user.set-role',
          'user.set-password',
          'user.remove',
        ]);
        await store.close();
        expect(await run(['audit', 'verify'])).toMatchObject({ code: 0 });
      } finally {
        delete process.env.YUNQIAN_DATA_DIR;
        delete process.env.YUNQIAN_NEW_PASSWORD;
      }
    },
  );
});

describe('audit chain anchored outside the database', () => {
  it(
    'keyed hashes, a signed head that catches truncation and a wiped table, and rows forwarded to syslog',
    { timeout: 60_000 },
    async () => {
      const { configureAuditAnchor } = await import('../src/store/audit-anchor.ts');
      const { createSocket } = await import('node:dgram');
      const { writeFileSync } = await import('node:fs');
      // A syslog collector in the test process.
      const received: string[] = [];
      const collector = createSocket('udp4');
      collector.on('message', (m) => received.push(m.toString()));
      await new Promise<void>((r) => collector.bind(0, '127.0.0.1', () => r()));
      const port = collector.address().port;
      process.env.YUNQIAN_DATA_DIR = join(dir, 'anchored');
      process.env.YUNQIAN_AUDIT_KEY = 'audit-key-kept-out-of-the-database';
      configureAuditAnchor({ key: process.env.YUNQIAN_AUDIT_KEY, syslog: { host: '127.0.0.1', port } });
      try {
        const store = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
        for (let i = 1; i <= 5; i++)
          await store.db.transaction((tx) =>
            audit(tx, {
              actor: 'op',
              action: 'x.change',
              objectType: 'x',
              objectId: String(i),
              before: null,
              after: { i },
              requestId: `r${i}`,
            }),
          );
        const hashes = await rawQuery<{ hash: string }>(store.db, 'SELECT hash FROM audit_log ORDER BY id');
        await store.close();
        expect(hashes.every((h) => h.hash.startsWith('hmac-sha256:'))).toBe(true);
        // Every row reached the collector, in RFC 5424 form, with its hash.
        await expect.poll(() => received.length).toBe(5);
        expect(received[0]).toMatch(/^<110>1 \S+Z \S+ yunqian \d+ audit - \{"id":1,/);
        expect(received.map((m) => JSON.parse(m.slice(m.indexOf('{'))).hash)).toEqual(
          hashes.map((h) => h.hash),
        );

        expect(await run(['audit', 'verify'])).toMatchObject({ code: 0, out: 'audit log intact: 5 rows\n' });
        const head = await run(['audit', 'head']);
        expect(head.code).toBe(0);
        const headFile = join(dir, 'head.json');
        writeFileSync(headFile, head.out);
        expect((await run(['audit', 'verify', '--head', headFile])).out).toMatch(/holds its exported head/);

        // Without the key, keyed rows cannot be checked (and so not forged).
        delete process.env.YUNQIAN_AUDIT_KEY;
        expect((await run(['audit', 'verify'])).err).toMatch(/row 1 \(a keyed row/);
        process.env.YUNQIAN_AUDIT_KEY = 'audit-key-kept-out-of-the-database';

        // Truncated: the chain that is left is intact, but the head shows what went.
        let s = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
        await rawQuery(s.db, 'DELETE FROM audit_log WHERE id >= 4');
        await s.close();
        expect(await run(['audit', 'verify'])).toMatchObject({ code: 0 });
        const truncated = await run(['audit', 'verify', '--head', headFile]);
        expect(truncated.code).toBe(1);
        expect(truncated.err).toMatch(/row 5, the last one at .*, is gone/);
        // Wiped.
        s = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
        await rawQuery(s.db, 'DELETE FROM audit_log');
        await s.close();
        expect((await run(['audit', 'verify', '--head', headFile])).err).toMatch(/is gone/);
      } finally {
        configureAuditAnchor({});
        collector.close();
        delete process.env.YUNQIAN_DATA_DIR;
        delete process.env.YUNQIAN_AUDIT_KEY;
      }
    },
  );

  it('a keyed chain rewritten with plain recomputed hashes is caught', async () => {
    const { configureAuditAnchor } = await import('../src/store/audit-anchor.ts');
    const { verifyAudit } = await import('../src/store/audit.ts');
    const store = await openStore({});
    configureAuditAnchor({ key: 'k-1234567890' });
    try {
      for (let i = 1; i <= 3; i++)
        await store.db.transaction((tx) =>
          audit(tx, {
            actor: 'op',
            action: 'x',
            objectType: 'x',
            objectId: String(i),
            before: null,
            after: null,
            requestId: 'r',
          }),
        );
      configureAuditAnchor({});
      // Someone without the key appends a row the plain way (as if rewriting from here on).
      await store.db.transaction((tx) =>
        audit(tx, {
          actor: 'intruder',
          action: 'x',
          objectType: 'x',
          objectId: '4',
          before: null,
          after: null,
          requestId: 'r',
        }),
      );
      const r = await verifyAudit(store.db, Buffer.from('k-1234567890'));
      expect(r.firstBroken).toEqual({ id: 4, reason: 'hash' });
    } finally {
      configureAuditAnchor({});
      await store.close();
    }
  });
});
