// Reads the plan folder, checks every file against the schema and every cross-file rule, and
// returns either a Plan or the list of problems with file:line:column.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { FILE_KINDS, type FileKind, type Organisation } from './schema.ts';
import { YamlFile, type PlanFile } from './yaml-file.ts';
import { fastParse } from './fast-parse.ts';
import { hasErrors, sortProblems, type Problem } from './problems.ts';
import type { OrgUnit, Plan, PlannedSystem } from './plan.ts';
import { checkPlan } from './rules.ts';

export interface PlanText {
  /** Path relative to the plan folder, with forward slashes. */
  name: string;
  text: string;
  /** Why the file could not be read (too large, a link to something that is not a file). */
  unreadable?: { code: string; message: string } | undefined;
}

/**
 * Largest plan file read. A department's file of a thousand systems is about 0.6 MB; a 20 MB file
 * is a mistake or an attack, and parsing it would stall the server for seconds.
 */
export const MAX_PLAN_FILE_BYTES = 4 * 1024 * 1024;

export interface LoadResult {
  plan: Plan | null;
  problems: Problem[];
}

export function fileKind(name: string): FileKind | null {
  if (name === 'organisation.yaml') return 'organisation';
  if (name === 'waves.yaml') return 'waves';
  if (name === 'targets.yaml') return 'targets';
  if (/^systems\/[^/]+\.ya?ml$/.test(name)) return 'systems';
  return null;
}

export async function readPlanDir(dir: string): Promise<PlanText[]> {
  const files: PlanText[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() && !e.isSymbolicLink()) continue;
    const name = relative(dir, join(e.parentPath, e.name)).split('\\').join('/');
    if (!fileKind(name)) continue;
    // A linked department file counts like any other (it was skipped silently before).
    const info = await stat(join(dir, name)).catch(() => null);
    if (!info?.isFile()) {
      files.push({
        name,
        text: '',
        unreadable: { code: 'file-unreadable', message: 'a link to something that is not a readable file' },
      });
      continue;
    }
    if (info.size > MAX_PLAN_FILE_BYTES) {
      files.push({
        name,
        text: '',
        unreadable: {
          code: 'file-too-large',
          message: `${info.size} bytes: a plan file may have at most ${MAX_PLAN_FILE_BYTES} bytes (split the department's file)`,
        },
      });
      continue;
    }
    files.push({ name, text: await readFile(join(dir, name), 'utf8') });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

export async function loadPlanDir(dir: string, options: { today?: string } = {}): Promise<LoadResult> {
  return loadPlan(await readPlanDir(dir), options);
}

type Parsed = { [K in FileKind]: { file: PlanFile; data: z.infer<(typeof FILE_KINDS)[K]> }[] };

export interface LoadOptions {
  today?: string;
  /** `positions` reads every file with the position-aware parser (the reference the fast path is tested against). */
  parser?: 'fast' | 'positions';
}

export function loadPlan(texts: PlanText[], options: LoadOptions = {}): LoadResult {
  const problems: Problem[] = [];
  const parsed: Parsed = { organisation: [], waves: [], targets: [], systems: [] };
  for (const t of texts) {
    const kind = fileKind(t.name);
    if (!kind) continue;
    if (t.unreadable) {
      problems.push({ file: t.name, line: 1, column: 1, severity: 'error', ...t.unreadable });
      continue;
    }
    // The fast parse serves every clean file; a file with any problem is read again with
    // positions, so its problems name line and column exactly as before.
    const fast = options.parser === 'positions' ? null : fastParse(t.name, t.text);
    if (fast) {
      const quick = FILE_KINDS[kind].safeParse(fast.data ?? {});
      if (quick.success) {
        (parsed[kind] as { file: PlanFile; data: unknown }[]).push({ file: fast.file, data: quick.data });
        continue;
      }
    }
    const file = new YamlFile(t.name, t.text);
    const syntax = file.syntaxProblems();
    if (syntax.length) {
      problems.push(...syntax);
      continue;
    }
    let js: unknown;
    try {
      js = file.toJS();
    } catch (e) {
      // The parser refuses to expand an alias bomb (billions of nodes from a few lines).
      problems.push(file.problem([], 'error', 'yaml-resource-limit', (e as Error).message));
      continue;
    }
    const result = FILE_KINDS[kind].safeParse(js ?? {});
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const where = path.length ? `${path.join('.')}: ` : '';
        problems.push(file.problem(path, 'error', `schema-${issue.code}`, `${where}${issue.message}`));
      }
      continue;
    }
    (parsed[kind] as { file: PlanFile; data: unknown }[]).push({ file, data: result.data });
  }
  for (const required of ['organisation', 'waves', 'targets'] as const) {
    if (parsed[required].length === 0 && !problems.some((p) => p.file === `${required}.yaml`)) {
      problems.push({
        file: `${required}.yaml`,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'missing-file',
        message: `the plan folder has no ${required}.yaml`,
      });
    }
  }
  if (hasErrors(problems)) return { plan: null, problems: sortProblems(problems) };

  const organisations = flattenOrganisations(parsed.organisation.flatMap((p) => p.data.organisations));
  const targets = parsed.targets[0]!.data;
  const systems: PlannedSystem[] = parsed.systems.flatMap(({ file, data }) =>
    data.systems.map((s) => plannedSystem(s, data.department, file.name)),
  );
  const plan: Plan = {
    organisations,
    waves: parsed.waves.flatMap((p) => p.data.waves),
    targets: targets.targets,
    scope: targets.scope,
    systems,
    digest: digest(texts),
  };
  problems.push(...checkPlan(plan, parsed, options.today));
  return { plan: hasErrors(problems) ? null : plan, problems: sortProblems(problems) };
}

export type ParsedFiles = Parsed;

/**
 * Every planned system gets the same object shape (all fields, in one order, absent optionals as
 * undefined): the tracker reads these properties for every system on every recompute, and one
 * shape keeps those reads fast.
 */
function plannedSystem(
  s: z.infer<typeof FILE_KINDS.systems>['systems'][number],
  fileDepartment: string,
  file: string,
): PlannedSystem {
  return {
    id: s.id,
    name: { zh: s.name.zh, en: s.name.en },
    department: s.department ?? fileDepartment,
    network: s.network,
    classified: s.classified,
    mlps: { level: s.mlps.level, filing: s.mlps.filing, assessed: s.mlps.assessed },
    strategy: s.strategy,
    wave: s.wave,
    start: s.start,
    cutover: s.cutover,
    resources: { cpu: s.resources.cpu, memoryGiB: s.resources.memoryGiB, storageGiB: s.resources.storageGiB },
    currentSite: { kind: s.currentSite.kind, name: s.currentSite.name },
    dependsOn: s.dependsOn.map((d) =>
      typeof d === 'string' ? { system: d, channel: undefined } : { system: d.system, channel: d.channel },
    ),
    contacts: s.contacts,
    // Only when given: most systems have neither, and the plan is kept small in memory.
    ...(s.publicNames?.length ? { publicNames: s.publicNames } : {}),
    ...(s.legacyHosts?.length ? { legacyHosts: s.legacyHosts } : {}),
    file,
  };
}

function flattenOrganisations(roots: Organisation[]): OrgUnit[] {
  const out: OrgUnit[] = [];
  const walk = (o: Organisation, ancestors: string[]) => {
    out.push({
      id: o.id,
      kind: o.kind,
      name: o.name,
      code: o.code,
      parentId: ancestors.at(-1) ?? null,
      ancestors,
    });
    for (const c of o.children ?? []) walk(c, [...ancestors, o.id]);
  };
  for (const r of roots) walk(r, []);
  return out;
}

/** The plan's digest of its files: the same files give the same digest (the planner checks its patch's base by it). */
export function digest(texts: readonly PlanText[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(t.name).update('\0').update(t.text).update('\0');
  return h.digest('hex');
}
