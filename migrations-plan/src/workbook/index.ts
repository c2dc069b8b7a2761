// The provincial survey workbook: its columns, import and export.
export * from './columns.ts';
export {
  formatWorkbookProblem,
  importWorkbook,
  MAX_ROWS,
  type ImportResult,
  type WorkbookProblem,
  type ImportedReadiness,
} from './import.ts';
export { exportWorkbook, templateWorkbook, writeWorkbook, type ExportResult } from './export.ts';
export { workbookWords, type WorkbookLocale } from './messages.ts';
export { readmeTables } from './readme.ts';
