// The systems list: the viewer's scope, then the filter, then the order. Cached per tracker state,
// scope and query: the console pages through the same list many times between recomputes.
import type { PlanIndex } from '@yunqian/plan';
import type { TrackedSystem, TrackerState } from '../model/index.ts';
import { STAGES } from '../model/index.ts';
import type { Scope } from '../auth/policy.ts';
import { visibleSystems } from './scoped.ts';
import { perPart, scopeKey } from './memo.ts';
import { cutoverDue } from '../tracker/rollup.ts';

export interface ListQuery {
  department?: string | undefined;
  network?: string | undefined;
  wave?: string | undefined;
  stage?: string | undefined;
  health?: string | undefined;
  search?: string | undefined;
  blocked?: boolean | undefined;
  overdue?: boolean | undefined;
  /** Counted in the migration rate (纳入统计) or not. */
  inScope?: boolean | undefined;
  /** Counted systems whose cut-over date has come: all of them, those cut over on time, or late. */
  cutover?: CutoverFilter | undefined;
  sort?: { field: string; dir: 'asc' | 'desc' } | undefined;
}

/** A name found by a lower-case search text, in either language. */
export const nameMatches = (n: { zh: string; en: string } | undefined, needle: string): boolean =>
  !!n && (n.zh.includes(needle) || n.en.toLowerCase().includes(needle));

/** The systems behind the on-time cut-over rate: its denominator, and each side of it. */
export const CUTOVER_FILTERS = ['due', 'onTime', 'late'] as const;
export type CutoverFilter = (typeof CUTOVER_FILTERS)[number];

/** The roll-up's own rule for what is due, split by the verdict. */
const CUTOVER_MATCH: Record<CutoverFilter, (s: TrackedSystem) => boolean> = {
  due: cutoverDue,
  onTime: (s) => cutoverDue(s) && s.onTime === true,
  late: (s) => cutoverDue(s) && s.onTime === false,
};

type Key = (s: TrackedSystem, index: PlanIndex) => string | number;

const STAGE_ORDER = new Map<string, number>(STAGES.map((s, i) => [s, i]));
const SORT_KEYS: Record<string, Key> = {
  id: (s) => s.id,
  name: (s, i) => i.system.get(s.id)?.name.zh ?? s.id,
  department: (s) => s.department,
  network: (s) => s.network,
  wave: (s) => s.wave,
  stage: (s) => STAGE_ORDER.get(s.stage) ?? -1,
  health: (s) => s.health,
  blockers: (s) => s.blockers.length,
  cutover: (s, i) => i.system.get(s.id)?.cutover ?? '',
};

const cached = perPart<TrackedSystem[]>();

function compute(state: TrackerState, scope: Scope, index: PlanIndex, q: ListQuery): TrackedSystem[] {
  const within = q.department ? index.subtree.get(q.department) : null;
  const search = q.search?.trim().toLowerCase();
  const rows = visibleSystems(state, scope).filter((s) => {
    if (within && !within.has(s.department)) return false;
    if (q.network && s.network !== q.network) return false;
    if (q.wave && s.wave !== q.wave) return false;
    if (q.stage && s.stage !== q.stage) return false;
    if (q.health && s.health !== q.health) return false;
    if (q.blocked !== undefined && q.blocked !== s.blockers.length > 0) return false;
    if (q.overdue !== undefined && q.overdue !== s.overdue) return false;
    if (q.inScope !== undefined && q.inScope !== s.inScope) return false;
    if (q.cutover && !CUTOVER_MATCH[q.cutover](s)) return false;
    if (!search) return true;
    // A system is found by its id, its name or its department's name, in either language.
    return (
      s.id.includes(search) ||
      nameMatches(index.system.get(s.id)?.name, search) ||
      nameMatches(index.org.get(s.department)?.name, search)
    );
  });
  const key = q.sort && SORT_KEYS[q.sort.field];
  if (!key) return rows;
  const dir = q.sort!.dir === 'desc' ? -1 : 1;
  const keyed = rows.map((s) => ({ s, k: key(s, index) }));
  keyed.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.s.id.localeCompare(b.s.id)));
  return keyed.map((x) => x.s);
}

/** The systems the viewer may see that match the query, in the asked order. */
export function matchingSystems(
  state: TrackerState,
  scope: Scope,
  index: PlanIndex,
  q: ListQuery,
): TrackedSystem[] {
  const key = JSON.stringify([
    scopeKey(scope),
    q.department,
    q.network,
    q.wave,
    q.stage,
    q.health,
    q.search?.trim().toLowerCase(),
    q.blocked,
    q.overdue,
    q.inScope,
    q.cutover,
    q.sort?.field,
    q.sort?.dir,
  ]);
  return cached(state, key, () => compute(state, scope, index, q));
}
