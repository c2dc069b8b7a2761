// Preloaded into the server by `pnpm bench churn` when BENCH_CPU_PROF_DIR is set
// (NODE_OPTIONS=--import=…; node refuses --cpu-prof there). Profiles the main thread from SIGUSR2
// (the load starts) to SIGTERM (the bench stops the server), so the start-up is left out, and
// writes <dir>/server-<pid>.cpuprofile for bench/cpuprofile-top.ts. Plain JavaScript: it loads
// before tsx.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on('SIGUSR2', () => {
    if (profiling) return;
    profiling = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  });
  // Registered before the server's own handler: a session on this thread answers synchronously,
  // so the file is written before the server closes and exits.
  process.on('SIGTERM', () => {
    if (!profiling) return;
    profiling = false;
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
