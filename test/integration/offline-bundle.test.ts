// The offline bundle (`pnpm bundle`) on a machine with no network: built here, unpacked into a
// temporary folder, checked against its checksums, then started inside a network namespace whose
// only interface is loopback (`unshare -rn`), where /readyz must answer 200 and the console must be
// served; the command line creates an account in an embedded database on disk there too (its
// migrations read from the compiled server). The Dockerfile's COPY sources must exist in the bundle.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/ports.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

// A namespace of our own needs user namespaces (or root) and iproute2 to bring loopback up.
const unshareOk = spawnSync('unshare', ['-rn', 'ip', 'link', 'set', 'lo', 'up']).status === 0;
if (!unshareOk)
  console.warn(
    'NOT RUN: "the offline bundle reaches /readyz with no network" needs `unshare -rn` (user and network namespaces) and `ip` (iproute2), which this machine does not allow or have',
  );

describe.runIf(unshareOk)('the offline bundle', () => {
  let out: string;
  let unpacked: string;
  let archive: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'yunqian-bundle-test-'));
    const started = Date.now();
    const r = await run('node', ['scripts/bundle.mjs'], {
      cwd: root,
      env: { ...process.env, YUNQIAN_BUNDLE_OUT: out, YUNQIAN_VERSION: 'test' },
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(`bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s${r.stdout.slice(-400)}`);
    archive = join(out, `yunqian-test-linux-${process.arch}.tar.gz`);
    // Unpack a copy elsewhere, as on the target machine (the build's own tree stays in `out`).
    unpacked = mkdtempSync(join(tmpdir(), 'yunqian-offline-'));
    await run('tar', ['-xzf', archive, '-C', unpacked, '--strip-components=1']);
  }, 300_000);
  afterAll(() => {
    for (const d of [out, unpacked]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('is one archive whose checksums hold, with start scripts, the native-dependency list and no install scripts', () => {
    const [sum, name] = readFileSync(`${archive}.sha256`, 'utf8').trim().split(/\s+/);
    expect(name).toBe(`yunqian-test-linux-${process.arch}.tar.gz`);
    expect(createHash('sha256').update(readFileSync(archive)).digest('hex')).toBe(sum);
    const lines = readFileSync(join(unpacked, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    for (const line of lines) {
      const [digest, file] = [line.slice(0, 64), line.slice(66)];
      expect(
        createHash('sha256')
          .update(readFileSync(join(unpacked, file)))
          .digest('hex'),
        file,
      ).toBe(digest);
    }
    for (const f of ['bin/yunqian', 'bin/yunqian-cli', 'server/dist/main.js', 'server/dist/cli.js'])
      expect(existsSync(join(unpacked, f)), f).toBe(true);
    expect(readdirSync(join(unpacked, 'server/dist/migrations')).some((f) => f.endsWith('.sql'))).toBe(true);
    expect(existsSync(join(unpacked, 'console/dist/index.html'))).toBe(true);
    // No TypeScript at run time: no compiler, no loader, no source.
    for (const p of ['typescript', 'tsx', 'esbuild', '@yunqian'])
      expect(existsSync(join(unpacked, 'server/node_modules', p)), p).toBe(false);
    expect(existsSync(join(unpacked, 'server/src'))).toBe(false);
    const native = JSON.parse(readFileSync(join(unpacked, 'NATIVE-DEPENDENCIES.json'), 'utf8')) as {
      packages: { name: string; kind: string }[];
      installScripts: string[];
    };
    expect(native.installScripts).toEqual([]);
    expect(native.packages).toContainEqual(
      expect.objectContaining({ name: '@electric-sql/pglite', kind: 'wasm' }),
    );
    expect(readFileSync(join(unpacked, 'NATIVE-DEPENDENCIES.md'), 'utf8')).toContain('@electric-sql/pglite');
  });

  it('reaches /readyz and serves the console inside a network namespace with only loopback', async () => {
    const port = await freePort();
    // Inside the namespace: loopback up, no other interface, the sandbox started from bin/yunqian,
    // then one Node process that shows the outside unreachable and waits for /readyz.
    const probe = `
      const t0 = Date.now();
      const outside = await fetch('http://1.1.1.1/', { signal: AbortSignal.timeout(3000) }).then(() => 'reached', (e) => e.cause?.code ?? e.name);
      for (;;) {
        const r = await fetch('http://127.0.0.1:${port}/readyz').catch(() => null);
        if (r?.status === 200) break;
        if (Date.now() - t0 > 90000) { console.log(JSON.stringify({ timeout: true })); process.exit(1); }
        await new Promise((s) => setTimeout(s, 250));
      }
      const page = await fetch('http://127.0.0.1:${port}/');
      console.log(JSON.stringify({ readyMs: Date.now() - t0, outside, console: page.status, html: (await page.text()).includes('<div id="root">') }));`;
    const script = `
      set -e
      ip link set lo up
      echo "interfaces: $(ip -o link show | awk -F': ' '{print $2}' | tr '\\n' ' ')"
      YUNQIAN_SANDBOX=true YUNQIAN_PORT=${port} YUNQIAN_LOG_LEVEL=warn ./bin/yunqian > server.log 2>&1 &
      pid=$!
      status=0
      node --input-type=module -e "$PROBE" || status=$?
      kill -TERM $pid; wait $pid || true
      exit $status`;
    const started = Date.now();
    const r = await run('unshare', ['-rn', 'sh', '-c', script], {
      cwd: unpacked,
      env: { PATH: process.env.PATH!, HOME: unpacked, PROBE: probe },
      timeout: 110_000,
    }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${e.message}\n${e.stdout ?? ''}${readFileSync(join(unpacked, 'server.log'), 'utf8')}`);
    });
    const [interfaces, result] = r.stdout.trim().split('\n');
    expect(interfaces!.trim()).toBe('interfaces: lo');
    const answer = JSON.parse(result!) as {
      readyMs: number;
      outside: string;
      console: number;
      html: boolean;
    };
    console.log(
      `/readyz answered 200 ${answer.readyMs} ms after the start in the namespace (whole run ${Date.now() - started} ms)`,
    );
    expect(answer.outside).not.toBe('reached');
    expect(answer.console).toBe(200);
    expect(answer.html).toBe(true);
  });

  it('runs the command line on an embedded database on disk inside the namespace', async () => {
    const r = await run(
      'unshare',
      ['-rn', 'sh', '-c', 'ip link set lo up && ./bin/yunqian-cli user create offline-admin admin'],
      {
        cwd: unpacked,
        env: {
          PATH: process.env.PATH!,
          HOME: unpacked,
          YUNQIAN_DATA_DIR: join(unpacked, 'data'),
          YUNQIAN_NEW_PASSWORD: 'Offline-install-2026!',
        },
        timeout: 60_000,
      },
    );
    expect(r.stdout).toContain('created offline-admin (admin)');
  });

  it("finds every source of the Dockerfile's COPY --from=build in the bundle", () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY --from=build (?:--\S+ )*(.+) \S+$/gm)].flatMap((m) =>
      m[1]!.split(/\s+/),
    );
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const s of sources) {
      expect(s, s).toMatch(/^\/bundle\//);
      expect(existsSync(join(unpacked, s.slice('/bundle/'.length))), s).toBe(true);
    }
    // What the image runs is among what it copies.
    const entry = /^ENTRYPOINT \["node", "\/opt\/yunqian\/(.+)"\]$/m.exec(dockerfile)![1]!;
    expect(existsSync(join(unpacked, entry)), entry).toBe(true);
    expect(dockerfile).toMatch(/^USER [1-9]\d*:\d+$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/readyz/m);
  });
});
