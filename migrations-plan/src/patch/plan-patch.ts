// A change to systems' waves, dates or network written into the plan's own YAML files, as a
// reviewable patch: the yaml package's Document API (as the loader reads the files) finds each
// value's exact place, and only those characters are replaced, so comments, order, quoting and
// layout stay as the authors wrote them. The patched files are validated by the plan's own rules
// before the patch is offered; nothing is written.
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
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

/** The new text of one file with the changes applied to its systems' values. */
export function patchText(name: string, text: string, changes: readonly SystemChange[]): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw new Error(`${name}: ${doc.errors[0]!.message}`);
  const seq = doc.get('systems', true);
  if (!isSeq(seq)) throw new Error(`${name}: no systems list`);
  const wanted = new Map(changes.map((c) => [c.system, c]));
  const edits: { from: number; to: number; text: string }[] = [];
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const change = wanted.get(String(item.get('id')));
    if (!change) continue;
    wanted.delete(change.system);
    for (const [field, value] of Object.entries(change.set)) {
      const node = item.get(field, true);
      if (!isScalar(node) || !node.range)
        throw new Error(`${name}: ${change.system} has no ${field} to change`);
      edits.push({ from: node.range[0], to: node.range[1], text: written(node, value) });
    }
  }
  if (wanted.size) throw new Error(`${name}: no system ${[...wanted.keys()].join(', ')}`);
  let out = text;
  for (const e of edits.sort((x, y) => y.from - x.from))
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
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
