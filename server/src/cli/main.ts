// `yunqian` command line. `yunqian plan validate [dir]` prints every problem as
// file:line:column: message and exits non-zero on errors, for the plan repository's own CI.
import { resolve } from 'node:path';
import { loadPlanDir, formatProblem, hasErrors } from '@yunqian/plan';

const USAGE = `usage: yunqian plan validate [dir] [--today YYYY-MM-DD] [--warnings-as-errors]`;

export interface Writer {
  write(s: string): unknown;
}

export async function main(
  argv: string[],
  out: Writer = process.stdout,
  err: Writer = process.stderr,
): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group !== 'plan' || command !== 'validate') {
    err.write(`${USAGE}\n`);
    return 64;
  }
  const flags = rest.filter((a) => a.startsWith('--'));
  const todayIdx = rest.indexOf('--today');
  const today = todayIdx >= 0 ? rest[todayIdx + 1] : new Date().toISOString().slice(0, 10);
  const positional = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--today');
  const dir = resolve(positional[0] ?? 'migrations-plan');
  const { plan, problems } = await loadPlanDir(dir, { today });
  for (const p of problems) (p.severity === 'error' ? err : out).write(`${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  out.write(
    `${dir}: ${plan ? `${plan.systems.length} systems, ` : ''}${errors} errors, ${warnings} warnings\n`,
  );
  if (hasErrors(problems)) return 1;
  return flags.includes('--warnings-as-errors') && warnings > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
