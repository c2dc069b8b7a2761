// `yunqian plan import-workbook FILE.xlsx --department ID [--out DIR]`: a department's survey
// workbook → its plan file, printed (or written under DIR) only when no error is left; every
// problem as sheet:row:column: message in the user's language (--lang, else $LANG; zh-CN by
// default). `yunqian plan export-workbook [--department ID] --out FILE.xlsx`: the plan → the
// same template, which imports back to the same file.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  exportWorkbook,
  formatProblem,
  formatWorkbookProblem,
  importWorkbook,
  readPlanDir,
  type WorkbookLocale,
} from '@yunqian/plan';
import { flag, type Writer } from './common.ts';

const localeOf = (args: string[]): WorkbookLocale => {
  const lang = flag(args, '--lang') ?? process.env.LANG ?? 'zh-CN';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
};

export async function importWorkbookCommand(
  args: string[],
  out: Writer,
  err: Writer,
  today: string,
): Promise<number> {
  const department = flag(args, '--department');
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!file || !department) {
    err.write(
      'usage: yunqian plan import-workbook FILE.xlsx --department ID [--out DIR] [--plan DIR] [--lang zh-CN|en]\n',
    );
    return 64;
  }
  const planDir = resolve(flag(args, '--plan') ?? 'migrations-plan');
  const locale = localeOf(args);
  const r = await importWorkbook(await readFile(file), {
    department,
    plan: await readPlanDir(planDir),
    today,
  });
  for (const p of r.problems) err.write(`${formatWorkbookProblem(p, locale)}\n`);
  if (!r.yaml) {
    const errors = r.problems.filter((p) => p.severity === 'error').length;
    err.write(
      locale === 'en'
        ? `${file}: ${errors} errors; nothing written\n`
        : `${file}：${errors} 个错误，未写入任何文件\n`,
    );
    return 1;
  }
  const dir = flag(args, '--out');
  if (!dir) {
    out.write(r.yaml);
    return 0;
  }
  const target = join(resolve(dir), r.file);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, r.yaml);
  out.write(
    locale === 'en'
      ? `wrote ${target} (${r.systems} systems)\n`
      : `已写入 ${target}（${r.systems} 个系统）\n`,
  );
  return 0;
}

export async function exportWorkbookCommand(args: string[], out: Writer, err: Writer): Promise<number> {
  const target = flag(args, '--out');
  if (!target) {
    err.write('usage: yunqian plan export-workbook [--department ID] [--plan DIR] --out FILE.xlsx\n');
    return 64;
  }
  const planDir = resolve(flag(args, '--plan') ?? 'migrations-plan');
  const r = await exportWorkbook(await readPlanDir(planDir), { department: flag(args, '--department') });
  if (!r.ok) {
    for (const p of r.problems) err.write(`${formatProblem(p)}\n`);
    return 1;
  }
  await writeFile(resolve(target), r.workbook);
  out.write(`${resolve(target)}: ${r.systems} systems\n`);
  return 0;
}
