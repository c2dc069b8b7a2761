// Starts the real Yunqian server (built console, tsx) as a child process on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from './ports.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  url: string;
  proc: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function startYunqian(
  env: Record<string, string> = {},
  port?: number,
  readyTimeoutMs = 120_000,
): Promise<RunningServer> {
  port ??= await freePort();
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      YUNQIAN_PORT: String(port),
      YUNQIAN_HOST: '127.0.0.1',
      YUNQIAN_LOG_LEVEL: 'warn',
      // Tests run the sandbox province unless they configure clusters (and say YUNQIAN_SANDBOX=false).
      YUNQIAN_SANDBOX: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => (await fetch(`${url}/readyz`)).ok,
      readyTimeoutMs,
      'yunqian /readyz',
      // A server that died is not waited for (the check's own errors are taken as "not yet").
      () => proc.exitCode !== null || proc.signalCode !== null,
    );
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${out}`);
  }
  return {
    url,
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        // SIGTERM lets the server close cleanly (and remove its sandbox directory); SIGKILL if it hangs.
        const force = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** Calls a tRPC query over HTTP as a sandbox demo viewer (`role:department`). */
export async function trpcQuery<T = unknown>(
  server: Pick<RunningServer, 'url'>,
  path: string,
  viewer: string,
  input?: unknown,
): Promise<T> {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${server.url}/trpc/${path}${qs}`, {
    headers: { cookie: `yq-demo=${encodeURIComponent(viewer)}` },
  });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: HTTP ${res.status} ${body.error?.message ?? ''}`);
  return body.result.data;
}
