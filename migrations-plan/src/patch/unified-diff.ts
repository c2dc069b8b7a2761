// A unified diff (the format `git apply` and `patch -p1` read) of a file whose edits replace
// values inside lines: old and new have the same lines, so line n of one is line n of the other
// and no sequence alignment is needed. A change that adds or removes lines is refused.

const CONTEXT = 3;

export function unifiedDiff(name: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) throw new Error(`${name}: an edit changed the number of lines`);
  const changed: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) changed.push(i);
  if (changed.length === 0) return '';
  // A file that ends with a newline splits into a last empty "line" that is not a line.
  const lines = before.endsWith('\n') ? a.length - 1 : a.length;
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k]! - CONTEXT);
    let to = Math.min(lines, changed[k]! + CONTEXT + 1);
    const hunk: number[] = [changed[k]!];
    // Changes whose context touches or overlaps join one hunk.
    while (k + 1 < changed.length && changed[k + 1]! - CONTEXT <= to) {
      k++;
      hunk.push(changed[k]!);
      to = Math.min(lines, changed[k]! + CONTEXT + 1);
    }
    k++;
    const count = to - from;
    out.push(`@@ -${from + 1},${count} +${from + 1},${count} @@`);
    const inHunk = new Set(hunk);
    // A run of changed lines reads as its old lines, then its new ones (as diff(1) writes it).
    for (let i = from; i < to;) {
      if (!inHunk.has(i)) {
        out.push(` ${a[i]}`);
        i++;
        continue;
      }
      let j = i;
      while (j < to && inHunk.has(j)) j++;
      for (let x = i; x < j; x++) out.push(`-${a[x]}`);
      for (let x = i; x < j; x++) out.push(`+${b[x]}`);
      i = j;
    }
    if (to === lines && !before.endsWith('\n')) out.push('\\ No newline at end of file');
  }
  return `${out.join('\n')}\n`;
}
