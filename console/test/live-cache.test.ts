// A live event patches the console's cached lists in place, and refetches only what a row cannot
// tell (lists that follow the changed state). Real TanStack QueryClient, keys shaped as tRPC's.
import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import {
  applyRequest,
  applySystemRows,
  listFollowsState,
  patchRequests,
  type LiveCacheKeys,
} from '../src/app/live-cache.ts';
import type { Outputs } from '../src/app/trpc.ts';

type Row = Outputs['systems']['list']['rows'][number];
type Request = Outputs['requests']['list'][number];

const row = (id: string, stage: string) => ({ id, stage, department: 'gat' }) as unknown as Row;
const request = (id: number, status: string) => ({ id, status, department: 'gat' }) as unknown as Request;

// tRPC's keys: [path, { input, type }].
const key = (path: string[], input?: unknown) => [
  path,
  { ...(input === undefined ? {} : { input }), type: 'query' },
];
const keys: LiveCacheKeys = {
  systemsList: [['systems', 'list']],
  systemsGet: (id) => key(['systems', 'get'], { id }),
  dependencies: [['systems', 'dependencies']],
  requestsList: [['requests', 'list']],
};

describe('live cache', () => {
  it('replaces a changed row in every list that shows it, without refetching those lists', () => {
    const qc = new QueryClient();
    const all = key(['systems', 'list'], { limit: 20_000 });
    const page2 = key(['systems', 'list'], { offset: 50, limit: 50, sort: { field: 'name', dir: 'asc' } });
    qc.setQueryData(all, { total: 2, rows: [row('a', 'serving'), row('b', 'planned')] });
    const other = { total: 1, rows: [row('c', 'planned')] };
    qc.setQueryData(page2, other);
    applySystemRows(qc, keys, [row('a', 'cut-over')]);
    expect(qc.getQueryData<{ rows: Row[] }>(all)!.rows.map((r) => [r.id, r.stage])).toEqual([
      ['a', 'cut-over'],
      ['b', 'planned'],
    ]);
    // A page that does not show the system is the same object: nothing re-renders.
    expect(qc.getQueryData(page2)).toBe(other);
    expect(qc.getQueryState(all)!.isInvalidated).toBe(false);
    expect(qc.getQueryState(page2)!.isInvalidated).toBe(false);
  });

  it('refetches a list filtered or sorted by the tracked state, and the changed system alone', () => {
    const qc = new QueryClient();
    const byStage = key(['systems', 'list'], { stage: 'serving', limit: 50 });
    const sortedByStage = key(['systems', 'list'], { limit: 50, sort: { field: 'stage', dir: 'asc' } });
    const detailA = key(['systems', 'get'], { id: 'a' });
    const detailB = key(['systems', 'get'], { id: 'b' });
    for (const k of [byStage, sortedByStage]) qc.setQueryData(k, { total: 1, rows: [row('a', 'serving')] });
    qc.setQueryData(detailA, { id: 'a' });
    qc.setQueryData(detailB, { id: 'b' });
    applySystemRows(qc, keys, [row('a', 'cut-over')]);
    expect(qc.getQueryState(byStage)!.isInvalidated).toBe(true);
    expect(qc.getQueryState(sortedByStage)!.isInvalidated).toBe(true);
    expect(qc.getQueryState(detailA)!.isInvalidated).toBe(true);
    expect(qc.getQueryState(detailB)!.isInvalidated).toBe(false);
    expect(listFollowsState({ sort: { field: 'cutover' } })).toBe(false);
    expect(listFollowsState({ blocked: true })).toBe(true);
  });

  it("patches a dependency map's stages only where the viewer may see them", () => {
    const qc = new QueryClient();
    const deps = key(['systems', 'dependencies'], { department: 'gat' });
    qc.setQueryData(deps, {
      nodes: [
        { id: 'a', stage: 'serving' },
        { id: 'x', stage: null },
      ],
      edges: [],
    });
    applySystemRows(qc, keys, [row('a', 'cut-over'), row('x', 'migrated')]);
    expect(qc.getQueryData<{ nodes: { id: string; stage: string | null }[] }>(deps)!.nodes).toEqual([
      { id: 'a', stage: 'cut-over' },
      { id: 'x', stage: null },
    ]);
  });

  it('puts a request where each requests list shows it', () => {
    expect(
      patchRequests([request(2, 'pending'), request(1, 'pending')], {}, request(2, 'approved'))!.map(
        (r) => r.status,
      ),
    ).toEqual(['approved', 'pending']);
    // New: the newest, at the top; a pending-only list drops a decided one and ignores a new decided one.
    expect(patchRequests([request(2, 'pending')], {}, request(3, 'pending'))!.map((r) => r.id)).toEqual([
      3, 2,
    ]);
    expect(patchRequests([request(2, 'pending')], { status: ['pending'] }, request(2, 'rejected'))).toEqual(
      [],
    );
    expect(patchRequests([request(2, 'pending')], { status: ['pending'] }, request(3, 'live'))).toEqual([
      request(2, 'pending'),
    ]);
    // One it never showed and that is not the newest: the server places it.
    expect(
      patchRequests([request(5, 'pending')], { status: ['approved'] }, request(4, 'approved')),
    ).toBeNull();

    const qc = new QueryClient();
    const approved = key(['requests', 'list'], { status: ['approved'] });
    const all = key(['requests', 'list'], {});
    qc.setQueryData(approved, [request(5, 'approved')]);
    qc.setQueryData(all, [request(5, 'approved'), request(4, 'pending')]);
    applyRequest(qc, keys, request(4, 'approved'));
    expect(qc.getQueryState(approved)!.isInvalidated).toBe(true);
    expect(qc.getQueryData<Request[]>(all)!.map((r) => r.status)).toEqual(['approved', 'approved']);
    expect(qc.getQueryState(all)!.isInvalidated).toBe(false);
  });
});
