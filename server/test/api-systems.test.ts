// The systems list is paged, filtered and sorted on the server, within the viewer's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '../src/model/index.ts';
import { sandboxApi } from './fixtures/sandbox-api.ts';

let api: Awaited<ReturnType<typeof sandboxApi>>;
beforeAll(async () => {
  api = await sandboxApi();
});
afterAll(() => api.close());

describe('systems list', () => {
  it('pages through every system in scope exactly once', async () => {
    const c = api.caller({ id: 'l', name: 'l', role: 'leader' });
    const all = await c.systems.list({ limit: 20_000 });
    expect(all.total).toBe(api.tracker.state()!.systems.length);
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 97) {
      const page = await c.systems.list({ offset, limit: 97 });
      expect(page.total).toBe(all.total);
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(all.rows.map((r) => r.id));
    expect(new Set(seen).size).toBe(all.total);
  });

  it('sorts by stage along the migration path, and by blockers descending', async () => {
    const c = api.caller({ id: 'l', name: 'l', role: 'leader' });
    const byStage = (await c.systems.list({ limit: 20_000, sort: { field: 'stage', dir: 'asc' } })).rows;
    const ranks = byStage.map((r) => STAGES.indexOf(r.stage));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const blocked = (await c.systems.list({ limit: 50, sort: { field: 'blockers', dir: 'desc' } })).rows;
    const counts = blocked.map((r) => r.blockers.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBeGreaterThan(0);
  });

  it('filters within the department scope, and searches names', async () => {
    const c = api.caller({ id: 'd', name: 'd', role: 'department', department: 'gat' });
    const mine = await c.systems.list({ limit: 20_000 });
    expect(mine.rows.every((s) => s.department === 'gat' || s.department.startsWith('gat-'))).toBe(true);
    const one = mine.rows[0]!;
    const found = await c.systems.list({ search: one.name.zh });
    expect(found.rows.map((r) => r.id)).toContain(one.id);
    const internal = await c.systems.list({ network: 'internal', limit: 20_000 });
    expect(internal.total).toBe(mine.rows.filter((s) => s.network === 'internal').length);
  });

  it("lists the on-time rate's systems: those due, on time and late add up to the overview's figures", async () => {
    for (const viewer of [
      { id: 'l', name: 'l', role: 'leader' as const },
      { id: 'd', name: 'd', role: 'department' as const, department: 'gat' },
    ]) {
      const c = api.caller(viewer);
      const { total } = await c.overview.get();
      expect(total.cutoverDue).toBeGreaterThan(0);
      const count = async (cutover: 'due' | 'onTime' | 'late') =>
        (await c.systems.list({ cutover, limit: 1 })).total;
      expect(await count('due')).toBe(total.cutoverDue);
      expect(await count('onTime')).toBe(total.cutoverOnTime);
      expect(await count('late')).toBe(total.cutoverDue - total.cutoverOnTime);
    }
  });

  it('refuses a page larger than an export, or an unknown sort field, field by field', async () => {
    const c = api.caller({ id: 'l', name: 'l', role: 'leader' });
    const e = (await c.systems
      .list({ limit: 50_000, sort: { field: 'secret' as never, dir: 'asc' } })
      .catch((x: unknown) => x)) as { code: string; cause: { issues: { path: string[] }[] } };
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.cause.issues.map((i) => i.path[0]).sort()).toEqual(['limit', 'sort']);
  });
});
