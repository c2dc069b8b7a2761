// The README's tables of the template's columns, written from the same column lists the import
// and export use (a test keeps the README's copy equal to this output).
import { COLUMNS, SHEETS, SHEET_EN, type ColumnDef, type SheetKey } from './columns.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function readmeTables(): string {
  return (Object.keys(SHEETS) as SheetKey[])
    .map((key) => {
      const rows = (COLUMNS[key] as ColumnDef<unknown>[]).map(
        (c) =>
          `| ${c.zh} | ${c.en} | ${c.required ? '✓' : ''} | ${cell(c.note ? `${c.note.zh} / ${c.note.en}` : '')} | ${cell(c.example)} |`,
      );
      return [
        `Sheet **${SHEETS[key]}** (${SHEET_EN[key]}):`,
        '',
        '| 列 (header) | English name | required | values | example |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}
