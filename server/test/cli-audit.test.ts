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
