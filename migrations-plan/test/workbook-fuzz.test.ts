// Fuzzing a department's workbook the ways cells go wrong: any value of any type in any cell (the
// header row included) — text, numbers, dates valid or not, booleans, formulas with a result or an
// error, rich text, hyperlinks, blanks. The import never throws; every problem names a sheet, a row
// and a column; and when it produces a file, that file passes the plan's validation.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { generateProvince, SAMPLE_SIZE } from '../src/generate/province.ts';
import { exportWorkbook, importWorkbook, SHEETS } from '../src/workbook/index.ts';
import { loadPlan } from '../src/index.ts';

const plan = generateProvince(SAMPLE_SIZE);
const base = await exportWorkbook(plan, { department: 'czt' });
if (!base.ok) throw new Error('the sample plan does not export');

// Plain objects, as a person's workbook holds (exceljs's writer calls hasOwnProperty on them).
const rec = { noNullPrototype: true } as const;
const cellValue: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '政务内网',
    '政务外网',
    '是',
    '否',
    '三级',
    'w2',
    '2026/2/30',
    '2026年7月1日',
    '１６',
    'zwfw-portal（通道',
    'czt',
  ),
  fc.integer({ min: -5, max: 3_000_000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.date({ min: new Date('1890-01-01'), max: new Date('2100-01-01'), noInvalidDate: false }),
  fc.record(
    { formula: fc.constant('A1+1'), result: fc.oneof(fc.integer(), fc.string({ maxLength: 10 })) },
    rec,
  ),
  fc.record({ formula: fc.constant('1/0'), result: fc.constant({ error: '#DIV/0!' as const }) }, rec),
  fc.record(
    { richText: fc.array(fc.record({ text: fc.string({ maxLength: 10 }) }, rec), { maxLength: 3 }) },
    rec,
  ),
  fc.record({ text: fc.string({ maxLength: 10 }), hyperlink: fc.constant('https://example.invalid/') }, rec),
) as fc.Arbitrary<ExcelJS.CellValue>;

const edit = fc.record({
  sheet: fc.constantFrom(
    SHEETS.systems,
    SHEETS.systems,
    SHEETS.resources,
    SHEETS.readiness,
    SHEETS.archetypes,
  ),
  row: fc.integer({ min: 1, max: 10 }),
  column: fc.integer({ min: 1, max: 32 }),
  value: cellValue,
});

describe('fuzzing the workbook’s cells', () => {
  it('never throws, and every problem names sheet, row and column', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(base.workbook as unknown as ArrayBuffer);
        for (const e of edits) wb.getWorksheet(e.sheet)!.getRow(e.row).getCell(e.column).value = e.value;
        const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
        const r = await importWorkbook(bytes, { department: 'czt', plan, today: '2026-11-25' });
        for (const p of r.problems) {
          expect(p.sheet.length).toBeGreaterThan(0);
          expect(Number.isInteger(p.row) && p.row >= 1).toBe(true);
          // A column letter on a sheet; a column number only for another plan file's problem.
          expect(p.column).toMatch(p.sheet.startsWith('systems/') ? /^\d+$/ : /^[A-Z]{1,3}$/);
          expect(p.code.length).toBeGreaterThan(0);
          expect(p.message.length).toBeGreaterThan(0);
        }
        if (r.yaml) {
          expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
          const texts = [...plan.filter((t) => t.name !== r.file), { name: r.file, text: r.yaml }];
          expect(loadPlan(texts).plan).not.toBeNull();
        } else expect(r.problems.some((p) => p.severity === 'error')).toBe(true);
      }),
      // Each run writes and reads a workbook (about a tenth of a second): modest for CI.
      { numRuns: 40, seed: 2412 },
    );
  });
});
