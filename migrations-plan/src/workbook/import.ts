// A department's survey workbook → its plan file (systems/<department>.yaml) for review, and the
// readiness answers of its questionnaire sheet. Every problem names sheet, row and column; the
// file is produced only when no error is left, after the plan's own loader and rules (load.ts,
// rules.ts) have passed it together with the rest of the plan — the same check `yunqian plan
// validate` makes, so what is produced validates there.
import ExcelJS from 'exceljs';
import { stringify } from 'yaml';
import { loadPlan, type PlanText } from '../load.ts';
import type { Problem, Severity } from '../problems.ts';
import { Archetype, SystemAnswers } from '../readiness/questionnaire.ts';
import { normalise, type Cell } from './cells.ts';
import {
  COLUMNS,
  SHEETS,
  columnLetter,
  type AnswersDraft,
  type ArchetypeDraft,
  type ColumnDef,
  type ReadContext,
  type SheetKey,
  type SystemDraft,
} from './columns.ts';
import { workbookWords, type WorkbookLocale } from './messages.ts';

/** Rows read from one sheet at most: a department has tens of systems, a province file thousands. */
export const MAX_ROWS = 5000;

export interface WorkbookProblem {
  /** The sheet's name (or a plan file's, for a problem the change causes elsewhere in the plan). */
  sheet: string;
  row: number;
  /** The column's letter (A, B, …). */
  column: string;
  severity: Severity;
  code: string;
  params: Record<string, string | number>;
  /** In English, as the plan's rules word it; `formatWorkbookProblem` words it in a locale. */
  message: string;
}

export interface ImportedReadiness {
  archetypes: Archetype[];
  answers: Record<string, SystemAnswers>;
}

export interface ImportResult {
  problems: WorkbookProblem[];
  /** The plan file the workbook becomes, e.g. systems/czt.yaml. */
  file: string;
  /** Its text, only when no error is left. */
  yaml: string | null;
  systems: number;
  readiness: ImportedReadiness | null;
}

export interface ImportOptions {
  department: string;
  /** The plan as it is (its other files check references, units and waves). */
  plan: PlanText[];
  today?: string | undefined;
  /** Archetypes known already (the database's), besides those on the workbook's own sheet. */
  archetypes?: readonly string[];
}

export function formatWorkbookProblem(p: WorkbookProblem, locale: WorkbookLocale = 'zh-CN'): string {
  const words = workbookWords(p.code, p.params, locale) ?? p.message;
  return `${p.sheet}:${p.row}:${p.column}: ${words}`;
}

interface Located<T> {
  draft: T;
  row: number;
}

/** Header text as people write it: "*系统编号", "系统编号\n(必填)", "System id". */
const headerKey = (s: string) =>
  s
    .replace(/[*＊]/g, '')
    .replace(/[（(]必填[)）]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

class Reader {
  readonly problems: WorkbookProblem[] = [];
  constructor(
    readonly wb: ExcelJS.Workbook,
    readonly ctx: ReadContext,
  ) {}

  problem(
    sheet: string,
    row: number,
    col: number | string,
    code: string,
    params: Record<string, string | number> = {},
    severity: Severity = 'error',
  ) {
    this.problems.push({
      sheet,
      row,
      column: typeof col === 'number' ? columnLetter(col) : col,
      severity,
      code,
      params,
      message: workbookWords(code, params, 'en') ?? code,
    });
  }

  /** Each non-empty row of the sheet, read through the columns into a fresh draft. */
  sheet<T>(key: SheetKey, columns: ColumnDef<T>[], fresh: () => T, optional = false): Located<T>[] | null {
    const name = SHEETS[key];
    const ws = this.wb.getWorksheet(name);
    if (!ws) {
      if (!optional) this.problem(name, 1, 'A', 'missing-sheet', { sheet: name });
      return null;
    }
    // Where each column is: its header in the first row, in Chinese or in English.
    const at = new Map<ColumnDef<T>, number>();
    const header = ws.getRow(1);
    const width = Math.min(ws.columnCount, 200);
    for (let c = 1; c <= width; c++) {
      const cell = normalise(header.getCell(c).value);
      if (cell.kind !== 'text') continue;
      const k = headerKey(cell.text);
      const def = columns.find((d) => headerKey(d.zh) === k || headerKey(d.en) === k);
      if (!def) continue;
      if (at.has(def)) this.problem(name, 1, c - 1, 'duplicate-column', { column: def.zh });
      else at.set(def, c);
    }
    let next = width;
    for (const d of columns)
      if (d.required && !at.has(d)) this.problem(name, 1, next++, 'missing-column', { column: d.zh });
    if (ws.rowCount > MAX_ROWS + 1) {
      this.problem(name, MAX_ROWS + 2, 'A', 'too-many-rows', { max: MAX_ROWS });
      return null;
    }
    const out: Located<T>[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells = new Map<ColumnDef<T>, Cell>();
      for (const [d, c] of at) cells.set(d, normalise(row.getCell(c).value));
      // Blank rows (and rows left between blocks of merged cells) are skipped.
      if ([...cells.values()].every((c) => c.kind === 'empty')) continue;
      const draft = fresh();
      for (const d of columns) {
        const col = at.get(d);
        if (col === undefined) continue;
        const cell = cells.get(d)!;
        if (cell.kind === 'empty') {
          if (d.required) this.problem(name, r, col - 1, 'required', { column: d.zh });
          continue;
        }
        const read = d.read(cell, draft, this.ctx);
        if (!read.ok) this.problem(name, r, col - 1, read.code, { column: d.zh, ...read.params });
      }
      out.push({ draft, row: r });
    }
    return out;
  }

  /** The column letter of a column of a sheet, as its header placed it (for mapped problems). */
  columnOf(key: SheetKey, columnKey: string): string {
    const ws = this.wb.getWorksheet(SHEETS[key]);
    const def = (COLUMNS[key] as ColumnDef<unknown>[]).find((d) => d.key === columnKey);
    if (!ws || !def) return 'A';
    const header = ws.getRow(1);
    for (let c = 1; c <= Math.min(ws.columnCount, 200); c++) {
      const cell = normalise(header.getCell(c).value);
      if (cell.kind === 'text' && [headerKey(def.zh), headerKey(def.en)].includes(headerKey(cell.text)))
        return columnLetter(c - 1);
    }
    return 'A';
  }
}

const freshSystem = (): SystemDraft => ({
  name: {},
  mlps: {},
  resources: {},
  currentSite: {},
  contacts: {},
  dependsOn: [],
});

/** The plan file's system, keys in the order the plan's files (and the generator) write them. */
function systemOf(d: SystemDraft, department: string): Record<string, unknown> {
  return {
    id: d.id,
    name: { zh: d.name.zh, en: d.name.en },
    ...(d.department && d.department !== department ? { department: d.department } : {}),
    ...(d.classified ? { classified: true } : {}),
    network: d.network,
    mlps: {
      level: d.mlps.level,
      ...(d.mlps.filing ? { filing: d.mlps.filing } : {}),
      ...(d.mlps.assessed ? { assessed: d.mlps.assessed } : {}),
    },
    wave: d.wave,
    start: d.start,
    cutover: d.cutover,
    resources: { cpu: d.resources.cpu, memoryGiB: d.resources.memoryGiB, storageGiB: d.resources.storageGiB },
    currentSite: { kind: d.currentSite.kind, name: d.currentSite.name },
    contacts: (['owner', 'technical', 'vendor', 'security'] as const).flatMap((role) => {
      const c = d.contacts[role];
      if (!c?.name) return [];
      return [
        {
          name: c.name,
          role,
          ...(c.phone ? { phone: c.phone } : {}),
          ...(c.email ? { email: c.email } : {}),
        },
      ];
    }),
    strategy: d.strategy,
    dependsOn: d.dependsOn,
    ...(d.publicNames?.length ? { publicNames: d.publicNames } : {}),
    ...(d.legacyHosts?.length ? { legacyHosts: d.legacyHosts } : {}),
  };
}

export const systemsFileHeader = '# yaml-language-server: $schema=../schema/systems.schema.json\n';

/** Units by id with their Chinese names, from the plan's organisation file(s). */
function unitsOf(plan: PlanText[]): Map<string, string> {
  const units = new Map<string, string>();
  const { plan: loaded } = loadPlan(plan.filter((t) => !t.name.startsWith('systems/')));
  for (const o of loaded?.organisations ?? []) units.set(o.id, o.name.zh);
  return units;
}

export async function importWorkbook(
  data: ArrayBuffer | Uint8Array,
  opts: ImportOptions,
): Promise<ImportResult> {
  const file = `systems/${opts.department}.yaml`;
  const empty = (problems: WorkbookProblem[]): ImportResult => ({
    problems,
    file,
    yaml: null,
    systems: 0,
    readiness: null,
  });
  const wb = new ExcelJS.Workbook();
  try {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return empty([
      {
        sheet: 'workbook',
        row: 1,
        column: 'A',
        severity: 'error',
        code: 'not-xlsx',
        params: {},
        message: workbookWords('not-xlsx', {}, 'en')!,
      },
    ]);
  }
  const units = unitsOf(opts.plan);
  const reader = new Reader(wb, {
    department: opts.department,
    units,
    date1904: Boolean(wb.properties?.date1904),
  });
  const rows = reader.sheet('systems', COLUMNS.systems, freshSystem) ?? [];
  const resources = reader.sheet('resources', COLUMNS.resources, freshSystem) ?? [];

  // Resources join the systems by id: each system one row, no row for an unknown system.
  const byId = new Map<string, Located<SystemDraft>>();
  for (const r of rows) if (r.draft.id && !byId.has(r.draft.id)) byId.set(r.draft.id, r);
  const resourceRow = new Map<string, number>();
  for (const r of resources) {
    const id = r.draft.id;
    if (!id) continue;
    const seen = resourceRow.get(id);
    const col = reader.columnOf('resources', 'id');
    if (seen) reader.problem(SHEETS.resources, r.row, col, 'duplicate-row', { system: id, row: seen });
    else if (!byId.has(id)) reader.problem(SHEETS.resources, r.row, col, 'unknown-system', { system: id });
    else {
      resourceRow.set(id, r.row);
      byId.get(id)!.draft.resources = r.draft.resources;
    }
  }
  for (const r of rows)
    if (r.draft.id && byId.get(r.draft.id) === r && !resourceRow.has(r.draft.id))
      reader.problem(SHEETS.systems, r.row, reader.columnOf('systems', 'id'), 'no-resources', {
        system: r.draft.id,
      });

  const readiness = readReadiness(reader, new Set(byId.keys()), opts.archetypes ?? []);
  if (reader.problems.some((p) => p.severity === 'error')) return empty(sorted(reader.problems));

  const systems = rows.map((r) => systemOf(r.draft, opts.department));
  const yaml = systemsFileHeader + stringify({ department: opts.department, systems }, { lineWidth: 0 });
  const texts = [...opts.plan.filter((t) => t.name !== file), { name: file, text: yaml }].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const loaded = loadPlan(texts, { today: opts.today });
  const problems = [
    ...reader.problems,
    ...loaded.problems.flatMap((p) => placed(p, file, rows, resourceRow, reader)),
  ];
  const clean = !problems.some((p) => p.severity === 'error');
  return {
    problems: sorted(problems),
    file,
    yaml: clean ? yaml : null,
    systems: clean ? systems.length : 0,
    readiness: clean ? readiness : null,
  };
}

/** A problem the plan's loader found, placed on the cell it is about. */
function placed(
  p: Problem,
  file: string,
  rows: Located<SystemDraft>[],
  resourceRow: Map<string, number>,
  reader: Reader,
): WorkbookProblem[] {
  const base = { severity: p.severity, code: p.code, params: p.params ?? {}, message: p.message };
  if (p.file !== file) {
    // A change of this department's systems can break another file (a dependency removed):
    // only errors are told, where they are.
    if (p.severity !== 'error') return [];
    return [{ ...base, sheet: p.file, row: p.line, column: String(p.column) }];
  }
  const m = /^systems\.(\d+)(?:\.(.*))?$/.exec(p.field ?? '');
  const located = m ? rows[Number(m[1])] : undefined;
  if (!located) return [{ ...base, sheet: SHEETS.systems, row: 1, column: 'A' }];
  const rest = m![2] ?? 'id';
  if (rest.startsWith('resources')) {
    const row = resourceRow.get(located.draft.id ?? '') ?? located.row;
    return [{ ...base, sheet: SHEETS.resources, row, column: reader.columnOf('resources', rest) }];
  }
  return [
    {
      ...base,
      sheet: SHEETS.systems,
      row: located.row,
      column: reader.columnOf('systems', columnKey(rest, located.draft)),
    },
  ];
}

/** The template column a field of the plan's system comes from. */
function columnKey(field: string, d: SystemDraft): string {
  if (field === 'mlps') return 'mlps.filing';
  if (field.startsWith('dependsOn')) return 'dependsOn';
  const contact = /^contacts\.(\d+)(?:\.(\w+))?/.exec(field);
  if (contact) {
    const roles = (['owner', 'technical', 'vendor', 'security'] as const).filter((r) => d.contacts[r]?.name);
    return `contacts.${roles[Number(contact[1])] ?? 'owner'}.${contact[2] ?? 'name'}`;
  }
  const known = (COLUMNS.systems as ColumnDef<unknown>[]).map((c) => c.key);
  for (let f = field; f; f = f.split('.').slice(0, -1).join('.')) if (known.includes(f)) return f;
  return 'id';
}

function readReadiness(
  reader: Reader,
  systems: Set<string>,
  known: readonly string[],
): ImportedReadiness | null {
  const archetypeRows = reader.sheet<ArchetypeDraft>(
    'archetypes',
    COLUMNS.archetypes,
    () => ({ name: {}, answers: {} }),
    true,
  );
  const answerRows = reader.sheet<AnswersDraft>(
    'readiness',
    COLUMNS.readiness,
    () => ({ answers: {} }),
    true,
  );
  if (!archetypeRows && !answerRows) return null;
  const archetypes: Archetype[] = [];
  const ids = new Set(known);
  const archetypeRow = new Map<string, number>();
  for (const r of archetypeRows ?? []) {
    const parsed = Archetype.safeParse(r.draft);
    if (!parsed.success) {
      invalid(reader, 'archetypes', r.row, parsed.error.issues);
      continue;
    }
    const twice = archetypeRow.get(parsed.data.id);
    if (twice) {
      reader.problem(SHEETS.archetypes, r.row, reader.columnOf('archetypes', 'id'), 'duplicate-row', {
        system: parsed.data.id,
        row: twice,
      });
      continue;
    }
    archetypeRow.set(parsed.data.id, r.row);
    ids.add(parsed.data.id);
    archetypes.push(parsed.data);
  }
  const answers: Record<string, SystemAnswers> = {};
  const seen = new Map<string, number>();
  for (const r of answerRows ?? []) {
    const { system, ...rest } = r.draft;
    if (!system) continue;
    const col = reader.columnOf('readiness', 'system');
    if (!systems.has(system)) {
      reader.problem(SHEETS.readiness, r.row, col, 'unknown-system', { system });
      continue;
    }
    if (seen.has(system)) {
      reader.problem(SHEETS.readiness, r.row, col, 'duplicate-row', { system, row: seen.get(system)! });
      continue;
    }
    seen.set(system, r.row);
    if (rest.archetype && !ids.has(rest.archetype))
      reader.problem(
        SHEETS.readiness,
        r.row,
        reader.columnOf('readiness', 'archetype'),
        'unknown-archetype',
        {
          archetype: rest.archetype,
        },
      );
    const parsed = SystemAnswers.safeParse(rest);
    if (!parsed.success) invalid(reader, 'readiness', r.row, parsed.error.issues);
    else answers[system] = parsed.data;
  }
  return { archetypes, answers };
}

function invalid(
  reader: Reader,
  key: SheetKey,
  row: number,
  issues: { path: PropertyKey[]; message: string }[],
) {
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const columnKey = (COLUMNS[key] as ColumnDef<unknown>[]).find((c) => path.startsWith(c.key))?.key ?? path;
    reader.problem(SHEETS[key], row, reader.columnOf(key, columnKey), 'invalid-answer', {
      detail: issue.message,
    });
  }
}

function sorted(problems: WorkbookProblem[]): WorkbookProblem[] {
  const order = Object.values(SHEETS) as string[];
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const colNum = (c: string) =>
    /^[A-Z]+$/.test(c) ? [...c].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) : Number(c);
  return problems.sort(
    (a, b) =>
      rank(a.sheet) - rank(b.sheet) ||
      a.sheet.localeCompare(b.sheet) ||
      a.row - b.row ||
      colNum(a.column) - colNum(b.column) ||
      a.code.localeCompare(b.code),
  );
}
