// Compiles the server to JavaScript in server/dist, so that production runs no TypeScript compiler:
// one flat folder with the entry points (main.js: the server; cli.js: `yunqian`; engine-worker.js
// and plan-worker.js: the worker threads' modules, see src/lib/layout.ts), the chunks they share,
// and the SQL migrations (read at run time). @yunqian/plan (TypeScript source in the workspace) and
// js-yaml, which only it uses (pure JavaScript), are compiled in; every other dependency of the
// server stays a package in node_modules.
import { build } from 'esbuild';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const server = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${server}package.json`, 'utf8'));
const external = new Set(Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@yunqian/')));
const packageName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const started = Date.now();
rmSync(`${server}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: server,
  entryPoints: {
    main: 'src/main.ts',
    cli: 'src/cli/bin.ts',
    'engine-worker': 'src/engine/worker/engine-worker.ts',
    'plan-worker': 'src/sources/plan/plan-worker.ts',
  },
  outdir: 'dist',
  // Flat: every file's import.meta.url is in dist/, so layout.ts finds the workers and migrations.
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  // A CommonJS module compiled in may call require(); give it one.
  banner: {
    js: "import { createRequire as __yqRequire } from 'node:module'; const require = __yqRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'external-dependencies',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (a) =>
          external.has(packageName(a.path)) ? { path: a.path, external: true } : undefined,
        );
      },
    },
  ],
});
// A module that finds a file relative to its own source (new URL(…, import.meta.url)) would look
// for it beside the compiled chunk instead: such paths go through src/lib/layout.ts, and the build
// refuses any other use it has not been told about.
const RELATIVE_TO_SOURCE_OK = new Set([
  'src/lib/layout.ts', // the one place that knows both layouts
  'src/engine/engine-client.ts', // names its worker's source, used from source only (startWorker)
  'src/sources/plan/plan-parser.ts', // likewise
  'src/cli/main.ts', // compares its own URL with argv[1] (false in dist; cli.js calls main())
]);
const offending = Object.keys(result.metafile.inputs).filter(
  (f) =>
    /\.[cm]?ts$/.test(f) &&
    !f.includes('node_modules') &&
    !RELATIVE_TO_SOURCE_OK.has(f) &&
    /import\.meta\.(url|dirname|filename)/.test(readFileSync(`${server}${f}`, 'utf8')),
);
if (offending.length) {
  console.error(
    `build: these modules read paths relative to their own source, which do not exist in server/dist; use src/lib/layout.ts: ${offending.join(', ')}`,
  );
  process.exit(1);
}
cpSync(`${server}src/store/migrations`, `${server}dist/migrations`, { recursive: true });
console.log(`server compiled to server/dist in ${Date.now() - started} ms`);
