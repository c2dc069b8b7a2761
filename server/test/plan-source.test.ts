import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanSource } from '../src/sources/plan/plan-source.ts';
import { inThread, WorkerPlanParser } from '../src/sources/plan/plan-parser.ts';
import { main } from '../src/cli/main.ts';

const SAMPLE = new URL('../../migrations-plan/', import.meta.url).pathname;
let dir = '';
afterEach(async () => dir && rm(dir, { recursive: true, force: true }));

async function copyPlan() {
  dir = await mkdtemp(join(tmpdir(), 'yq-plan-'));
  await cp(SAMPLE, dir, {
    recursive: true,
    filter: (s) => !s.includes('node_modules') && !s.includes('/src') && !s.includes('/test'),
  });
  return dir;
}

const sink = () => {
  let text = '';
  return { write: (s: string) => ((text += s), true), text: () => text };
};

describe('plan source', () => {
  it.each([
    ['on the calling thread', () => inThread],
    // The server's way: the API's event loop never parses.
    ['in a worker thread', () => new WorkerPlanParser()],
  ])(
    'keeps the last good plan when an edit breaks validation, and reports where (parsed %s)',
    async (_, parser) => {
      const d = await copyPlan();
      const src = new PlanSource(d, () => '2026-11-25', undefined, undefined, parser());
      await src.load();
      const good = src.current();
      expect(good?.systems.length).toBeGreaterThan(400);

      let changed = 0;
      src.onChange(() => changed++);
      src.watch(50);
      const file = join(d, 'systems/jtt.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace(/wave: w\d/, 'wave: nowave'));
      await expect.poll(() => src.status().keptLastGood, { timeout: 5000 }).toBe(true);
      expect(src.current()).toBe(good);
      expect(src.status().problems.find((p) => p.code === 'unknown-wave')).toMatchObject({
        file: 'systems/jtt.yaml',
        severity: 'error',
      });
      expect(changed).toBeGreaterThan(0);

      // Fixing the file brings a new plan in force.
      await writeFile(file, text.replace(/(name:\s*\n\s*zh: )([^\n]+)/, '$1改名后的系统'));
      await expect
        .poll(() => src.status().keptLastGood === false && src.current() !== good, { timeout: 5000 })
        .toBe(true);
      expect(src.current()!.systems.some((s) => s.name.zh === '改名后的系统')).toBe(true);
      src.close();
    },
  );

  it('an edit to one system leaves every other system and organisation the same object', async () => {
    const d = await copyPlan();
    const src = new PlanSource(d, () => '2026-11-25');
    await src.load();
    const before = src.current()!;
    const file = join(d, 'systems/jtt.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/(name:\s*\n\s*zh: )([^\n]+)/, '$1改名后的系统'),
    );
    await src.load();
    const after = src.current()!;
    expect(after).not.toBe(before);
    const renamed = after.systems.filter((s, i) => s !== before.systems[i]);
    expect(renamed.map((s) => s.name.zh)).toEqual(['改名后的系统']);
    expect(after.organisations.every((o, i) => o === before.organisations[i])).toBe(true);
  });

  it('a corrupted file (not YAML at all) keeps the last good plan', async () => {
    const d = await copyPlan();
    const src = new PlanSource(d, () => '2026-11-25');
    await src.load();
    const good = src.current();
    await writeFile(join(d, 'waves.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x5b]));
    await src.load();
    expect(src.current()).toBe(good);
    expect(src.status().keptLastGood).toBe(true);
    expect(src.status().problems[0]!.file).toBe('waves.yaml');
  });
});

describe('yunqian plan validate', () => {
  it('exits 0 on the sample plan and 1 with file:line:column on a broken one', async () => {
    const out = sink();
    const err = sink();
    expect(await main(['plan', 'validate', SAMPLE, '--today', '2026-11-25'], out, err)).toBe(0);
    expect(out.text()).toMatch(/437 systems, 0 errors/);
    const d = await copyPlan();
    await writeFile(
      join(d, 'systems/jtt.yaml'),
      (await readFile(join(d, 'systems/jtt.yaml'), 'utf8')).replace(/dependsOn: \[\]/, 'dependsOn: [ghost]'),
    );
    const err2 = sink();
    expect(await main(['plan', 'validate', d], sink(), err2)).toBe(1);
    expect(err2.text()).toMatch(
      /^systems\/jtt\.yaml:\d+:\d+: error: depends on unknown system "ghost" \[unknown-dependency\]$/m,
    );
    expect(await main(['nonsense'], sink(), sink())).toBe(64);
  });

  it('counts a linked department file, and reports oversized files and alias bombs as plan problems', async () => {
    const d = await copyPlan();
    // A department file kept elsewhere and linked in (skipped silently before: 433 of 437 systems).
    const elsewhere = await copyPlan();
    await rm(join(d, 'systems/jtt.yaml'));
    await symlink(join(elsewhere, 'systems/jtt.yaml'), join(d, 'systems/jtt.yaml'));
    const linked = sink();
    expect(await main(['plan', 'validate', d, '--today', '2026-11-25'], linked, sink())).toBe(0);
    expect(linked.text()).toMatch(/437 systems, 0 errors/);
    // An alias bomb: a few lines that expand to billions of nodes. A problem, not a crash.
    await writeFile(
      join(d, 'systems/bomb.yaml'),
      'a: &a ["x","x","x","x","x","x","x","x","x"]\n' +
        Array.from({ length: 8 }, (_, i) => {
          const prev = String.fromCharCode(97 + i);
          const next = String.fromCharCode(98 + i);
          return `${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
        }).join('\n') +
        '\ndepartment: gat\nsystems: *i\n',
    );
    // A department file far beyond any real one.
    await writeFile(
      join(d, 'systems/huge.yaml'),
      'department: gat\nsystems: []\n' + '#'.repeat(5 * 1024 * 1024),
    );
    const err = sink();
    expect(await main(['plan', 'validate', d], sink(), err)).toBe(1);
    expect(err.text()).toMatch(/^systems\/bomb\.yaml:\d+:\d+: error: .*\[yaml-resource-limit\]$/m);
    expect(err.text()).toMatch(
      /^systems\/huge\.yaml:1:1: error: \d+ bytes: a plan file may have at most \d+ bytes.*\[file-too-large\]$/m,
    );
  });
});
