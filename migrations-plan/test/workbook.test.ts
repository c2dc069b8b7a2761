// The survey workbook: plan → workbook → plan gives the generator's files back byte for byte, the
// cell encodings people and Excel produce are read, every problem names sheet, row and column,
// and the README's column tables are the ones the code uses.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { generateProvince, SAMPLE_SIZE } from '../src/generate/province.ts';
import {
  exportWorkbook,
  formatWorkbookProblem,
  importWorkbook,
  readmeTables,
  SHEETS,
  type WorkbookProblem,
} from '../src/workbook/index.ts';
import { loadPlan } from '../src/index.ts';

const plan = generateProvince(SAMPLE_SIZE);
const TODAY = '2026-11-25';

async function exported(department: string) {
  const r = await exportWorkbook(plan, { department });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.workbook;
}

/** Edits cells of an exported workbook (by sheet, 1-based row and column header), as a person would. */
async function edited(department: string, edit: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exported(department)) as unknown as ArrayBuffer);
  edit(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const col = (wb: ExcelJS.Workbook, sheet: string, header: string) => {
  const ws = wb.getWorksheet(sheet)!;
  let at = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === header) at = n;
  });
  if (!at) throw new Error(`no column ${header}`);
  return at;
};
const setCell = (
  wb: ExcelJS.Workbook,
  sheet: string,
  row: number,
  header: string,
  value: ExcelJS.CellValue,
) => {
  wb
    .getWorksheet(sheet)!
    .getRow(row)
    .getCell(col(wb, sheet, header)).value = value;
};

describe('the survey workbook', () => {
  it.each(['czt', 'gat', 'city-hb', 'dsjzx'])(
    'round trip: plan → workbook → plan gives %s’s generated file back exactly',
    async (department) => {
      const original = plan.find((t) => t.name === `systems/${department}.yaml`)!;
      const r = await importWorkbook(await exported(department), { department, plan, today: TODAY });
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(r.yaml).toBe(original.text);
      expect(r.systems).toBeGreaterThan(0);
    },
  );

  it('reads dates as Excel serials or text, numbers as text, formulas by their cached result, merged cells, and skips blank rows', async () => {
    const department = 'czt';
    const original = plan.find((t) => t.name === `systems/${department}.yaml`)!;
    const first = loadPlan(plan).plan!.systems.find((s) => s.file === original.name)!;
    const serial = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25569;
    const wb = await edited(department, (wb) => {
      setCell(wb, SHEETS.systems, 2, '计划开始', serial(first.start));
      const [y, m, d] = first.cutover.split('-').map(Number);
      setCell(wb, SHEETS.systems, 2, '计划割接', `${y}年${m}月${d}日`);
      setCell(wb, SHEETS.systems, 2, '等保级别', {
        formula: '1+2',
        result: first.mlps.level,
      } as ExcelJS.CellValue);
      setCell(wb, SHEETS.resources, 2, 'vCPU', ` ${first.resources.cpu} `);
      setCell(wb, SHEETS.resources, 2, '存储(GiB)', String(first.resources.storageGiB));
      // The owning unit written once for two rows, in a merged cell (as surveys often are).
      wb.getWorksheet(SHEETS.systems)!.mergeCells(
        2,
        col(wb, SHEETS.systems, '所属单位'),
        3,
        col(wb, SHEETS.systems, '所属单位'),
      );
      // A blank row in the middle of the systems (a person's spacer) is not a system.
      wb.getWorksheet(SHEETS.systems)!.spliceRows(3, 0, []);
    });
    const r = await importWorkbook(wb, { department, plan, today: TODAY });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.yaml).toBe(original.text);
  });

  it('names sheet, row and column for cell problems and for the plan’s own rules, and writes nothing', async () => {
    const wb = await edited('czt', (wb) => {
      setCell(wb, SHEETS.systems, 2, '网络', '互联网');
      setCell(wb, SHEETS.systems, 3, '计划开始', '下个月');
      setCell(wb, SHEETS.resources, 4, '内存(GiB)', '很多');
      setCell(wb, SHEETS.systems, 4, '批次', 'w9');
    });
    const r = await importWorkbook(wb, { department: 'czt', plan, today: TODAY });
    expect(r.yaml).toBeNull();
    const lines = r.problems.map((p) => formatWorkbookProblem(p, 'zh-CN'));
    expect(lines).toContain('应用系统详细信息表:2:E: “互联网”不是可选值之一：政务内网、政务外网');
    expect(lines).toContain('应用系统详细信息表:3:L: “下个月”不是日期（写作 2026-07-22 或使用日期单元格）');
    expect(lines).toContain('云资源测算清单:4:D: “很多”不是数字');
    expect(r.problems.map((p) => formatWorkbookProblem(p, 'en'))).toContain(
      '云资源测算清单:4:D: “很多” is not a number',
    );
    // The cell errors stop the reading before the plan's rules: fixed, the rule's problem shows.
    const onlyWave = await edited('czt', (wb) => setCell(wb, SHEETS.systems, 4, '批次', 'w9'));
    const r2 = await importWorkbook(onlyWave, { department: 'czt', plan, today: TODAY });
    expect(r2.yaml).toBeNull();
    expect(r2.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ sheet: SHEETS.systems, row: 4, column: 'K', code: 'unknown-wave' }),
    ]);
  });

  it('refuses what is not a workbook, and a workbook without the sheets', async () => {
    const junk = await importWorkbook(new TextEncoder().encode('系统编号,系统名称'), {
      department: 'czt',
      plan,
    });
    expect(junk.problems.map((p) => formatWorkbookProblem(p, 'en'))).toEqual([
      'workbook:1:A: not a readable .xlsx workbook',
    ]);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const empty = await importWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), {
      department: 'czt',
      plan,
    });
    expect(empty.problems.map((p: WorkbookProblem) => `${p.sheet}:${p.code}`)).toEqual([
      `${SHEETS.systems}:missing-sheet`,
      `${SHEETS.resources}:missing-sheet`,
    ]);
  });

  it('reads the questionnaire and the archetypes a system inherits from', async () => {
    const wb = await edited('czt', (wb) => {
      const a = wb.getWorksheet(SHEETS.archetypes)!;
      a.addRow([
        'portal-kylin-dm',
        '门户网站（麒麟+达梦）',
        'Portal on Kylin and DM',
        '银河麒麟 V10',
        '已适配',
        '达梦 DM8',
        '已适配',
      ]);
      const q = wb.getWorksheet(SHEETS.readiness)!;
      q.addRow([
        'czt-portal',
        'portal-kylin-dm',
        null,
        null,
        null,
        null,
        '东方通 TongWeb 7',
        '适配中',
        '1,200',
        4,
        '是',
        2,
        '统一身份认证；支付平台',
        '已测评',
      ]);
      q.addRow(['czt-nowhere', 'portal-kylin-dm']);
    });
    const r = await importWorkbook(wb, { department: 'czt', plan, today: TODAY });
    expect(r.problems.map((p) => formatWorkbookProblem(p, 'en'))).toEqual([
      '上云评估问卷:3:A: the system czt-nowhere is not on the application systems sheet',
    ]);
    const fixed = await edited('czt', (wb) => {
      wb.getWorksheet(SHEETS.archetypes)!.addRow([
        'portal-kylin-dm',
        '门户网站',
        'Portal',
        '银河麒麟 V10',
        '已适配',
      ]);
      wb.getWorksheet(SHEETS.readiness)!.addRow([
        'czt-portal',
        'portal-kylin-dm',
        null,
        null,
        '达梦 DM8',
        '未适配',
        null,
        null,
        30,
        2,
        '否',
        0,
        null,
        '测评中',
      ]);
    });
    const ok = await importWorkbook(fixed, { department: 'czt', plan, today: TODAY });
    expect(ok.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ok.readiness).toEqual({
      archetypes: [
        {
          id: 'portal-kylin-dm',
          name: { zh: '门户网站', en: 'Portal' },
          answers: { os: '银河麒麟 V10', osXinchuang: 'adapted' },
        },
      ],
      answers: {
        'czt-portal': {
          archetype: 'portal-kylin-dm',
          answers: {
            database: '达梦 DM8',
            databaseXinchuang: 'not-adapted',
            dataVolumeGiB: 30,
            downtimeHours: 2,
            rollbackPlan: false,
            interfaces: 0,
            mlpsStatus: 'in-progress',
          },
        },
      },
    });
  });

  it('the README documents the columns the code reads', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(readmeTables());
  });
});
