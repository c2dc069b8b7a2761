// A change to systems' waves, dates or network written into the plan's own YAML files, as a
// reviewable patch: the yaml package's Document API (as the loader reads the files) finds each
// value's exact place, and only those characters are replaced, so comments, order, quoting and
// layout stay as the authors wrote them. The patched files are validated by the plan's own rules
// before the patch is offered; nothing is written.
import { isMap, isScalar, isSeq, parseDocument, type Scalar, type YAMLMap } from 'yaml';
import { fastParse } from '../fast-parse.ts';
import { loadPlan, type PlanText } from '../load.ts';
import { hasErrors, type Problem } from '../problems.ts';
import { unifiedDiff } from './unified-diff.ts';

export const PATCHABLE = ['wave', 'start', 'cutover', 'network'] as const;
export type PatchableField = (typeof PATCHABLE)[number];

export interface SystemChange {
  system: string;
  /** The plan file that declares the system (relative to the plan folder). */
  file: string;
  set: Partial<Record<PatchableField, string>>;
}

export interface FilePatch {
  file: string;
  diff: string;
  /** The systems the file's patch changes. */
  systems: string[];
}

export interface PlanPatch {
  files: FilePatch[];
  /** All the files' diffs in one, paths relative to the plan folder (`patch -p1 -d <plan folder>`). */
  diff: string;
  /** The patched plan's problems about the changed systems, and every error (an error withholds the patch). */
  problems: Problem[];
  valid: boolean;
}

type Edit = { from: number; to: number; text: string };

/**
 * The new text of one file with the changes applied to its systems' values. Each changed system's
 * own lines are read with the Document API (a department's file of a thousand systems need not be
 * composed whole for a few of them: the fast parser says where each system starts); a file whose
 * systems cannot be cut apart that way is read whole.
 */
export function patchText(name: string, text: string, changes: readonly SystemChange[]): string {
  const edits = editsBySlices(name, text, changes) ?? editsOfDocument(name, text, changes);
  let out = text;
  for (const e of edits.sort((x, y) => y.from - x.from))
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** The edits of one system's map: each field's scalar, replaced where it stands (offset from `base`). */
function editsOfItem(name: string, item: YAMLMap, change: SystemChange, base: number): Edit[] {
  return Object.entries(change.set).map(([field, value]) => {
    const node = item.get(field, true);
    if (!isScalar(node) || !node.range)
      throw new Error(`${name}: ${change.system} has no ${field} to change`);
    return { from: base + node.range[0], to: base + node.range[1], text: written(node, value) };
  });
}

function editsOfDocument(name: string, text: string, changes: readonly SystemChange[]): Edit[] {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`${name}: ${doc.errors[0]!.message}`);
  const seq = doc.get('systems', true);
  if (!isSeq(seq)) throw new Error(`${name}: no systems list`);
  const wanted = new Map(changes.map((c) => [c.system, c]));
  const edits: Edit[] = [];
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const change = wanted.get(String(item.get('id')));
    if (!change) continue;
    wanted.delete(change.system);
    edits.push(...editsOfItem(name, item, change, 0));
  }
  if (wanted.size) throw new Error(`${name}: no system ${[...wanted.keys()].join(', ')}`);
  return edits;
}

/** Each changed system read alone, from its first line to the next system's; null: read the file whole. */
function editsBySlices(name: string, text: string, changes: readonly SystemChange[]): Edit[] | null {
  const fast = fastParse(name, text);
  const systems = (fast?.data as { systems?: unknown } | null)?.systems;
  if (!fast || !Array.isArray(systems)) return null;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineStart = (i: number) => lineStarts[fast.file.position(['systems', i]).line - 1]!;
  const index = new Map(systems.map((s, i) => [String((s as { id?: unknown } | null)?.id), i]));
  const edits: Edit[] = [];
  for (const change of changes) {
    const i = index.get(change.system);
    if (i === undefined) throw new Error(`${name}: no system ${change.system}`);
    const from = lineStart(i);
    const to = i + 1 < systems.length ? lineStart(i + 1) : text.length;
    const doc = parseDocument(text.slice(from, to));
    const contents = doc.contents;
    const item = isSeq(contents) && contents.items.length === 1 ? contents.items[0] : contents;
    // Two systems on one line, a flow list, anything unusual: the whole file is read instead.
    if (doc.errors.length || !isMap(item) || String(item.get('id')) !== change.system) return null;
    edits.push(...editsOfItem(name, item, change, from));
  }
  return edits;
}

/** The value written the way the file wrote the old one (plain, or in the same quotes). */
function written(node: Scalar, value: string): string {
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (node.type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  return value;
}

/**
 * The patch for the changes against the plan's files as they stand, validated: `today` dates the
 * rules that depend on it (as the loader is given it).
 */
export function planPatch(
  texts: readonly PlanText[],
  changes: readonly SystemChange[],
  today?: string,
): PlanPatch {
  const byFile = new Map<string, SystemChange[]>();
  for (const c of changes) {
    if (Object.keys(c.set).length === 0) continue;
    let list = byFile.get(c.file);
    if (!list) byFile.set(c.file, (list = []));
    list.push(c);
  }
  const patched = new Map<string, string>();
  const files: FilePatch[] = [];
  for (const t of texts) {
    const list = byFile.get(t.name);
    if (!list) continue;
    const text = patchText(t.name, t.text, list);
    patched.set(t.name, text);
    files.push({ file: t.name, diff: unifiedDiff(t.name, t.text, text), systems: list.map((c) => c.system) });
  }
  const missing = [...byFile.keys()].filter((f) => !patched.has(f));
  if (missing.length) throw new Error(`no plan file ${missing.join(', ')}`);
  const result = loadPlan(
    texts.map((t) => (patched.has(t.name) ? { ...t, text: patched.get(t.name)! } : t)),
    today ? { today } : {},
  );
  const changed = new Set(changes.map((c) => c.system));
  const problems = result.problems.filter(
    (p) => p.severity === 'error' || (p.system && changed.has(p.system)),
  );
  return {
    files,
    diff: files.map((f) => f.diff).join(''),
    problems,
    valid: !hasErrors(result.problems),
  };
}
