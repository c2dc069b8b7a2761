// The embedded database (PGlite) is one process's memory over a data directory: a second process
// opening the same directory would write its own copy and lose the other's changes (an account
// created with `yunqian user create` beside a running server silently vanished). The first
// process takes a lock file; any other is refused, naming the holder. Several processes need
// PostgreSQL (database.url).
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'yunqian.lock';

export class DataDirInUse extends Error {
  override name = 'DataDirInUse';
}

interface Holder {
  pid: number;
  host: string;
  since: string;
  command: string;
  /** When the holding process started (ms): a pid can be reused, a start time is not. */
  started?: number;
}

/** This process's start (the same value for every read in the process). */
const STARTED = Math.round(performance.timeOrigin);

/** Alive on this machine (a lock from another host, e.g. a shared volume, counts as held). */
function held(h: Holder): boolean {
  if (h.host !== hostname()) return true;
  // Our own pid from an earlier life (a container's PID 1 after a restart): stale.
  if (h.pid === process.pid) return h.started === STARTED;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory for this process; returns the release. */
export function lockDataDir(dir: string, now: Date = new Date()): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    since: now.toISOString(),
    command: process.argv.slice(1, 4).join(' '),
    started: STARTED,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me) + '\n');
      closeSync(fd);
      const release = () => {
        const h = readHolder(file);
        if (h?.pid === process.pid && h.started === STARTED) rmSync(file, { force: true });
        process.off('exit', release);
      };
      // Also when the process exits without closing the store (process.exit after a fatal error).
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const h = readHolder(file);
      if (h && held(h))
        throw new DataDirInUse(
          `the database directory ${dir} is in use by process ${h.pid} on ${h.host} (since ${h.since}: ${h.command}). ` +
            'The embedded database allows one process: stop that one first, or run on PostgreSQL (database.url) to use several.',
        );
      // Left by a process that is gone (killed, crashed): take it over.
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUse(`could not take ${file}: another process keeps taking it`);
}

function readHolder(file: string): Holder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return null;
  }
}
