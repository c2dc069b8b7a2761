// The plan (or one department of it) → the provincial survey workbook, the same template the
// import reads: importing the exported workbook gives the plan file back as it was.
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { loadPlan, type PlanText } from '../load.ts';
import { SystemsFile } from '../schema.ts';
import type { Problem } from '../problems.ts';
import type { Archetype, SystemAnswers } from '../readiness/questionnaire.ts';
import {
  COLUMNS,
  SHEETS,
  type AnswersDraft,
  type ArchetypeDraft,
  type ColumnDef,
  type SheetKey,
  type SystemDraft,
} from './columns.ts';

export interface ExportOptions {
  /** Only this department's plan file(s); all of them when absent. */
  department?: string | undefined;
  /** Questionnaire answers and archetypes to write on the readiness sheets (blank sheets when absent). */
  readiness?: { archetypes: readonly Archetype[]; answers: Readonly<Record<string, SystemAnswers>> };
}

export type ExportResult =
  { ok: true; workbook: Uint8Array; systems: number } | { ok: false; problems: Problem[] };

/** A plan file's system as a template row (the owning unit always written out). */
function draftOf(s: SystemsFile['systems'][number], department: string): SystemDraft {
  const contacts: SystemDraft['contacts'] = {};
  for (const c of s.contacts) contacts[c.role] ??= { name: c.name, phone: c.phone, email: c.email };
  return {
    id: s.id,
    name: { ...s.name },
    department: s.department ?? department,
    classified: s.classified,
    network: s.network,
    mlps: { ...s.mlps },
    wave: s.wave,
    start: s.start,
    cutover: s.cutover,
    resources: { ...s.resources },
    currentSite: { ...s.currentSite },
    contacts,
    strategy: s.strategy,
    dependsOn: s.dependsOn,
    ...(s.publicNames ? { publicNames: s.publicNames } : {}),
    ...(s.legacyHosts ? { legacyHosts: s.legacyHosts } : {}),
  };
}
type SystemsFile = import('zod').infer<typeof SystemsFile>;

function addSheet<T>(wb: ExcelJS.Workbook, key: SheetKey, columns: ColumnDef<T>[], rows: T[]) {
  const ws = wb.addWorksheet(SHEETS[key], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.zh, key: c.key, width: Math.max(10, c.zh.length * 2 + 4) }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    // The English name and what may be written travel with the header, as a note.
    const note = [c.en, c.required ? '必填 / required' : '', c.note ? `${c.note.zh}\n${c.note.en}` : '']
      .filter(Boolean)
      .join('\n');
    header.getCell(i + 1).note = note;
  });
  for (const r of rows) {
    const row = ws.addRow(columns.map((c) => c.write(r)));
    columns.forEach((c, i) => {
      const v = row.getCell(i + 1).value;
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      if (typeof v === 'string' && v.includes('\n')) row.getCell(i + 1).alignment = { wrapText: true };
    });
  }
}

/** Writes the workbook: the systems and their resources, then the questionnaire and archetypes. */
export async function writeWorkbook(
  systems: SystemDraft[],
  readiness?: ExportOptions['readiness'],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Yunqian';
  addSheet(wb, 'systems', COLUMNS.systems, systems);
  addSheet(wb, 'resources', COLUMNS.resources, systems);
  const answers: AnswersDraft[] = systems
    .filter((s) => s.id && readiness?.answers[s.id])
    .map((s) => ({
      system: s.id,
      ...readiness!.answers[s.id!]!,
      answers: { ...readiness!.answers[s.id!]!.answers },
    }));
  addSheet(wb, 'readiness', COLUMNS.readiness, answers);
  const archetypes: ArchetypeDraft[] = (readiness?.archetypes ?? []).map((a) => ({
    id: a.id,
    name: { ...a.name },
    answers: { ...a.answers },
  }));
  addSheet(wb, 'archetypes', COLUMNS.archetypes, archetypes);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The blank template: the sheets and their headers (with notes), no rows. */
export const templateWorkbook = () => writeWorkbook([]);

export async function exportWorkbook(plan: PlanText[], opts: ExportOptions = {}): Promise<ExportResult> {
  const loaded = loadPlan(plan);
  if (!loaded.plan) return { ok: false, problems: loaded.problems.filter((p) => p.severity === 'error') };
  const drafts: SystemDraft[] = [];
  for (const t of plan) {
    if (!t.name.startsWith('systems/')) continue;
    const file = SystemsFile.parse(parse(t.text));
    if (opts.department && file.department !== opts.department) continue;
    for (const s of file.systems) drafts.push(draftOf(s, file.department));
  }
  return { ok: true, workbook: await writeWorkbook(drafts, opts.readiness), systems: drafts.length };
}
