// Answers that depend only on the tracker state and the viewer's scope are computed once per
// state and scope: the console asks the same questions many times between two recomputes.
import type { TrackerState } from '../model/index.ts';
import type { Scope } from '../auth/policy.ts';

/** A stable key for a scope (department users with the same subtree share answers). */
export const scopeKey = (scope: Scope): string =>
  scope.kind === 'all' ? 'all' : scope.kind === 'departments' ? [...scope.ids].sort().join(',') : 'none';

/** A memo per tracker state, holding at most `max` keys per state (oldest dropped first). */
export function perState<T>(max = 256) {
  const cache = new WeakMap<TrackerState, Map<string, T>>();
  return (state: TrackerState, key: string, compute: () => T): T => {
    let entries = cache.get(state);
    if (!entries) cache.set(state, (entries = new Map()));
    if (entries.has(key)) return entries.get(key)!;
    const value = compute();
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    entries.set(key, value);
    return value;
  };
}
