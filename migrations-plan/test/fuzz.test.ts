// Property-based fuzzing of plan YAML: a real plan file, mutated the ways people break YAML
// (lines lost or doubled, values of the wrong type, stray characters, bad indentation, a file cut
// short). The loader never throws, and every problem it reports names the file, a line and column
// inside it, a code and a message, and for a misplaced or mistyped value, the field.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPlan, readPlanDir, type PlanText } from '../src/index.ts';
import { generateProvince } from '../src/generate/province.ts';

const PLAN_DIR = new URL('..', import.meta.url).pathname;
const texts: PlanText[] = (await readPlanDir(PLAN_DIR)).filter(
  (t) => !t.name.startsWith('systems/') || t.name === 'systems/czt.yaml' || t.name === 'systems/gat.yaml',
);

const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    'null',
    '~',
    'true',
    '[',
    '{',
    '- x',
    '"unterminated',
    '&anchor',
    '*alias',
    '!!binary x',
    '',
  ),
);

type Mutation =
  | { op: 'delete' | 'duplicate'; line: number }
  | { op: 'value'; line: number; value: unknown }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'indent'; line: number; by: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('value' as const), line: fc.nat(), value: scalar }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 12, unit: 'binary' }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = 'line' in m ? m.line % lines.length : 0;
  switch (m.op) {
    case 'delete':
      lines.splice(i, 1);
      return lines.join('\n');
    case 'duplicate':
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    case 'value':
      lines[i] = lines[i]!.replace(/:\s.*$/, `: ${JSON.stringify(m.value) ?? ''}`);
      return lines.join('\n');
    case 'indent':
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i]!.slice(-m.by);
      return lines.join('\n');
    case 'insert':
      return text.slice(0, m.at % (text.length + 1)) + m.text + text.slice(m.at % (text.length + 1));
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

describe('plan YAML fuzzing', () => {
  it('reports every broken plan with file, line, column, code, message (and field), never throws', () => {
    let withErrors = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (fileIndex, mutations) => {
          const target = texts[fileIndex]!;
          const mutated = mutations.reduce(apply, target.text);
          const input = texts.map((t) => (t === target ? { ...t, text: mutated } : t));
          const { problems } = loadPlan(input, { today: '2026-11-25' });
          const lineCount = (name: string) =>
            (input.find((t) => t.name === name)?.text ?? '').split('\n').length;
          for (const p of problems) {
            expect(
              input.map((t) => t.name),
              p.message,
            ).toContain(p.file);
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.line).toBeLessThanOrEqual(lineCount(p.file) + 1);
            expect(p.column).toBeGreaterThanOrEqual(1);
            expect(p.code).toMatch(/^[a-z][a-z0-9_-]+$/);
            expect(p.message.length).toBeGreaterThan(3);
            if (p.code.startsWith('schema-')) expect(p.field, `${p.code}: ${p.message}`).toBeDefined();
          }
          if (problems.some((p) => p.severity === 'error')) withErrors++;
        },
      ),
      { numRuns: 1000, seed: 20261125 },
    );
    // The mutations must actually break plans, or the property proves nothing.
    expect(withErrors).toBeGreaterThan(300);
  }, 180_000);
});

describe('the fast parser agrees with the position-aware one', () => {
  it('same plan and same problems (file, line, column, field) for 1,000 mutated plans', () => {
    let fastServed = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(mutation, { minLength: 0, maxLength: 3 }),
        (fileIndex, mutations) => {
          const target = texts[fileIndex]!;
          const mutated = mutations.reduce(apply, target.text);
          const input = texts.map((t) => (t === target ? { ...t, text: mutated } : t));
          const fast = loadPlan(input, { today: '2026-11-25' });
          const reference = loadPlan(input, { today: '2026-11-25', parser: 'positions' });
          expect(fast).toEqual(reference);
          // The mutated file parsed and matched the schema: the fast path read it.
          const own = fast.problems.filter((p) => p.file === target.name);
          if (!own.some((p) => p.code.startsWith('yaml-') || p.code.startsWith('schema-'))) fastServed++;
        },
      ),
      { numRuns: 1000, seed: 20261201 },
    );
    expect(fastServed).toBeGreaterThan(100);
  }, 300_000);

  it('on a generated province of 1,000 systems, warnings included', () => {
    const province = generateProvince({ seed: 3, cities: 6, bureauxPerCity: 10, systems: 1000 });
    const fast = loadPlan(province, { today: '2026-11-25' });
    expect(fast.problems.length).toBeGreaterThan(5);
    expect(fast).toEqual(loadPlan(province, { today: '2026-11-25', parser: 'positions' }));
  }, 120_000);
});
