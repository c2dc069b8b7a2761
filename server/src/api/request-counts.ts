// Pending and overdue (a lapsed acceptance, review or provisioning clock) request counts for the overview. Every console polls the overview, so the
// counts are read from the database at most every few seconds per scope, and again at once after
// a request changes on this replica (another replica's change shows within the TTL).
import type { Store } from '../store/db.ts';
import { requestsInScope } from './scoped-requests.ts';
import type { Scope } from '../auth/policy.ts';
import { scopeKey } from '../read-model/memo.ts';
import { isOverdue } from '../requests/lifecycle.ts';

const TTL_MS = 5_000;
type Counts = { pending: number; overdue: number };
const cache = new WeakMap<Store, Map<string, { at: number; counts: Promise<Counts> }>>();

async function read(store: Store, scope: Scope, now: Date): Promise<Counts> {
  const open = await requestsInScope(store.db, scope, { status: ['pending', 'approved'] });
  return {
    pending: open.filter((r) => r.status === 'pending').length,
    overdue: open.filter((r) => isOverdue(r, now)).length,
  };
}

export function requestCounts(store: Store, scope: Scope, now: Date): Promise<Counts> {
  let entries = cache.get(store);
  if (!entries) cache.set(store, (entries = new Map()));
  const key = scopeKey(scope);
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.counts;
  const counts = read(store, scope, now);
  entries.set(key, { at: Date.now(), counts });
  // A failed read is not kept: the next call asks the database again.
  counts.catch(() => entries.delete(key));
  return counts;
}

/** After a request is created or decided here. */
export function requestsChanged(store: Store): void {
  cache.delete(store);
}
