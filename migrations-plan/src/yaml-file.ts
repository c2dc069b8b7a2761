// A parsed YAML file that remembers where every node came from, so that any problem found later
// (schema or cross-file rule) can name its file, line and column.
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { Problem, Severity } from './problems.ts';

export type Path = readonly (string | number)[];

/** What a rule needs of a file to report a problem: its name and where a path points. */
export interface PlanFile {
  readonly name: string;
  position(path: Path): { line: number; column: number };
  problem(path: Path, severity: Severity, code: string, message: string): Problem;
}

export class YamlFile implements PlanFile {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly name: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  syntaxProblems(): Problem[] {
    return [...this.doc.errors, ...this.doc.warnings].map((e) => {
      const pos = this.lines.linePos(e.pos[0]);
      return {
        file: this.name,
        line: pos.line,
        column: pos.col,
        severity: 'error' as const,
        code: `yaml-${e.code.toLowerCase().replaceAll('_', '-')}`,
        message: e.message.split('\n')[0] ?? e.message,
      };
    });
  }

  /** Position of the deepest existing node on the path (a missing key points at its parent). */
  position(path: Path): { line: number; column: number } {
    for (let depth = path.length; depth >= 0; depth--) {
      const prefix = path.slice(0, depth);
      const node = prefix.length === 0 ? this.doc.contents : this.doc.getIn(prefix, true);
      if (isNode(node) && node.range) {
        const pos = this.lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  }

  problem(path: Path, severity: Severity, code: string, message: string): Problem {
    return { file: this.name, ...this.position(path), severity, code, message, field: path.join('.') };
  }

  toJS(): unknown {
    return this.doc.toJS();
  }
}
