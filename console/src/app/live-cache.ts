// How a live event changes what the console already holds, as Headlamp patches its query cache
// from watch events. Events carry the rows as the server's lists show them (built by the same
// server code), so a list is patched in place: a row is replaced where it is shown. What depends
// on more than the row — a list filtered or sorted by the stage that just changed, the overview's
// and the waves' totals, one system's history — is fetched again, alone. The console never works
// out a stage, a total or an SLA clock itself.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { Outputs } from './trpc.ts';

type SystemsPage = Outputs['systems']['list'];
type SystemRow = SystemsPage['rows'][number];
type Requests = Outputs['requests']['list'];
type RequestRow = Requests[number];
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

/** Puts the changed systems' rows wherever lists show them; lists that follow the state are refetched. */
export function applySystemRows(qc: QueryClient, keys: LiveCacheKeys, rows: readonly SystemRow[]): void {
  for (const [key, page] of qc.getQueriesData<SystemsPage>({ queryKey: keys.systemsList })) {
    if (!page) continue;
    if (listFollowsState(inputOf<SystemsInput>(key)))
      void qc.invalidateQueries({ queryKey: key, exact: true });
    else qc.setQueryData<SystemsPage>(key, patchSystemsPage(page, rows));
  }
  for (const [key, map] of qc.getQueriesData<Dependencies>({ queryKey: keys.dependencies }))
    if (map) qc.setQueryData<Dependencies>(key, patchDependencies(map, rows));
  for (const r of rows) void qc.invalidateQueries({ queryKey: keys.systemsGet(r.id) });
}

/** Puts the request where the requests lists show it. */
export function applyRequest(qc: QueryClient, keys: LiveCacheKeys, row: RequestRow): void {
  for (const [key, list] of qc.getQueriesData<Requests>({ queryKey: keys.requestsList })) {
    if (!list) continue;
    const next = patchRequests(list, inputOf<RequestsInput>(key), row);
    if (next) qc.setQueryData<Requests>(key, next);
    else void qc.invalidateQueries({ queryKey: key, exact: true });
  }
}
