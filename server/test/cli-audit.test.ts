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
  });
});

describe('yunqian user (account lifecycle)', () => {
  it('disables, unlocks, changes role and password, removes: each audited, none by raw SQL', async () => {
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
  });
});
