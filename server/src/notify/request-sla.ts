// "An SLA about to lapse" and "lapsed": a request whose acceptance, review or provisioning clock has
// at most one working day left, or has run out, tells those it waits for (the same people as "a
// step waiting for you"). Once per request, step, level and version: a later step has its own.
import type { Store } from '../store/db.ts';
import { listRequests } from '../store/requests.ts';
import { workingDaysBetween, type WorkCalendar } from '../store/calendar.ts';
import { isOverdue } from '../requests/lifecycle.ts';
import { enqueue } from './outbox.ts';
import { awaitedBy, type StepContext } from './request-steps.ts';

/** Which of the two a request's clock calls for at `now`, if either. */
export function slaNotice(
  r: { status: string; step: Parameters<typeof isOverdue>[0]['step']; dueAt: Date | null },
  now: Date,
  calendar: WorkCalendar,
): 'sla.lapsed' | 'sla.dueSoon' | null {
  if (r.status !== 'pending' && r.status !== 'approved') return null;
  if (!r.dueAt || r.step === 'test' || r.step === 'trial' || r.step === 'online') return null;
  if (isOverdue(r, now)) return 'sla.lapsed';
  return workingDaysBetween(now, r.dueAt, calendar) <= 1 ? 'sla.dueSoon' : null;
}

/** Enqueues the SLA notices due at `now`; returns the rows added. */
export async function notifySlaClocks(
  store: Store,
  now: Date,
  c: Omit<StepContext, 'systemName'> & {
    calendar: WorkCalendar;
    systemName: (id: string) => { zh: string; en: string } | undefined;
  },
): Promise<number> {
  if (!c.available.length) return 0;
  let added = 0;
  for (const r of await listRequests(store.db, { status: ['pending', 'approved'] })) {
    const kind = slaNotice(r, now, c.calendar);
    if (!kind) continue;
    const dueAt = new Intl.DateTimeFormat('sv-SE', {
      timeZone: c.timeZone,
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(r.dueAt!);
    const name = c.systemName(r.system);
    added += await store.db.transaction(async (tx) =>
      enqueue(
        tx,
        (await awaitedBy(tx, r, c.provinceLevel)).map((recipient) => ({
          recipient,
          kind,
          params: { requestId: r.id, system: name?.zh ?? r.system, systemEn: name?.en ?? r.system, dueAt },
          dedupeKey: `sla:${kind}:${r.id}:${r.step}:${r.reviewStep}@${r.stepStartedAt.getTime()}`,
        })),
        c.available,
      ),
    );
  }
  return added;
}
