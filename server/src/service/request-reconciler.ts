// Moves granted requests on by the evidence, after each recompute: provisioning ends once a
// system's live quota (summed over its tenants) carries what the code declares for it with every
// approval included (the plan estimate × headroom + approved increases), an exit's once its tenant
// is gone; test resources whose test lapsed unpassed expire. Only on synced Kubernetes sources: a
// cluster that is not answering has not removed a tenant.
import type { Plan } from '@yunqian/plan';
import { quotaHardFor } from '@yunqian/plan';
import type { TrackerState, Tenant, SourceStatus } from '../model/index.ts';
import type { Store } from '../store/db.ts';
import { reconcileSteps, tenantProgramInput, type RequestRules } from '../store/requests.ts';
import type { Also } from '../store/request-transition.ts';
import { parseQuantity } from '../sources/kubernetes/quantity.ts';

export async function reconcileRequests(
  store: Store,
  plan: Plan,
  state: TrackerState,
  tenants: readonly Tenant[],
  sources: readonly SourceStatus[],
  headroom: number,
  rules: RequestRules,
  now: Date,
  also?: Also,
): Promise<Awaited<ReturnType<typeof reconcileSteps>>> {
  if (sources.some((s) => s.kind === 'kubernetes' && s.state !== 'synced')) return [];
  const { approvedRequests, reductions } = await tenantProgramInput(store.db, now);
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
      storage: hard.reduce((a, h) => a + (h!.storage ?? 0), 0),
    };
  };
  const expected = (system: string) => {
    const s = systems.get(system);
    if (!s) return null;
    // Reclaimed idle quota lowers what the code declares, as the tenant program does.
    const q = quotaHardFor(s, headroom, approvedRequests, reductions);
    return {
      cpu: parseQuantity(q['requests.cpu']),
      memoryGiB: parseQuantity(q['requests.memory']) / 2 ** 30,
      storageGiB: parseQuantity(q['requests.storage']) / 2 ** 30,
    };
  };
  return reconcileSteps(
    store,
    live,
    expected,
    { id: 'yunqian', requestId: 'reconcile', at: now },
    rules,
    now,
    also,
  );
}
