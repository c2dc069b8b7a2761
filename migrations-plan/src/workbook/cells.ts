// What a cell of a department's workbook holds, once Excel's encodings are taken off: formulas
// give their cached result, rich text its plain text, a hyperlink its text, merged cells their
// master's value (exceljs does that), and dates come as Date objects (a date-formatted number),
// as bare serials, or as text in the ways people type them.
// Cell value shapes: exceljs 4.4.0 index.d.ts (CellValue, CellFormulaValue, CellSharedFormulaValue,
// CellRichTextValue, CellHyperlinkValue, CellErrorValue); serial ↔ date: lib/utils/utils.js
// excelToDate (days since 1899-12-30, UTC; 1462 more in the 1904 system).
import type { CellValue } from 'exceljs';

export type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; iso: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; error: string };

const EMPTY: Cell = { kind: 'empty' };

/** The cell's value as the department sees it in Excel (a formula's last computed result). */
export function normalise(v: CellValue | unknown): Cell {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'string') return v.trim() ? { kind: 'text', text: v.trim() } : EMPTY;
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : EMPTY;
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? { kind: 'error', error: '#VALUE!' } : { kind: 'date', iso: isoOf(v) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return { kind: 'error', error: String(o.error) };
    if ('richText' in o && Array.isArray(o.richText))
      return normalise((o.richText as { text?: unknown }[]).map((r) => String(r?.text ?? '')).join(''));
    if ('formula' in o || 'sharedFormula' in o) return normalise(o.result);
    if ('text' in o) return normalise(typeof o.text === 'string' ? o.text : normalise(o.text));
  }
  return { kind: 'error', error: '#VALUE!' };
}

/** A Date read by exceljs stands for a day at 00:00 UTC (excelToDate); time of day is dropped. */
const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/** Excel's 1900 date system: serial 1 is 1900-01-01, and 25569 is 1970-01-01. */
export function serialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const ms = Math.round((Math.floor(serial) - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

export type Read<T> =
  { ok: true; value: T } | { ok: false; code: string; params?: Record<string, string | number> };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (code: string, params: Record<string, string | number> = {}): Read<never> => ({
  ok: false,
  code,
  params,
});

/** The text a person sees in the cell (numbers as written, dates as YYYY-MM-DD). */
export function textOf(c: Cell): string {
  switch (c.kind) {
    case 'empty':
      return '';
    case 'text':
      return c.text;
    case 'number':
      return String(c.value);
    case 'date':
      return c.iso;
    case 'bool':
      return c.value ? '是' : '否';
    case 'error':
      return c.error;
  }
}

export function readText(c: Cell, max = 200): Read<string> {
  if (c.kind === 'error') return bad('cell-error', { error: c.error });
  const t = textOf(c);
  if (t.length > max) return bad('too-long', { max });
  return ok(t);
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** A day, from a date cell, an Excel serial (a number, or a number kept as text) or typed text. */
export function readDate(c: Cell, date1904 = false): Read<string> {
  if (c.kind === 'date') return ok(c.iso);
  if (c.kind === 'number') {
    const iso = Number.isInteger(c.value) ? serialToIso(c.value, date1904) : null;
    return iso ? ok(iso) : bad('not-a-date', { value: String(c.value) });
  }
  if (c.kind === 'error') return bad('cell-error', { error: c.error });
  const t = textOf(c);
  if (/^\d{1,7}$/.test(t)) {
    const iso = serialToIso(Number(t), date1904);
    if (iso) return ok(iso);
  }
  const m = DATE_TEXT.exec(t);
  if (!m) return bad('not-a-date', { value: t.slice(0, 40) });
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    return bad('not-a-date', { value: t.slice(0, 40) });
  return ok(iso);
}

const FULL_WIDTH_DIGITS = /[０-９．]/g;

/** A number, from a number cell or text that holds one ("1,024", "１６", " 32 "). */
export function readNumber(c: Cell): Read<number> {
  if (c.kind === 'number') return ok(c.value);
  if (c.kind === 'error') return bad('cell-error', { error: c.error });
  if (c.kind !== 'text') return bad('not-a-number', { value: textOf(c) });
  const t = c.text
    .replace(FULL_WIDTH_DIGITS, (ch) => (ch === '．' ? '.' : String(ch.charCodeAt(0) - 0xff10)))
    .replace(/[,，\s]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return bad('not-a-number', { value: c.text.slice(0, 40) });
  return ok(Number(t));
}

/** One of a set of words (Chinese, or the plan's own English id), as the plan's value. */
export function readWord<T extends string>(c: Cell, words: Record<T, string>): Read<T> {
  if (c.kind === 'error') return bad('cell-error', { error: c.error });
  const t = textOf(c).trim();
  for (const [id, zh] of Object.entries(words) as [T, string][])
    if (t === zh || t.toLowerCase() === id) return ok(id);
  return bad('not-one-of', { value: t.slice(0, 40), allowed: Object.values<string>(words).join('、') });
}

export function readYesNo(c: Cell): Read<boolean> {
  if (c.kind === 'bool') return ok(c.value);
  const t = textOf(c).trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1', '有'].includes(t)) return ok(true);
  if (['否', 'n', 'no', 'false', '0', '无'].includes(t)) return ok(false);
  return bad('not-one-of', { value: t.slice(0, 40), allowed: '是、否' });
}
