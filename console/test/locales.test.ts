import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import zh from '../src/locales/zh-CN.json';
import en from '../src/locales/en.json';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

function sources(dir: URL): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(new URL(`${e.name}/`, dir))
      : /\.tsx?$/.test(e.name)
        ? [readFileSync(new URL(e.name, dir), 'utf8')]
        : [],
  );
}

describe('locales', () => {
  it('zh-CN and en have the same keys and no empty strings', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const k of keys(zh))
      expect(
        k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zh),
        k,
      ).not.toBe('');
  });

  it('every literal key used by the console exists', () => {
    const all = new Set(keys(zh));
    const used = sources(new URL('../src/', import.meta.url)).flatMap((s) =>
      [...s.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.-]+)'/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(30);
    // i18next resolves a key with a count to its plural forms (key_one, key_other).
    for (const k of used) expect(all.has(k) || all.has(`${k}_other`), k).toBe(true);
  });

  it('every stage, health, network and evidence code the server emits has a label', async () => {
    const { STAGES, HEALTHS, NETWORKS } = await import('../../server/src/model/index.ts');
    for (const s of STAGES) expect(all(`stage.${s}`)).toBe(true);
    for (const h of HEALTHS) expect(all(`health.${h}`)).toBe(true);
    for (const n of NETWORKS) expect(all(`network.${n}`)).toBe(true);
    const tracker = sources(new URL('../../server/src/tracker/', import.meta.url)).join('\n');
    const codes = [
      ...tracker.matchAll(/(?:ev|missing)\(\s*(?:stage|'[a-z-]+'),\s*'\w+',\s*'([a-z-]+)'/g),
    ].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(10);
    for (const c of codes) expect(all(`evidence.${c}`), c).toBe(true);
    const blockerFiles = ['gates.ts', 'blockers.ts']
      .map((f) => readFileSync(new URL(`../../server/src/tracker/${f}`, import.meta.url), 'utf8'))
      .join('\n');
    const { DRIFT_KINDS } = await import('../../server/src/tracker/drift.ts');
    const blockerCodes = [
      ...[...blockerFiles.matchAll(/code: '([a-z-]+)'/g)].map((m) => m[1]!),
      ...DRIFT_KINDS,
    ];
    expect(blockerCodes.length).toBeGreaterThan(8);
    for (const c of blockerCodes) expect(all(`blocker.${c}`), c).toBe(true);
    expect(all('evidence.retained-by-plan')).toBe(true);
  });
});

function all(key: string) {
  return keys(zh).includes(key) && keys(en).includes(key);
}
