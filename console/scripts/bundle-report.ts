// What the built console weighs: the JavaScript the entry page loads before any route (the
// budget), and every chunk, gzipped as a server would send them.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 400 * 1024;

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export interface BundleReport {
  /** Scripts index.html loads or preloads (gzip bytes). */
  initial: { file: string; gzipBytes: number }[];
  initialGzipBytes: number;
  chunks: number;
  allJsGzipBytes: number;
  largest: { file: string; gzipBytes: number }[];
}

export function bundleReport(dist: string): BundleReport {
  const html = readFileSync(`${dist}/index.html`, 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const initial = [...new Set(refs)].map((file) => ({ file, gzipBytes: gz(`${dist}/${file}`) }));
  const all = readdirSync(`${dist}/assets`)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `assets/${f}`, gzipBytes: gz(`${dist}/assets/${f}`) }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    initial,
    initialGzipBytes: initial.reduce((n, f) => n + f.gzipBytes, 0),
    chunks: all.length,
    allJsGzipBytes: all.reduce((n, f) => n + f.gzipBytes, 0),
    largest: all.slice(0, 5),
  };
}
