// `yunqian plan export-workbook` then `import-workbook`: the department's file comes back as it
// was and validates; a broken cell is told as sheet:row:column in the language asked, and nothing
// is written.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkbook } from '@yunqian/plan';
import { main } from '../src/cli/main.ts';

const SAMPLE = fileURLToPath(new URL('../../migrations-plan', import.meta.url));
const sink = () => {
  let s = '';
  return { write: (x: string) => (s += x), text: () => s };
};

describe('yunqian plan import-workbook / export-workbook', () => {
  it('round-trips a department through the template, and refuses a broken cell in words', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yq-workbook-'));
    const xlsx = join(dir, 'czt.xlsx');
    const out = sink();
    expect(
      await main(
        ['plan', 'export-workbook', '--plan', SAMPLE, '--department', 'czt', '--out', xlsx],
        out,
        sink(),
      ),
    ).toBe(0);
    expect(out.text()).toMatch(/czt\.xlsx: \d+ systems/);
    const written = sink();
    expect(
      await main(
        [
          'plan',
          'import-workbook',
          xlsx,
          '--department',
          'czt',
          '--plan',
          SAMPLE,
          '--out',
          join(dir, 'plan'),
          '--lang',
          'en',
        ],
        written,
        sink(),
      ),
    ).toBe(0);
    expect(await readFile(join(dir, 'plan/systems/czt.yaml'), 'utf8')).toBe(
      await readFile(join(SAMPLE, 'systems/czt.yaml'), 'utf8'),
    );

    // A row whose network was left blank.
    const broken = await writeWorkbook([
      {
        id: 'czt-new',
        name: { zh: '财政新系统', en: 'Finance New System' },
        mlps: { level: 2 },
        wave: 'w3',
        start: '2026-02-01',
        cutover: '2026-06-01',
        strategy: 'rehost',
        resources: { cpu: 4, memoryGiB: 8, storageGiB: 100 },
        currentSite: { kind: 'machine-room', name: '省财政厅机房' },
        contacts: {},
        dependsOn: [],
      },
    ]);
    await writeFile(join(dir, 'broken.xlsx'), broken);
    const err = sink();
    const target = join(dir, 'again');
    expect(
      await main(
        [
          'plan',
          'import-workbook',
          join(dir, 'broken.xlsx'),
          '--department',
          'czt',
          '--plan',
          SAMPLE,
          '--out',
          target,
          '--lang',
          'zh-CN',
        ],
        sink(),
        err,
      ),
    ).toBe(1);
    expect(err.text()).toContain('应用系统详细信息表:2:E: “网络”必须填写\n');
    expect(err.text()).toContain('1 个错误，未写入任何文件');
    expect(existsSync(target)).toBe(false);
  });
});
