// Every procedure with an input, fed generated bad input: no crash, no internal error, and every
// validation failure names its fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { appRouter } from '../src/api/router.ts';
import type { Viewer } from '../src/auth/policy.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

const admin: Viewer = { id: 'fuzz', name: 'fuzz', role: 'admin' };
type Def = { _def: { type: string; inputs: unknown[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Def>).filter(
  ([, p]) => p._def.inputs.length > 0,
);
const call = (path: string, input: unknown) =>
  (
    path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], api.caller(admin)) as (
      i: unknown,
    ) => Promise<unknown>
  )(input);

// Wrong types, huge strings, deep nesting, prototype keys, numbers at the edges.
const bad = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string()), system: fc.string({ maxLength: 300 }) }),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'system', 'namespace', 'cpu', 'version'),
    fc.anything({ maxDepth: 2 }),
  ),
  fc.constantFrom(
    null,
    undefined,
    [],
    '',
    0,
    -1,
    Number.MAX_SAFE_INTEGER,
    NaN,
    Infinity,
    'x'.repeat(100_000),
  ),
);
const ALLOWED = new Set(['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'PRECONDITION_FAILED', 'FORBIDDEN']);

describe('fuzzing every procedure input', () => {
  it('rejects generated bad input cleanly: at least 1,000 calls, no internal errors', async () => {
    expect(procedures.length).toBeGreaterThan(10);
    let calls = 0;
    const perProcedure = Math.ceil(1200 / procedures.length);
    for (const [path] of procedures) {
      await fc.assert(
        fc.asyncProperty(bad, async (input) => {
          calls++;
          try {
            await call(path, input);
          } catch (e) {
            expect(e, `${path} ${JSON.stringify(input)?.slice(0, 200)}`).toBeInstanceOf(TRPCError);
            const err = e as TRPCError;
            expect(ALLOWED.has(err.code), `${path}: ${err.code} ${err.message.slice(0, 200)}`).toBe(true);
            if (err.code === 'BAD_REQUEST' && err.cause instanceof ZodError)
              expect(err.cause.issues.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: perProcedure, seed: 20261125 },
      );
    }
    expect(calls).toBeGreaterThanOrEqual(1000);
  }, 120_000);
});
