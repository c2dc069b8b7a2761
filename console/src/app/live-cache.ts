// How a live event changes what the console already holds, as Headlamp patches its query cache
// from watch events. Events carry the rows as the server's lists show them (built by the same
// server code), so a list is patched in place: a row is replaced where it is shown. What depends
// on more than the row — a list filtered or sorted by the stage that just changed, the overview's
// and the waves' totals, one system's history — is fetched again, alone. The console never works
// out a stage, a total or an SLA clock itself.
import type { Query, QueryClient, QueryFilters, QueryKey } from '@tanstack/react-query';
import type { Outputs } from './trpc.ts';

type SystemsPage = Outputs['systems']['list'];
type SystemRow = SystemsPage['rows'][number];
type Requests = Outputs['requests']['list'];
type RequestRow = Requests[number];
/** A request as a live event carries it: the same for every viewer, so without what this viewer may do. */
type RequestEventRow = Omit<RequestRow, 'actions'>;
type Dependencies = Outputs['systems']['dependencies'];
/** The filters of a systems list that depend on tracked state, and its order. */
type StateFilters = 'stage' | 'health' | 'blocked' | 'overdue' | 'inScope' | 'cutover';
type SystemsInput = (Partial<Record<StateFilters, unknown>> & { sort?: { field: string } }) | undefined;
type RequestsInput = { status?: readonly string[] } | undefined;

/** Sort fields and filters that follow the tracked state: such a list may gain, lose or reorder rows. */
const STATE_SORTS = new Set(['stage', 'health', 'blockers']);

/** True when a systems list's rows or order may change with a row's tracked state. */
export function listFollowsState(input: SystemsInput): boolean {
  if (!input) return false;
  const filters = [input.stage, input.health, input.blocked, input.overdue, input.inScope, input.cutover];
  if (filters.some((f) => f !== undefined)) return true;
  return !!input.sort && STATE_SORTS.has(input.sort.field);
}

/** The page with these rows replaced where it shows them; the same page when it shows none. */
export function patchSystemsPage(page: SystemsPage, rows: readonly SystemRow[]): SystemsPage {
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (!page.rows.some((r) => byId.has(r.id))) return page;
  return { ...page, rows: page.rows.map((r) => byId.get(r.id) ?? r) };
}

/** The dependency map with the changed systems' stages (only nodes the viewer may see change). */
export function patchDependencies(map: Dependencies, rows: readonly SystemRow[]): Dependencies {
  const stage = new Map(rows.map((r) => [r.id, r.stage]));
  if (!map.nodes.some((n) => n.stage !== null && stage.has(n.id))) return map;
  return {
    ...map,
    nodes: map.nodes.map((n) =>
      n.stage !== null && stage.has(n.id) ? { ...n, stage: stage.get(n.id)! } : n,
    ),
  };
}

/**
 * A requests list with this request as it now stands: replaced where shown, added at the top when
 * new (the list is newest first, and a request just made is the newest), dropped when it no longer
 * has a status the list asks for. Null when the list must be fetched (a request it never showed
 * that is not new to it is placed by the server, not here).
 */
export function patchRequests(list: Requests, input: RequestsInput, row: RequestRow): Requests | null {
  const wanted = !input?.status?.length || input.status.includes(row.status);
  const at = list.findIndex((r) => r.id === row.id);
  if (at >= 0) return wanted ? list.map((r, i) => (i === at ? row : r)) : list.filter((_, i) => i !== at);
  if (!wanted) return list;
  return list.every((r) => r.id < row.id) ? [row, ...list] : null;
}

/** What a tRPC query key says about its input. */
const inputOf = <T>(key: QueryKey): T => (key[1] as { input?: T } | undefined)?.input as T;

/** The procedures whose cache entries an event touches, by path (as the tRPC client names them). */
export interface LiveCacheKeys {
  systemsList: QueryKey;
  systemsGet: (id: string) => QueryKey;
  dependencies: QueryKey;
  requestsList: QueryKey;
}

/** Queries due to be fetched again as soon as the fetch they are in ends. */
const due = new WeakSet<Query>();

/**
 * Fetches what the filter matches again, with an answer asked for after this call. An answer
 * already on its way may have been asked for before the event and would land after it: React
 * Query joins a first load instead of starting another, and a late answer overwrites a patch. So
 * a query in the middle of a fetch is fetched again once that fetch ends (one more at most,
 * however many events arrive meanwhile: a burst never starves it).
 */
export function refetchFromNow(qc: QueryClient, filters: QueryFilters): void {
  const cache = qc.getQueryCache();
  for (const q of cache.findAll(filters)) {
    const again = () => void qc.invalidateQueries({ queryKey: q.queryKey, exact: true });
    if (q.state.fetchStatus !== 'fetching') again();
    else if (!due.has(q)) {
      due.add(q);
      const stop = cache.subscribe((e) => {
        if (e.query !== q) return;
        // Removed from the cache (nothing shows it any more): nothing to fetch, nothing to keep.
        const removed = e.type === 'removed';
        if (!removed && q.state.fetchStatus === 'fetching') return;
        stop();
        due.delete(q);
        if (!removed) again();
      });
    }
  }
}

/**
 * Each cached query under `path` with the event applied: patched in place when it holds an answer
 * and none is on its way; fetched again when the patch cannot say (null) or an answer is on its
 * way (it may predate the event). A query that never loaded and is not loading is left alone.
 */
export function patchEach<T>(
  qc: QueryClient,
  path: QueryKey,
  patch: (data: T, key: QueryKey) => T | null,
): void {
  for (const q of qc.getQueryCache().findAll({ queryKey: path })) {
    const exact = { queryKey: q.queryKey, exact: true };
    if (q.state.fetchStatus === 'fetching') refetchFromNow(qc, exact);
    else if (q.state.data !== undefined) {
      const next = patch(q.state.data as T, q.queryKey);
      if (next) qc.setQueryData<T>(q.queryKey, next);
      else refetchFromNow(qc, exact);
    }
  }
}

/** Puts the changed systems' rows wherever lists show them; lists that follow the state are refetched. */
export function applySystemRows(qc: QueryClient, keys: LiveCacheKeys, rows: readonly SystemRow[]): void {
  patchEach<SystemsPage>(qc, keys.systemsList, (page, key) =>
    listFollowsState(inputOf<SystemsInput>(key)) ? null : patchSystemsPage(page, rows),
  );
  patchEach<Dependencies>(qc, keys.dependencies, (map) => patchDependencies(map, rows));
  for (const r of rows) refetchFromNow(qc, { queryKey: keys.systemsGet(r.id) });
}

/** Puts the request where the requests lists show it. */
export function applyRequest(qc: QueryClient, keys: LiveCacheKeys, row: RequestEventRow): void {
  // What the viewer may do now is the server's to say (the list is fetched again): none until then.
  patchEach<Requests>(qc, keys.requestsList, (list, key) =>
    patchRequests(list, inputOf<RequestsInput>(key), { ...row, actions: [] }),
  );
}
