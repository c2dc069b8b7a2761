// Closes approved resource requests once the live quota carries them: after each recompute, a
// system's live quota (summed over its tenants) is compared with what the code declares for it
// with every approval included (the plan estimate × headroom + approved increases).
import type { Plan } from '@yunqian/plan';
import { quotaHardFor } from '@yunqian/plan';
import type { TrackerState, Tenant } from '../model/index.ts';
import type { Store } from '../store/db.ts';
import { approvedIncreases, closeLive } from '../store/requests.ts';
import { parseQuantity } from '../sources/kubernetes/quantity.ts';

export async function reconcileRequests(
  store: Store,
  plan: Plan,
  state: TrackerState,
  tenants: readonly Tenant[],
  headroom: number,
  now: Date,
): Promise<Awaited<ReturnType<typeof closeLive>>> {
  const approved = await approvedIncreases(store.db);
  if (!approved.length) return [];
  const systems = new Map(plan.systems.map((s) => [s.id, s]));
  const tenantsOf = new Map(
    state.systems.map((s) => [s.id, s.tenants.map((t) => `${t.cluster}/${t.namespace}`)]),
  );
  const byKey = new Map(tenants.map((t) => [`${t.cluster}/${t.namespace}`, t]));
  const live = (system: string) => {
    const hard = (tenantsOf.get(system) ?? []).map((k) => byKey.get(k)?.quota?.hard).filter((h) => !!h);
    if (!hard.length) return null;
    return {
      cpu: hard.reduce((a, h) => a + (h!.cpu ?? 0), 0),
      memory: hard.reduce((a, h) => a + (h!.memory ?? 0), 0),
    };
  };
  const expected = (system: string) => {
    const s = systems.get(system);
    if (!s) return null;
    const q = quotaHardFor(s, headroom, approved);
    return {
      cpu: parseQuantity(q['requests.cpu']),
      memoryGiB: parseQuantity(q['requests.memory']) / 2 ** 30,
    };
  };
  return closeLive(store, live, expected, { id: 'yunqian', requestId: 'reconcile', at: now });
}
