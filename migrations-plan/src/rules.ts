// Rules that span files: references, uniqueness, cycles, dates and the network rules for
// classified systems. Errors block the plan; warnings flag what is legal but suspicious.
import type { Organisation } from './schema.ts';
import type { Plan } from './plan.ts';
import type { ParsedFiles } from './load.ts';
import type { Problem } from './problems.ts';
import type { Path, PlanFile } from './yaml-file.ts';

/** What a problem is about, for the console to say it in its language and link to it. */
type About = Pick<Problem, 'params' | 'system' | 'department'>;

interface Located {
  file: PlanFile;
  path: Path;
}

const DAY_MS = 86_400_000;

export function checkPlan(plan: Plan, parsed: ParsedFiles, today?: string): Problem[] {
  const problems: Problem[] = [];
  const at = (
    loc: Located,
    field: (string | number)[],
    severity: Problem['severity'],
    code: string,
    msg: string,
    about: About = {},
  ) => problems.push({ ...loc.file.problem([...loc.path, ...field], severity, code, msg), ...about });

  // Organisations: ids unique across the whole tree.
  const orgs = new Map<string, Located>();
  for (const { file, data } of parsed.organisation) {
    const walk = (o: Organisation, path: Path) => {
      const seen = orgs.get(o.id);
      if (seen)
        at(
          { file, path },
          ['id'],
          'error',
          'duplicate-id',
          `organisation id "${o.id}" is already used at ${where(seen)}`,
          { params: { kind: 'organisation', id: o.id, where: where(seen) } },
        );
      else orgs.set(o.id, { file, path });
      o.children?.forEach((c, i) => walk(c, [...path, 'children', i]));
    };
    data.organisations.forEach((o, i) => walk(o, ['organisations', i]));
  }

  const waves = new Map<string, Located>();
  for (const { file, data } of parsed.waves) {
    data.waves.forEach((w, i) => {
      const loc = { file, path: ['waves', i] };
      const seen = waves.get(w.id);
      if (seen)
        at(loc, ['id'], 'error', 'duplicate-id', `wave id "${w.id}" is already used at ${where(seen)}`, {
          params: { kind: 'wave', id: w.id, where: where(seen) },
        });
      else waves.set(w.id, loc);
      if (w.start > w.end)
        at(
          loc,
          ['end'],
          'error',
          'dates-out-of-order',
          `wave "${w.id}" ends (${w.end}) before it starts (${w.start})`,
          { params: { kind: 'wave', id: w.id, start: w.start, end: w.end } },
        );
    });
  }
  const waveById = new Map(plan.waves.map((w) => [w.id, w]));

  for (const { file, data } of parsed.targets) {
    data.targets.forEach((t, i) => {
      if (today && t.by < today)
        at(
          { file, path: ['targets', i] },
          ['by'],
          'warning',
          'target-past',
          `target "${t.id}" was due on ${t.by}`,
          { params: { id: t.id, by: t.by } },
        );
    });
  }

  // Systems.
  const systems = new Map<string, Located>();
  const orgById = new Map(plan.organisations.map((o) => [o.id, o]));
  const systemLocations: (Located & { fileDept: string })[] = [];
  for (const { file, data } of parsed.systems) {
    if (!orgById.has(data.department)) {
      at(
        { file, path: [] },
        ['department'],
        'error',
        'unknown-department',
        `unknown department "${data.department}"`,
        { params: { department: data.department } },
      );
    }
    data.systems.forEach((_, i) =>
      systemLocations.push({ file, path: ['systems', i], fileDept: data.department }),
    );
  }
  const names = new Map<string, string>();
  plan.systems.forEach((s, i) => {
    const loc = systemLocations[i]!;
    const about = { system: s.id, department: s.department };
    const seen = systems.get(s.id);
    if (seen)
      at(loc, ['id'], 'error', 'duplicate-id', `system id "${s.id}" is already used at ${where(seen)}`, {
        ...about,
        params: { kind: 'system', id: s.id, where: where(seen) },
      });
    else systems.set(s.id, loc);

    const fileDept = loc.fileDept;
    const unit = orgById.get(s.department);
    if (!unit) {
      if (s.department !== fileDept)
        at(loc, ['department'], 'error', 'unknown-department', `unknown department "${s.department}"`, {
          system: s.id,
          params: { department: s.department },
        });
    } else if (s.department !== fileDept && !unit.ancestors.includes(fileDept)) {
      at(
        loc,
        ['department'],
        'error',
        'foreign-department',
        `"${s.department}" is not ${fileDept} or one of its units`,
        { ...about, params: { department: s.department, fileDepartment: fileDept } },
      );
    }

    const wave = waveById.get(s.wave);
    if (!wave)
      at(loc, ['wave'], 'error', 'unknown-wave', `unknown wave "${s.wave}"`, {
        ...about,
        params: { wave: s.wave },
      });
    if (s.start > s.cutover) {
      at(
        loc,
        ['cutover'],
        'error',
        'dates-out-of-order',
        `cut-over ${s.cutover} is before the planned start ${s.start}`,
        { ...about, params: { kind: 'system', start: s.start, end: s.cutover } },
      );
    }
    if (wave && s.cutover > wave.end) {
      at(
        loc,
        ['cutover'],
        'error',
        'wave-ends-before-cutover',
        `wave "${wave.id}" ends on ${wave.end}, before this system's cut-over ${s.cutover}`,
        { ...about, params: { wave: wave.id, end: wave.end, cutover: s.cutover } },
      );
    }
    if (wave && s.start < wave.start) {
      at(
        loc,
        ['start'],
        'warning',
        'starts-before-wave',
        `planned start ${s.start} is before wave "${wave.id}" opens (${wave.start})`,
        { ...about, params: { wave: wave.id, start: s.start, waveStart: wave.start } },
      );
    }
    if (s.classified && s.network !== 'internal') {
      at(
        loc,
        ['network'],
        'error',
        'classified-on-external',
        'a classified (涉密) system may only be placed on the internal network',
        about,
      );
    }
    if (s.mlps.level >= 2 && !s.mlps.filing) {
      at(
        loc,
        ['mlps'],
        'warning',
        'mlps-not-filed',
        `MLPS level ${s.mlps.level} systems must be filed (备案); no filing number given`,
        { ...about, params: { level: s.mlps.level } },
      );
    }
    if (today && s.mlps.level >= 3 && s.mlps.assessed && daysBetween(s.mlps.assessed, today) > 366) {
      at(
        loc,
        ['mlps', 'assessed'],
        'warning',
        'mlps-assessment-due',
        `level ${s.mlps.level} systems are assessed yearly; last assessment ${s.mlps.assessed}`,
        { ...about, params: { level: s.mlps.level, assessed: s.mlps.assessed } },
      );
    }
    const other = names.get(s.name.zh);
    if (other)
      at(
        loc,
        ['name', 'zh'],
        'warning',
        'duplicate-name',
        `another system (${other}) has the same name "${s.name.zh}"`,
        { ...about, params: { other, name: s.name.zh } },
      );
    else names.set(s.name.zh, s.id);
  });

  // Dependencies: known, not crossing networks without a channel, no cycles.
  const byId = new Map(plan.systems.map((s) => [s.id, s]));
  plan.systems.forEach((s, i) => {
    const loc = systemLocations[i]!;
    const about = { system: s.id, department: s.department };
    s.dependsOn.forEach((d, j) => {
      const target = byId.get(d.system);
      if (!target)
        return at(
          loc,
          ['dependsOn', j],
          'error',
          'unknown-dependency',
          `depends on unknown system "${d.system}"`,
          { ...about, params: { dependency: d.system } },
        );
      if (target.network !== s.network && !d.channel) {
        at(
          loc,
          ['dependsOn', j],
          'warning',
          'cross-network-dependency',
          `depends on "${d.system}" on the ${target.network} network without a declared exchange channel`,
          { ...about, params: { dependency: d.system, network: target.network } },
        );
      }
      if (target.strategy === 'retire' && s.strategy !== 'retire') {
        at(
          loc,
          ['dependsOn', j],
          'warning',
          'depends-on-retiring',
          `depends on "${d.system}", which is planned for retirement`,
          { ...about, params: { dependency: d.system } },
        );
      }
    });
  });
  for (const cycle of findCycles(
    plan.systems.map((s) => ({ id: s.id, deps: s.dependsOn.map((d) => d.system) })),
  )) {
    const first = cycle[0]!;
    const idx = plan.systems.findIndex((s) => s.id === first);
    const j = plan.systems[idx]!.dependsOn.findIndex((d) => d.system === cycle[1 % cycle.length]);
    at(
      systemLocations[idx]!,
      ['dependsOn', j],
      'error',
      'dependency-cycle',
      `dependency cycle: ${[...cycle, first].join(' → ')}`,
      {
        system: first,
        department: plan.systems[idx]!.department,
        params: { cycle: [...cycle, first].join(' → ') },
      },
    );
  }
  return problems;
}

function where(loc: Located): string {
  const p = loc.file.position(loc.path);
  return `${loc.file.name}:${p.line}:${p.column}`;
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / DAY_MS;
}

/** Every elementary cycle found by a depth-first search, each reported once (from its smallest id). */
export function findCycles(nodes: { id: string; deps: string[] }[]): string[][] {
  const deps = new Map(nodes.map((n) => [n.id, n.deps]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles = new Map<string, string[]>();
  const visit = (id: string) => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) continue;
      const st = state.get(d);
      if (st === 'visiting') {
        const cycle = stack.slice(stack.indexOf(d));
        const min = cycle.reduce((m, x, i) => (x < cycle[m]! ? i : m), 0);
        const norm = [...cycle.slice(min), ...cycle.slice(0, min)];
        cycles.set(norm.join('>'), norm);
      } else if (!st) visit(d);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);
  return [...cycles.values()];
}
