// "Run-out date moved earlier": a network's capacity run-out date (the first day the plan's
// demand passes its headroom, capacity/run-out.ts) earlier than the one last told. The first date
// seen is the reference and is not told (nothing moved yet); after that, a date earlier than the
// last one told is told and becomes the reference; a later one is not news and changes nothing.
// Only from a capacity report read fresh (not stale) from Prometheus. To the province-wide
// operators and leaders of that network (those who see the network's capacity as a whole).
import type { PlanIndex } from '@yunqian/plan';
import { sql } from 'drizzle-orm';
import type { CapacityReport } from '../model/index.ts';
import { lockFor, type Db } from '../store/db.ts';
import type { ChannelName } from './events.ts';
import { enqueue } from './outbox.ts';
import { activeAccounts, provinceWideOn } from './audience.ts';
import { beginEpisodes } from './marks.ts';
import { NETWORK_WORDS, RESOURCE_WORDS, systemName } from './words.ts';

/** Enqueues "run-out date moved earlier" for each network whose date did; returns the rows added. */
export async function notifyRunOutEarlier(
  db: Db,
  report: Pick<CapacityReport, 'stale' | 'networks'>,
  index: PlanIndex,
  available: readonly ChannelName[],
): Promise<number> {
  if (!available.length || report.stale) return 0;
  let added = 0;
  for (const n of report.networks) {
    const date = n.runOut.date;
    if (!date) continue;
    const subject = `runout:${n.network}`;
    added += await db.transaction(async (tx) => {
      await lockFor(tx, `notify.${subject}`);
      const r = (await (tx as unknown as Db).execute(
        sql`SELECT value FROM notification_marks WHERE subject = ${subject}`,
      )) as unknown as { rows: { value: string | null }[] };
      const before = r.rows[0]?.value;
      if (!before) {
        // The first date seen: the reference, told to no one.
        await beginEpisodes(tx, [subject], date);
        return 0;
      }
      if (date >= before) return 0;
      await (tx as unknown as Db).execute(
        sql`UPDATE notification_marks SET value = ${date}, since = now() WHERE subject = ${subject}`,
      );
      const net = NETWORK_WORDS[n.network];
      const resource = RESOURCE_WORDS[n.runOut.resource ?? 'cpu']!;
      const system = n.runOut.system ? systemName(index, n.runOut.system) : null;
      const accounts = await activeAccounts(tx);
      return enqueue(
        tx,
        provinceWideOn(accounts, index, ['operator', 'leader'], n.network).map((recipient) => ({
          recipient,
          kind: 'runout.earlier' as const,
          params: {
            network: net.zh,
            networkEn: net.en,
            resource: resource.zh,
            resourceEn: resource.en,
            before,
            after: date,
            system: system?.zh ?? '—',
            systemEn: system?.en ?? '—',
          },
          dedupeKey: `runout:${n.network}:${date}`,
        })),
        available,
      );
    });
  }
  return added;
}
