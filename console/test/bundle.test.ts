// The performance budget: the built console's initial JavaScript stays within 400 KB gzipped,
// and each page is its own chunk (route-based code splitting). Runs after `pnpm build`.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleReport, INITIAL_JS_BUDGET_BYTES } from '../scripts/bundle-report.ts';

const dist = new URL('../dist', import.meta.url).pathname;

describe('bundle budget', () => {
  it('initial JavaScript ≤ 400 KB gzip, pages split out', () => {
    if (!existsSync(`${dist}/index.html`)) throw new Error(`${dist} is not built: run pnpm build first`);
    const r = bundleReport(dist);
    expect(r.initial.length).toBeGreaterThan(0);
    expect(r.initialGzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    const pages = readdirSync(new URL('../src/pages', import.meta.url)).length;
    // Every page directory yields at least one lazily loaded chunk besides the entry.
    expect(r.chunks).toBeGreaterThan(pages);
    // The grid and the charts are never part of the entry.
    expect(r.initial.some((f) => /DataTable|Chart/.test(f.file))).toBe(false);
  });
});
