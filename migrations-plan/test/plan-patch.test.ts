// The planner's patch: only the changed values change (comments, quoting and layout kept), the
// diff is one `git apply` accepts, and a patch that breaks the plan's rules is withheld.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patchText, planPatch, readPlanDir, unifiedDiff } from '../src/index.ts';

const DIR = fileURLToPath(new URL('..', import.meta.url));

const FILE = `# 部门的系统清单（注释应保留）
department: gat
systems:
  - id: gat-a # 主系统
    wave: "w1"
    start: 2025-02-01
    cutover: '2025-06-30'
    network: external
  - id: gat-b
    wave: w2 # 第二批
    start: 2025-08-01
    cutover: 2026-01-15
    network: internal
`;

describe('the plan patch', () => {
  it('replaces only the values, in the quoting the file used, and keeps comments', () => {
    const out = patchText('systems/gat.yaml', FILE, [
      { system: 'gat-a', file: 'systems/gat.yaml', set: { wave: 'w3', cutover: '2026-09-01' } },
      { system: 'gat-b', file: 'systems/gat.yaml', set: { wave: 'w4' } },
    ]);
    expect(out).toBe(
      FILE.replace('wave: "w1"', 'wave: "w3"')
        .replace("cutover: '2025-06-30'", "cutover: '2026-09-01'")
        .replace('wave: w2 # 第二批', 'wave: w4 # 第二批'),
    );
    expect(() =>
      patchText('systems/gat.yaml', FILE, [
        { system: 'gat-z', file: 'systems/gat.yaml', set: { wave: 'w3' } },
      ]),
    ).toThrow(/no system gat-z/);
  });

  it('writes a unified diff that git apply accepts and that gives the patched file', () => {
    const after = FILE.replace('start: 2025-08-01', 'start: 2025-09-01').replace(
      'cutover: 2026-01-15',
      'cutover: 2026-02-15',
    );
    const diff = unifiedDiff('systems/gat.yaml', FILE, after);
    expect(diff).toContain('@@ -8,6 +8,6 @@');
    expect(diff).toContain(
      '-    start: 2025-08-01\n-    cutover: 2026-01-15\n+    start: 2025-09-01\n+    cutover: 2026-02-15\n',
    );
    const dir = mkdtempSync(join(tmpdir(), 'plan-patch-'));
    try {
      mkdirSync(join(dir, 'systems'));
      writeFileSync(join(dir, 'systems/gat.yaml'), FILE);
      writeFileSync(join(dir, 'plan.diff'), diff);
      execFileSync('git', ['apply', 'plan.diff'], { cwd: dir, stdio: 'pipe' });
      expect(readFileSync(join(dir, 'systems/gat.yaml'), 'utf8')).toBe(after);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(unifiedDiff('x.yaml', FILE, FILE)).toBe('');
  });

  it('validates the patched plan by its own rules: a cut-over past its wave withholds the patch', async () => {
    const texts = await readPlanDir(DIR);
    const sample = texts.find((t) => t.name === 'systems/gat.yaml')!;
    const id = /- id: ([a-z0-9-]+)/.exec(sample.text)![1]!;
    const ok = planPatch(texts, [
      { system: id, file: sample.name, set: { wave: 'w6', start: '2027-07-01', cutover: '2027-12-01' } },
    ]);
    expect(ok.valid).toBe(true);
    expect(ok.files.map((f) => f.file)).toEqual(['systems/gat.yaml']);
    expect(ok.diff).toMatch(/^--- a\/systems\/gat\.yaml\n\+\+\+ b\/systems\/gat\.yaml\n@@ /);
    const bad = planPatch(texts, [
      { system: id, file: sample.name, set: { wave: 'w1', start: '2025-01-02', cutover: '2027-12-01' } },
    ]);
    expect(bad.valid).toBe(false);
    expect(bad.problems).toContainEqual(
      expect.objectContaining({ code: 'wave-ends-before-cutover', system: id, file: 'systems/gat.yaml' }),
    );
  });
});
