export type Severity = 'error' | 'warning';

/** One thing wrong with the plan, pointing at the exact place in a file (1-based line and column). */
export interface Problem {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: string;
  message: string;
  /** Dotted path of the field inside the file, e.g. `systems.3.wave`. */
  field?: string;
  /** The message's facts, for a reader in another language (the console words them itself). */
  params?: Record<string, string | number>;
  /** The system and department the problem is about, when it is about one. */
  system?: string;
  department?: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.code}]`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
