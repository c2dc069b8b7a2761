// `pnpm bundle`: one archive for a machine with no network, dist/yunqian-<version>-linux-<arch>.tar.gz:
//
//   bin/yunqian, bin/yunqian-cli   start scripts (Node ≥ 20.19 on the PATH, or NODE=/path/to/node)
//   server/dist                    the compiled server (server/scripts/build.mjs), no TypeScript at run time
//   server/node_modules            production dependencies only (pnpm deploy --prod, flat), no install step
//   console/dist                   the built console
//   migrations-plan                the sample plan (replace it with the province's, or set YUNQIAN_PLAN_DIR)
//   NATIVE-DEPENDENCIES.md (+ .json)  what is native, platform-specific, wasm, or has install scripts
//   SHA256SUMS                     every file's digest (`sha256sum -c SHA256SUMS` after unpacking)
//
// and beside it <archive>.sha256, to check the archive after carrying it. Nothing in the archive is
// installed or built at the target: dependency install scripts never run (`--ignore-scripts` here,
// and no install at all there); the bundle fails if a dependency declares one that is not reviewed below.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Install scripts found and judged harmless (none so far: add the package, what it does and why). */
const REVIEWED_INSTALL_SCRIPTS = /** @type {Record<string, string>} */ ({});

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

function version() {
  if (process.env.YUNQIAN_VERSION) return process.env.YUNQIAN_VERSION;
  try {
    return execFileSync('git', ['describe', '--tags', '--always', '--dirty'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'dev';
  }
}
const name = `yunqian-${version()}-linux-${process.arch}`;
// YUNQIAN_BUNDLE_OUT: another folder for the archive and its unpacked tree (the test uses a temporary one).
const out = process.env.YUNQIAN_BUNDLE_OUT ?? join(root, 'dist');
const stage = join(out, name);
// Outside the workspace: pnpm deploy into a folder inside it puts .bin links in the wrong place.
const work = mkdtempSync(join(tmpdir(), 'yunqian-bundle-'));
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

// 1. Build the console and the server.
run('pnpm', ['--filter', '@yunqian/console', 'build']);
run('node', ['server/scripts/build.mjs']);

// 2. Production dependencies of the server, from the lockfile, flat (no symlinks), no scripts run.
run('pnpm', [
  '--filter',
  '@yunqian/server',
  'deploy',
  '--legacy',
  '--prod',
  '--frozen-lockfile',
  '--ignore-scripts',
  '--config.node-linker=hoisted',
  join(work, 'server'),
]);
const modules = join(stage, 'server', 'node_modules');
mkdirSync(join(stage, 'server'), { recursive: true });
cpSync(join(work, 'server', 'node_modules'), modules, { recursive: true, verbatimSymlinks: true });
// Not needed at run time: @yunqian/plan is compiled into server/dist; typescript is only a peer
// dependency of @trpc/server for its types; .bin links to commands nobody runs here; pnpm's own state.
for (const p of ['@yunqian', 'typescript', '.bin', '.pnpm', '.modules.yaml'])
  rmSync(join(modules, p), { recursive: true, force: true });

// 3. The compiled server, the console, the sample plan.
cpSync(join(root, 'server', 'dist'), join(stage, 'server', 'dist'), { recursive: true });
const serverPkg = JSON.parse(readFileSync(join(root, 'server', 'package.json'), 'utf8'));
writeFileSync(
  join(stage, 'server', 'package.json'),
  `${JSON.stringify(
    {
      name: serverPkg.name,
      version: version(),
      private: true,
      type: 'module',
      engines: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines,
      dependencies: Object.fromEntries(
        Object.entries(serverPkg.dependencies).filter(([d]) => !d.startsWith('@yunqian/')),
      ),
    },
    null,
    2,
  )}\n`,
);
cpSync(join(root, 'console', 'dist'), join(stage, 'console', 'dist'), { recursive: true });
const planSkip = new Set(['src', 'test', 'node_modules', 'package.json', 'tsconfig.json']);
for (const f of readdirSync(join(root, 'migrations-plan')))
  if (!planSkip.has(f))
    cpSync(join(root, 'migrations-plan', f), join(stage, 'migrations-plan', f), { recursive: true });

// 4. Start scripts. POSIX sh; they change nothing outside the data directory the configuration names.
const script = (entry, what) => `#!/bin/sh
# ${what}. Needs Node.js >= 20.19 (\`node\` on the PATH, or NODE=/path/to/node).
# Configuration: YUNQIAN_CONFIG=/path/to/config.yaml and the environment (see the README).
set -e
here=$(cd -P "$(dirname "$0")/.." && pwd)
exec "\${NODE:-node}" "$here/server/dist/${entry}" "$@"
`;
mkdirSync(join(stage, 'bin'));
writeFileSync(join(stage, 'bin', 'yunqian'), script('main.js', 'Starts the Yunqian server'));
writeFileSync(join(stage, 'bin', 'yunqian-cli'), script('cli.js', 'The yunqian command line'));
chmodSync(join(stage, 'bin', 'yunqian'), 0o755);
chmodSync(join(stage, 'bin', 'yunqian-cli'), 0o755);

// 5. Native, platform-specific and wasm parts, and install scripts, from the installed tree.
const native = scanDependencies(modules);
const refused = native.packages.filter((p) => p.installScripts.length && !REVIEWED_INSTALL_SCRIPTS[p.name]);
if (refused.length) {
  console.error(
    `bundle: dependencies with install scripts not reviewed: ${refused.map((p) => `${p.name}@${p.version} (${p.installScripts.join('; ')})`).join(', ')}`,
  );
  process.exit(1);
}
writeFileSync(join(stage, 'NATIVE-DEPENDENCIES.json'), `${JSON.stringify(native, null, 2)}\n`);
writeFileSync(join(stage, 'NATIVE-DEPENDENCIES.md'), nativeReport(native));

// 6. Checksums, then the archive and its own checksum.
const files = walk(stage)
  .map((f) => relative(stage, f))
  .sort();
writeFileSync(
  join(stage, 'SHA256SUMS'),
  files.map((f) => `${sha256(readFileSync(join(stage, f)))}  ${f}\n`).join(''),
);
const archive = `${name}.tar.gz`;
run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-czf', archive, name], { cwd: out });
writeFileSync(join(out, `${archive}.sha256`), `${sha256(readFileSync(join(out, archive)))}  ${archive}\n`);
rmSync(work, { recursive: true, force: true });
const size = statSync(join(out, archive)).size;
console.log(
  `\n  ${relative(root, join(out, archive))}: ${(size / 1048576).toFixed(1)} MiB, ${files.length + 1} files, built in ${((Date.now() - started) / 1000).toFixed(0)} s` +
    `\n  ${native.packages.length} dependencies listed in NATIVE-DEPENDENCIES.md (native: ${native.packages.filter((p) => p.kind === 'native').length}, wasm: ${native.packages.filter((p) => p.kind === 'wasm').length}); install scripts: ${native.installScripts.length ? native.installScripts.join(', ') : 'none'}\n`,
);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) return [p];
    return e.isDirectory() ? walk(p) : [p];
  });
}

function sha256(b) {
  return createHash('sha256').update(b).digest('hex');
}

/** Every package under node_modules (nested ones too) with what makes it platform-specific. */
function scanDependencies(dir) {
  const packages = [];
  const installScripts = [];
  const visit = (modulesDir) => {
    if (!existsSync(modulesDir)) return;
    for (const e of readdirSync(modulesDir)) {
      if (e.startsWith('.')) continue;
      if (e.startsWith('@')) {
        for (const s of readdirSync(join(modulesDir, e))) one(join(modulesDir, e, s));
      } else one(join(modulesDir, e));
    }
  };
  const one = (pkgDir) => {
    const file = join(pkgDir, 'package.json');
    if (!existsSync(file)) return;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const files = walk(pkgDir).filter((f) => !relative(pkgDir, f).startsWith('node_modules'));
    const rel = (f) => relative(pkgDir, f);
    const nodeAddons = files.filter((f) => f.endsWith('.node')).map(rel);
    const wasm = files.filter((f) => f.endsWith('.wasm')).map(rel);
    const prebuilds = files.filter((f) => /(^|\/)prebuilds\//.test(rel(f))).map(rel);
    const gyp = existsSync(join(pkgDir, 'binding.gyp')) || pkg.gypfile === true;
    const scripts = ['preinstall', 'install', 'postinstall']
      .filter((k) => pkg.scripts?.[k])
      .map((k) => `${k}: ${pkg.scripts[k]}`);
    // npm runs `node-gyp rebuild` for a package with binding.gyp and no install script.
    if (gyp && !pkg.scripts?.install && !pkg.scripts?.preinstall)
      scripts.push('install: node-gyp rebuild (implicit)');
    if (scripts.length) installScripts.push(`${pkg.name}@${pkg.version}: ${scripts.join('; ')}`);
    const platform = pkg.os || pkg.cpu ? { os: pkg.os, cpu: pkg.cpu } : undefined;
    const optional = pkg.optionalDependencies ? Object.keys(pkg.optionalDependencies) : [];
    const kind =
      nodeAddons.length || gyp
        ? 'native'
        : prebuilds.length
          ? 'prebuilt'
          : wasm.length
            ? 'wasm'
            : platform
              ? 'platform'
              : scripts.length
                ? 'install-script'
                : optional.length
                  ? 'optional-dependencies'
                  : null;
    if (kind)
      packages.push({
        name: pkg.name,
        version: pkg.version,
        path: relative(dir, pkgDir),
        kind,
        ...(platform ? { platform } : {}),
        ...(optional.length ? { optionalDependencies: optional } : {}),
        ...(nodeAddons.length ? { nodeAddons } : {}),
        ...(gyp ? { bindingGyp: true } : {}),
        ...(prebuilds.length
          ? { prebuiltPlatforms: [...new Set(prebuilds.map((p) => p.split('/')[1]))].sort() }
          : {}),
        ...(wasm.length ? { wasm } : {}),
        installScripts: scripts,
      });
    visit(join(pkgDir, 'node_modules'));
  };
  visit(dir);
  packages.sort((a, b) => a.name.localeCompare(b.name));
  const count = readdirSync(dir).flatMap((e) =>
    e.startsWith('.') ? [] : e.startsWith('@') ? readdirSync(join(dir, e)) : [e],
  ).length;
  return { arch: process.arch, node: process.version, packagesInstalled: count, packages, installScripts };
}

function nativeReport(n) {
  const note = {
    native: 'compiled for one platform: must be rebuilt or replaced on another architecture',
    prebuilt: 'ships prebuilt binaries for the platforms listed',
    wasm: 'WebAssembly: runs on any architecture Node.js runs on',
    platform: 'declares os/cpu in package.json',
    'install-script': 'has an install script',
    'optional-dependencies': 'has optional dependencies (installed only where they apply)',
  };
  const rows = n.packages.map(
    (p) =>
      `| ${p.name} | ${p.version} | ${p.kind} | ${[
        p.platform ? `os ${p.platform.os ?? 'any'}, cpu ${p.platform.cpu ?? 'any'}` : '',
        p.nodeAddons ? `addons: ${p.nodeAddons.join(', ')}` : '',
        p.bindingGyp ? 'binding.gyp' : '',
        p.prebuiltPlatforms ? `prebuilds: ${p.prebuiltPlatforms.join(', ')}` : '',
        p.wasm ? `wasm: ${p.wasm.join(', ')}` : '',
        p.optionalDependencies ? `optional: ${p.optionalDependencies.join(', ')}` : '',
        p.installScripts.length ? `scripts: ${p.installScripts.join('; ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')} |`,
  );
  const addons = n.packages.filter((p) => p.kind === 'native');
  return `# Native and platform-specific dependencies

Generated by \`pnpm bundle\` from the installed production tree (${n.packagesInstalled} packages) on
linux-${n.arch}, Node.js ${n.node}. Kinds: ${Object.entries(note)
    .map(([k, v]) => `**${k}**: ${v}`)
    .join('; ')}.

**Node.js add-ons (\`.node\` files, \`binding.gyp\`)**: ${addons.length ? addons.map((p) => `${p.name}@${p.version}`).join(', ') : 'none'}.
${addons.length ? 'These must be rebuilt for another architecture (arm64: Kunpeng, Phytium; loongarch64; sw_64).' : 'Everything the server loads is JavaScript or WebAssembly, so the same archive runs on any architecture with Node.js >= 20.19 (x64, arm64 — Kunpeng, Phytium —, and loongarch64 or sw_64 where the vendor provides Node.js). Build it there only for the archive name; its content does not depend on the architecture.'}

**Install scripts (preinstall, install, postinstall)**: ${n.installScripts.length ? n.installScripts.join('; ') : 'none'}. The archive is never installed from a registry; its node_modules is used as is.

| package | version | kind | detail |
| ------- | ------- | ---- | ------ |
${rows.join('\n')}

Packages with \`prebuilt\` binaries of the \`bare-*\` family are optional dependencies of tar-fs for
the Bare JavaScript runtime; under Node.js, tar-fs loads Node's own \`fs\` and \`path\` ("imports"
conditions in its package.json), and the binaries are never opened.
`;
}
