import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  loadPlan,
  loadPlanDir,
  readPlanDir,
  formatProblem,
  jsonSchemas,
  type PlanText,
} from '../src/index.ts';
import { generateProvince, SAMPLE_SIZE } from '../src/generate/province.ts';

const DIR = fileURLToPath(new URL('..', import.meta.url));

async function sample(): Promise<PlanText[]> {
  return readPlanDir(DIR);
}

/** Applies a text edit to one file of the sample plan. */
function edit(texts: PlanText[], name: string, from: string | RegExp, to: string): PlanText[] {
  return texts.map((t) => {
    if (t.name !== name) return t;
    const next = t.text.replace(from, to);
    if (next === t.text) throw new Error(`edit did not apply to ${name}: ${from}`);
    return { ...t, text: next };
  });
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('the sample plan', () => {
  it('validates with no errors and meets the size the issue asks for', async () => {
    const { plan, problems } = await loadPlanDir(DIR, { today: '2026-11-25' });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(plan).not.toBeNull();
    const depts = plan!.organisations.filter((o) => o.kind === 'department' && o.ancestors.length === 1);
    expect(depts.length).toBeGreaterThanOrEqual(40);
    expect(plan!.organisations.some((o) => o.kind === 'city')).toBe(true);
    expect(plan!.organisations.some((o) => o.kind === 'county')).toBe(true);
    expect(Math.max(...plan!.organisations.map((o) => o.ancestors.length))).toBeGreaterThanOrEqual(3);
    expect(plan!.systems.length).toBeGreaterThanOrEqual(400);
    expect(plan!.waves.length).toBeGreaterThanOrEqual(5);
    expect(new Set(plan!.systems.map((s) => s.network))).toEqual(new Set(['internal', 'external']));
    expect(new Set(plan!.systems.map((s) => s.mlps.level))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(plan!.systems.map((s) => s.strategy)).size).toBe(6);
    for (const name of [
      '一体化政务服务平台',
      '政务信息资源共享交换平台',
      '人口基础信息库',
      '法人单位基础信息库',
      '空间地理基础信息库',
      '电子证照基础库',
      '公共数据开放平台',
      '12345政务服务便民热线平台',
      '移动政务服务客户端',
      '统一电子印章系统',
      '省市县视频会议系统',
      '视频监控联网共享平台',
    ]) {
      expect(
        plan!.systems.some((s) => s.name.zh === name),
        name,
      ).toBe(true);
    }
    for (const name of [
      '省公安厅',
      '省卫生健康委员会',
      '省交通运输厅',
      '省生态环境厅',
      '省市场监督管理局',
      '省人力资源和社会保障厅',
    ]) {
      expect(
        depts.some((d) => d.name.zh === name),
        name,
      ).toBe(true);
    }
  });

  it('is what the generator writes (the files in the repo are not edited by hand)', async () => {
    const generated = generateProvince(SAMPLE_SIZE);
    const onDisk = await sample();
    expect(onDisk.map((t) => t.name)).toEqual(generated.map((t) => t.name).sort());
    for (const g of generated) expect(onDisk.find((t) => t.name === g.name)?.text, g.name).toBe(g.text);
  });

  it('ships JSON Schemas that match the zod schema', async () => {
    for (const [kind, schema] of Object.entries(jsonSchemas())) {
      const file = JSON.parse(await readFile(`${DIR}schema/${kind}.schema.json`, 'utf8'));
      expect(file, `${kind}.schema.json is stale: run pnpm plan:schema`).toEqual(
        JSON.parse(JSON.stringify(schema)),
      );
    }
  });
});

describe('a broken plan', () => {
  it('names file, line and column for each kind of error', async () => {
    let texts = await sample();
    const gat = texts.find((t) => t.name === 'systems/gat.yaml')!;
    const firstWave = /wave: w\d/.exec(gat.text)![0];
    texts = edit(texts, 'systems/gat.yaml', firstWave, 'wave: w99');
    const { plan, problems } = loadPlan(texts);
    expect(plan).toBeNull();
    const p = problems.find((x) => x.code === 'unknown-wave')!;
    expect(p).toMatchObject({
      file: 'systems/gat.yaml',
      line: lineOf(texts.find((t) => t.name === 'systems/gat.yaml')!.text, 'wave: w99'),
      column: 11,
    });
    expect(formatProblem(p)).toMatch(/^systems\/gat\.yaml:\d+:11: error: unknown wave "w99"/);
  });

  const cases: [string, (t: PlanText[]) => PlanText[], string][] = [
    [
      'unknown department',
      (t) => edit(t, 'systems/jtt.yaml', 'department: jtt\n', 'department: nosuch\n'),
      'unknown-department',
    ],
    [
      'duplicate system id',
      (t) => edit(t, 'systems/jtt.yaml', /id: jtt-[a-z-]+\n/, 'id: dsj-exchange\n'),
      'duplicate-id',
    ],
    [
      'unknown dependency',
      (t) =>
        edit(t, 'systems/dsjzx.yaml', /dependsOn:\n(\s+)- dsj-exchange/, 'dependsOn:\n$1- no-such-system'),
      'unknown-dependency',
    ],
    [
      'dependency cycle',
      (t) =>
        edit(
          t,
          'systems/dsjzx.yaml',
          /(id: dsj-exchange\n[\s\S]*?dependsOn:) \[\]/,
          '$1 [dsj-population-db]',
        ),
      'dependency-cycle',
    ],
    [
      'classified on the external network',
      (t) =>
        edit(
          t,
          'systems/gat.yaml',
          /classified: true\n(\s+)network: internal/,
          'classified: true\n$1network: external',
        ),
      'classified-on-external',
    ],
    [
      'cut-over before start',
      (t) => edit(t, 'systems/jtt.yaml', /cutover: \d{4}-\d{2}-\d{2}/, 'cutover: 2024-01-01'),
      'dates-out-of-order',
    ],
    [
      'wave ends before cut-over',
      (t) => edit(t, 'systems/jtt.yaml', /cutover: \d{4}-\d{2}-\d{2}/, 'cutover: 2029-01-01'),
      'wave-ends-before-cutover',
    ],
    [
      'wave ends before it starts',
      (t) => edit(t, 'waves.yaml', 'end: 2025-09-30', 'end: 2024-09-30'),
      'dates-out-of-order',
    ],
    ['schema: bad MLPS level', (t) => edit(t, 'systems/jtt.yaml', /level: \d/, 'level: 7'), 'schema-too_big'],
    [
      'schema: unknown field',
      (t) => edit(t, 'systems/jtt.yaml', /strategy: (\w+)/, 'strategy: $1\n    colour: blue'),
      'schema-unrecognized_keys',
    ],
    ['YAML syntax', (t) => edit(t, 'targets.yaml', 'targets:', 'targets: [\n'), 'yaml-'],
  ];
  it.each(cases)('%s', async (_name, mutate, code) => {
    const { plan, problems } = loadPlan(mutate(await sample()));
    expect(plan).toBeNull();
    const hit = problems.find((p) => p.severity === 'error' && p.code.startsWith(code));
    expect(
      hit,
      JSON.stringify(
        problems.filter((p) => p.severity === 'error'),
        null,
        1,
      ),
    ).toBeDefined();
    expect(hit!.line).toBeGreaterThan(0);
    expect(hit!.column).toBeGreaterThan(0);
  });

  it('warns (without failing) about suspicious but legal things', async () => {
    const texts = edit(await sample(), 'systems/jtt.yaml', /\n(\s+)filing: [^\n]+/, '');
    const { plan, problems } = loadPlan(texts, { today: '2026-11-25' });
    expect(plan).not.toBeNull();
    expect(
      problems.some(
        (p) => p.code === 'mlps-not-filed' && p.severity === 'warning' && p.file === 'systems/jtt.yaml',
      ),
    ).toBe(true);
    expect(problems.some((p) => p.code === 'cross-network-dependency')).toBe(true);
  });
});
