// Answers derived from one part of the read model (a tracker state, a clusters snapshot) and the
// viewer's scope are computed once per part and scope: the console asks the same questions many
// times between two versions, and a part that did not change keeps its answers in the next one.
import type { Scope } from '../auth/policy.ts';

/** A stable key for a scope (viewers with the same subtree and network share answers). */
export const scopeKey = (scope: Scope): string =>
  scope.kind === 'none' ? 'none' : `${scope.network ?? 'both'}:${scope.kind === 'all' ? 'all' : scope.unit}`;

/** A memo per part object, holding at most `max` keys per part (oldest dropped first). */
export function perPart<T, P extends object = object>(max = 256) {
  const cache = new WeakMap<P, Map<string, T>>();
  return (part: P, key: string, compute: () => T): T => {
    let entries = cache.get(part);
    if (!entries) cache.set(part, (entries = new Map()));
    if (entries.has(key)) return entries.get(key)!;
    const value = compute();
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    entries.set(key, value);
    return value;
  };
}
