// A live event patches the console's cached lists in place, and refetches only what a row cannot
// tell (lists that follow the changed state). Real TanStack QueryClient, keys shaped as tRPC's.
import { describe, expect, it } from 'vitest';
import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query';
import {
  applyRequest,
  applySystemRows,
  listFollowsState,
  patchRequests,
  refetchFromNow,
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

  describe('an answer already on its way when an event arrives', () => {
    /**
     * A server whose answers the test releases, oldest first: each holds what the server had when
     * it was asked (as a slow network or a busy server delivers an answer after a later event).
     */
    function slowServer<T>(initial: T) {
      let now = initial;
      const held: (() => void)[] = [];
      return {
        set: (v: T) => (now = v),
        fetch: () =>
          new Promise<T>((resolve) => {
            const answer = now;
            held.push(() => resolve(answer));
          }),
        /** Answers everything asked so far, oldest first, until nothing is on its way. */
        async answerAll(qc: QueryClient) {
          do {
            while (held.length) held.shift()!();
            await new Promise((r) => setTimeout(r, 0));
          } while (held.length || qc.isFetching());
        },
      };
    }
    /** A list shown on a page (an observer makes it active, as a mounted component does). */
    function shown<T>(qc: QueryClient, queryKey: QueryKey, fetch: () => Promise<T>) {
      return new QueryObserver(qc, { queryKey, queryFn: fetch }).subscribe(() => undefined);
    }

    it('a request made while the list is first loading is on the list once it loads', async () => {
      const qc = new QueryClient();
      const server = slowServer([request(1, 'pending')]);
      const list = key(['requests', 'list'], {});
      const stop = shown(qc, list, server.fetch);
      server.set([request(2, 'pending'), request(1, 'pending')]);
      applyRequest(qc, keys, request(2, 'pending'));
      await server.answerAll(qc);
      expect(qc.getQueryData<Request[]>(list)!.map((r) => r.id)).toEqual([2, 1]);
      stop();
    });

    it('a row changed while the list is being read again keeps its change', async () => {
      const qc = new QueryClient();
      const server = slowServer({ total: 1, rows: [row('a', 'serving')] });
      const list = key(['systems', 'list'], { limit: 50 });
      const stop = shown(qc, list, server.fetch);
      await server.answerAll(qc);
      void qc.refetchQueries({ queryKey: list }); // e.g. the minute's refetch, asked before the change
      server.set({ total: 1, rows: [row('a', 'cut-over')] });
      applySystemRows(qc, keys, [row('a', 'cut-over')]);
      await server.answerAll(qc);
      expect(qc.getQueryData<{ rows: Row[] }>(list)!.rows.map((r) => r.stage)).toEqual(['cut-over']);
      stop();
    });

    it('a to-do list asked for before a sign-off shows the sign-off once read again', async () => {
      const qc = new QueryClient();
      const server = slowServer({ toConfirm: [] as string[] });
      const todo = key(['systems', 'todo']);
      const stop = shown(qc, todo, server.fetch);
      server.set({ toConfirm: ['gat-portal'] });
      refetchFromNow(qc, { queryKey: [['systems', 'todo']] });
      await server.answerAll(qc);
      expect(qc.getQueryData(todo)).toEqual({ toConfirm: ['gat-portal'] });
      stop();
    });
  });
});
