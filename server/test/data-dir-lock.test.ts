// The embedded database belongs to one process: `yunqian user create` beside a running server
// used to print "created" while the account silently vanished. Now the second process is refused,
// names the holder, and changes nothing; a lock left by a killed process is taken over.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, rawQuery } from '../src/store/db.ts';
import { LOCK_FILE } from '../src/store/data-dir-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'yq-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BIN = new URL('../bin/yunqian.mjs', import.meta.url).pathname;

/** The real command line, in its own process, as an operator would run it. */
const cli = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, YUNQIAN_DATA_DIR: dataDir, YUNQIAN_NEW_PASSWORD: 'Correct-Horse-42-Battery' },
    encoding: 'utf8',
  });

const users = async (dataDir: string) => {
  const store = await openStore({ dataDir });
  try {
    return (await rawQuery<{ username: string }>(store.db, 'SELECT username FROM users')).map(
      (r) => r.username,
    );
  } finally {
    await store.close();
  }
};

describe('the embedded database directory', () => {
  it('refuses a second process while one holds it, and the held data is untouched', async () => {
    const dataDir = join(dir, 'held');
    const server = await openStore({ dataDir });
    const refused = cli(dataDir, 'user', 'create', 'zhang', 'operator');
    expect(refused.status).toBe(1);
    expect(refused.stdout).not.toMatch(/created/);
    expect(refused.stderr).toContain(`in use by process ${process.pid}`);
    expect(refused.stderr).toContain('PostgreSQL');
    // A second open in the same process is refused too (two PGlite copies of one directory).
    await expect(openStore({ dataDir })).rejects.toThrow(/in use by process/);
    await server.close();
    // Once the holder has stopped, the same command works and the account stays.
    const created = cli(dataDir, 'user', 'create', 'zhang', 'operator');
    expect(created.status, created.stderr).toBe(0);
    expect(await users(dataDir)).toContain('zhang');
  }, 60_000);

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = join(dir, 'stale');
    await (await openStore({ dataDir })).close();
    // A pid that cannot be alive: the kernel's maximum is below 2^22 on Linux.
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({
        pid: 4_194_304 + 17,
        host: hostname(),
        since: '2026-01-01T00:00:00Z',
        command: 'killed',
      }),
    );
    const store = await openStore({ dataDir });
    await store.close();
    // Our own pid from an earlier life (a container's PID 1 restarted): stale too.
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        since: '2026-01-01T00:00:00Z',
        command: 'earlier',
        started: 1,
      }),
    );
    await (await openStore({ dataDir })).close();
  });
});
