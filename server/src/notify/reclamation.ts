// Reclaiming idle resources, told: a proposal tells the department users who see the system (with
// the quota before and after and the deadline to contest, in working days); a contest tells the
// cloud operators who see it (they decide it). In the change's own transaction, so the proposal or
// the contest and its notices commit together; once per proposal and event. And a deadline
// reminder: an unanswered proposal with one working day left tells the department again, from the
// engine's replica after each reconciliation (as the SLA clocks are), which also lapses the due.
import type { PlanIndex } from '@yunqian/plan';
import { inScope, scopeOf, type Role, type Viewer } from '../auth/policy.ts';
import type { Network } from '../model/network.ts';
import type { Store, Tx } from '../store/db.ts';
import { lapseDue, listReclamations, type ReclamationRow } from '../store/reclamations.ts';
import { workingDaysBetween, type WorkCalendar } from '../store/calendar.ts';
import type { ChannelName } from './events.ts';
import { enqueue } from './outbox.ts';
import { activeAccounts, viewerOf } from './audience.ts';

export interface ReclamationNoticeContext {
  available: readonly ChannelName[];
  systemName: { zh: string; en: string } | undefined;
  /** Whether an account's scope covers the system (the policy that filters what it reads). */
  sees: (account: Viewer) => boolean;
  timeZone: string;
  /** Working days the department has to contest (the configuration's). */
  workingDays: number;
}

type Kind = 'reclamation.proposed' | 'reclamation.dueSoon' | 'reclamation.contested';

const WHO: Record<Kind, Role[]> = {
  'reclamation.proposed': ['department'],
  'reclamation.dueSoon': ['department'],
  'reclamation.contested': ['operator'],
};

const percent = (x: unknown) => (typeof x === 'number' ? Math.round(x * 1000) / 10 : '?');
const round = (x: number) => Math.round(x * 100) / 100;

export async function notifyReclamation(
  tx: Tx,
  kind: Kind,
  r: ReclamationRow,
  c: ReclamationNoticeContext,
): Promise<number> {
  if (!c.available.length) return 0;
  const recipients = (await activeAccounts(tx))
    .filter((a) => WHO[kind].includes(a.role) && a.username !== r.answeredBy && c.sees(viewerOf(a)))
    .map((a) => a.username)
    .sort();
  const e = r.evidence as {
    reading?: { cpuShare?: number; memoryShare?: number };
    window?: { days?: number; idleShare?: number };
  };
  const contestBy = new Intl.DateTimeFormat('sv-SE', {
    timeZone: c.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(r.contestBy);
  const params = {
    proposal: r.id,
    system: c.systemName?.zh ?? r.system,
    systemEn: c.systemName?.en ?? r.system,
    namespace: r.namespace,
    days: e.window?.days ?? '?',
    cpuShare: percent(e.reading?.cpuShare),
    memoryShare: percent(e.reading?.memoryShare),
    idleShare: percent(e.window?.idleShare),
    cpuFrom: round(r.quotaCpu),
    memoryFrom: round(r.quotaMemoryGiB),
    cpuTo: r.proposedCpu,
    memoryTo: r.proposedMemoryGiB,
    contestBy,
    workingDays: c.workingDays,
    by: r.answeredBy ?? '',
    reason: r.answerReason ?? '',
  };
  return enqueue(
    tx,
    recipients.map((recipient) => ({ recipient, kind, params, dedupeKey: `reclamation:${r.id}:${kind}` })),
    c.available,
  );
}

/**
 * Lapses the proposals past their deadline, then reminds the department of each one still
 * unanswered with at most one working day left (once per proposal). Returns the rows enqueued.
 */
export async function notifyReclamationDeadlines(
  store: Store,
  now: Date,
  c: Omit<ReclamationNoticeContext, 'sees' | 'systemName'> & {
    calendar: WorkCalendar;
    index: PlanIndex;
    systemName: (id: string) => { zh: string; en: string } | undefined;
  },
): Promise<number> {
  await lapseDue(store, now);
  if (!c.available.length) return 0;
  let added = 0;
  for (const r of await listReclamations(store.db, { status: ['proposed'] })) {
    if (workingDaysBetween(now, r.contestBy, c.calendar) > 1) continue;
    added += await store.db.transaction((tx) =>
      notifyReclamation(tx, 'reclamation.dueSoon', r, {
        ...c,
        systemName: c.systemName(r.system),
        sees: (a) => inScope(scopeOf(a, c.index), r.department, r.network as Network),
      }),
    );
  }
  return added;
}
