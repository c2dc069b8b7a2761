// One scan for idle tenants: lapse what is due, read the evidence (refused whole while a source is
// stale or failing, so nothing is proposed from an outage), and propose a lower quota to each idle
// tenant that has no open proposal and no reduction still waiting for `pulumi up` (a second one
// would take the same cores twice). Run by a cloud operator of the whole province ("scan"): a
// reduction of a department's quota is a decision the data bureau takes and answers for, so a
// person starts it, is recorded as its proposer, and (four eyes) never decides its contest.
import type { Store, Tx } from '../store/db.ts';
import type { Actor } from '../store/request-transition.ts';
import {
  IN_FORCE,
  lapseDue,
  listReclamations,
  proposeReclamation,
  type ReclamationRow,
} from '../store/reclamations.ts';
import { addWorkingDays, type WorkCalendar } from '../store/calendar.ts';
import { readEvidence, type NamespaceEvidence, type ReclamationSource } from './evidence.ts';
import { proposalFor, type ReclamationRules } from './rule.ts';

export interface TenantIdentity {
  system: string;
  department: string;
  network: 'internal' | 'external';
}

export interface ScanInput {
  sources: readonly ReclamationSource[];
  rules: ReclamationRules;
  calendar: WorkCalendar;
  /** The tenant a namespace is: null for platform namespaces and namespaces of no system. */
  tenantOf: (cluster: string, namespace: string) => TenantIdentity | null;
  /** Told in each proposal's transaction (the department). */
  tell?: ((tx: Tx, row: ReclamationRow) => Promise<unknown>) | undefined;
}

export interface ScanResult {
  /** Namespaces judged (requests at every hour of the window, a quota). */
  judged: number;
  idle: number;
  proposed: ReclamationRow[];
  /** Idle tenants left alone, and why. */
  skipped: { cluster: string; namespace: string; why: 'open' | 'awaiting-apply' | 'not-a-tenant' }[];
}

export async function scanIdleTenants(
  store: Store,
  by: Actor,
  input: ScanInput,
  now: Date,
): Promise<ScanResult> {
  await lapseDue(store, now);
  const evidence = await readEvidence(input.sources, input.rules, now);
  const inForce = await listReclamations(store.db, { status: IN_FORCE });
  const out: ScanResult = { judged: evidence.length, idle: 0, proposed: [], skipped: [] };
  for (const e of evidence) {
    const p = proposalFor(e.reading, input.rules);
    if (!p) continue;
    out.idle++;
    const where = { cluster: e.cluster, namespace: e.namespace };
    const tenant = input.tenantOf(e.cluster, e.namespace);
    if (!tenant) {
      out.skipped.push({ ...where, why: 'not-a-tenant' });
      continue;
    }
    // A reduction in force that the live quota does not carry yet: `pulumi up` has not run.
    const pending = inForce.some(
      (r) =>
        r.cluster === e.cluster &&
        r.namespace === e.namespace &&
        (e.reading.quota.cpu > r.proposedCpu || e.reading.quota.memoryGiB > r.proposedMemoryGiB),
    );
    if (pending) {
      out.skipped.push({ ...where, why: 'awaiting-apply' });
      continue;
    }
    const row = await proposeReclamation(
      store,
      by,
      {
        ...where,
        ...tenant,
        quotaCpu: e.reading.quota.cpu,
        quotaMemoryGiB: e.reading.quota.memoryGiB,
        proposedCpu: p.cpu,
        proposedMemoryGiB: p.memoryGiB,
        reduceCpu: p.reduceCpu,
        reduceMemoryGiB: p.reduceMemoryGiB,
        evidence: evidenceRecord(e),
        contestBy: addWorkingDays(now, input.rules.contestWorkingDays, input.calendar),
      },
      input.tell,
      now,
    );
    if (row) out.proposed.push(row);
    else out.skipped.push({ ...where, why: 'open' });
  }
  return out;
}

/** What a proposal keeps of its evidence: the reading, the rule's settings and the daily points. */
export const evidenceRecord = (e: NamespaceEvidence) => ({
  reading: e.reading,
  window: e.window,
  daily: e.daily,
});
