// A real PostgreSQL 15 for tests: initdb in a temporary directory, pg_ctl on a free loopback port,
// stopped and removed at the end. initdb refuses to run as root, so as root it runs as `postgres`.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

export interface RunningPostgres {
  url: string;
  /** Restarts the server (fast shutdown: open connections are cut, as in a failover). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<RunningPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'yq-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: 'pipe',
      timeout: 120_000,
    });
  run('initdb', ['-D', data, '-U', 'yunqian', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50 -c fsync=off`;
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
  return {
    url: `postgres://yunqian@127.0.0.1:${port}/postgres`,
    async restart() {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-m', 'fast', '-o', options, 'restart']);
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
