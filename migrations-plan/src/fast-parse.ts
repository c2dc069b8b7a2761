// The fast path for plan files. js-yaml reads a 6 MB, 10,000-system plan about ten times faster
// than the position-aware parser, and its composition events give every node's start, so the
// problems found later still name line and column. It is used only where the two parsers agree by
// construction: YAML 1.2's core schema, no anchors, aliases, tags, merge or explicit keys (aliases
// are where the position-aware parser enforces its alias limit), no duplicate keys (js-yaml
// refuses them). Anything else goes through the position-aware parser (yaml-file.ts), and a test
// holds the two to the same data and the same problems.
import { load, CORE_SCHEMA } from 'js-yaml';
import type { Problem, Severity } from './problems.ts';
import type { Path, PlanFile } from './yaml-file.ts';

/** Anchors (&a), aliases (*a), tags (!x), merge keys (<<) and explicit keys (? k) anywhere. */
const NEEDS_FULL_PARSER = /(^|[\s,[{:-])[&*!]|<<\s*:|^\s*\?(\s|$)/m;

interface Composed {
  start: number;
  result: unknown;
}

/** Where each child of a mapping (by key) or sequence (by index) starts, per composed object. */
type Children = WeakMap<object, Map<string | number, number>>;

export function fastParse(name: string, text: string): { data: unknown; file: PlanFile } | null {
  if (NEEDS_FULL_PARSER.test(text)) return null;
  const children: Children = new WeakMap();
  const open: { start: number; nodes: Composed[] }[] = [];
  let root: Composed | null = null;
  try {
    load(text, {
      schema: CORE_SCHEMA,
      listener(event, state: { position: number; result: unknown }) {
        if (event === 'open') {
          open.push({ start: state.position, nodes: [] });
          return;
        }
        const frame = open.pop()!;
        const node = { start: frame.start, result: state.result };
        const r = state.result;
        if (r && typeof r === 'object') {
          const m = new Map<string | number, number>();
          // A sequence's children are its items; a mapping's alternate key, value.
          if (Array.isArray(r)) frame.nodes.forEach((n, i) => m.set(i, n.start));
          else
            for (let i = 1; i < frame.nodes.length; i += 2)
              m.set(String(frame.nodes[i - 1]!.result), frame.nodes[i]!.start);
          children.set(r, m);
        }
        if (open.length) open.at(-1)!.nodes.push(node);
        else root = node;
      },
    });
  } catch {
    return null;
  }
  const top = root as Composed | null;
  return { data: top?.result ?? null, file: new FastPositions(name, text, top, children) };
}

class FastPositions implements PlanFile {
  private lineStarts: number[] | null = null;

  constructor(
    readonly name: string,
    private readonly text: string,
    private readonly root: Composed | null,
    private readonly children: Children,
  ) {}

  /** Position of the deepest existing node on the path (a missing key points at its parent). */
  position(path: Path): { line: number; column: number } {
    if (!this.root) return { line: 1, column: 1 };
    let node = this.root.result;
    let at = this.root.start;
    for (const key of path) {
      const start = node && typeof node === 'object' ? this.children.get(node)?.get(key) : undefined;
      if (start === undefined) break;
      at = start;
      node = (node as Record<string | number, unknown>)[key];
    }
    return this.lineColumn(this.skipSpace(at));
  }

  problem(path: Path, severity: Severity, code: string, message: string): Problem {
    return { file: this.name, ...this.position(path), severity, code, message, field: path.join('.') };
  }

  /** A value's composition starts right after its key's colon: its node starts after spaces and comments. */
  private skipSpace(i: number): number {
    const t = this.text;
    while (i < t.length) {
      const c = t[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '#') while (i < t.length && t[i] !== '\n') i++;
      else break;
    }
    return i;
  }

  private lineColumn(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text[i] === '\n') this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}
