// Stage history in the database, served from memory. Only the engine writes it (one elected engine
// among replicas); a change is written only if the system's latest recorded stage differs, under a
// lock, so each transition is recorded once even across a failover. API replicas read what the
// engine wrote (`refresh`).
import { asc, gt, inArray, sql } from 'drizzle-orm';
import type { StageChange } from '../model/index.ts';
import { lastStagesOf, type HistoryStore } from '../service/history-store.ts';
import { pushTo } from '../lib/group-by.ts';
import { stageHistory } from './schema.ts';
import { lockFor, type Db, type Store } from './db.ts';
import { SingleFlight } from '../lib/single-flight.ts';

const BATCH = 1000;

export class DbHistory implements HistoryStore {
  private readonly changes: StageChange[] = [];
  private readonly bySystem = new Map<string, StageChange[]>();
  /** The last row held in memory (rows are written by one engine at a time, under a lock). */
  private lastId = 0;

  private constructor(private readonly store: Store) {}

  static async load(store: Store): Promise<DbHistory> {
    const h = new DbHistory(store);
    await h.refresh();
    return h;
  }

  /** One reader at a time: two reading after the same row would both add what follows it. */
  private readonly reading = new SingleFlight(() => this.readNew());

  /** Reads the rows written since the last read (by the engine, in this process or another). */
  refresh(): Promise<void> {
    return this.reading.run();
  }

  private async readNew(): Promise<void> {
    const rows = await (this.store.db as Db)
      .select()
      .from(stageHistory)
      .where(gt(stageHistory.id, this.lastId))
      .orderBy(asc(stageHistory.id));
    this.remember(
      rows.map((r) => ({
        system: r.system,
        from: r.fromStage as StageChange['from'],
        to: r.toStage as StageChange['to'],
        at: r.at.toISOString(),
        evidence: (r.evidence ?? null) as StageChange['evidence'],
      })),
    );
    if (rows.length) this.lastId = rows.at(-1)!.id;
  }

  private remember(changes: readonly StageChange[]) {
    for (const c of changes) {
      this.changes.push(c);
      pushTo(this.bySystem, c.system, c);
    }
  }

  async append(changes: readonly StageChange[]): Promise<void> {
    if (!changes.length) return;
    await this.store.db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      await lockFor(tx, 'yunqian-history');
      for (let i = 0; i < changes.length; i += BATCH) {
        const batch = changes.slice(i, i + BATCH);
        const systems = [...new Set(batch.map((c) => c.system))];
        const latest = await t
          .selectDistinctOn([stageHistory.system], { system: stageHistory.system, to: stageHistory.toStage })
          .from(stageHistory)
          .where(inArray(stageHistory.system, systems))
          .orderBy(stageHistory.system, sql`${stageHistory.id} DESC`);
        const last = new Map(latest.map((r) => [r.system, r.to]));
        const fresh: StageChange[] = [];
        for (const c of batch) {
          if (last.get(c.system) === c.to) continue;
          last.set(c.system, c.to);
          fresh.push(c);
        }
        if (fresh.length)
          await t.insert(stageHistory).values(
            fresh.map((c) => ({
              system: c.system,
              fromStage: c.from,
              toStage: c.to,
              at: new Date(c.at),
              evidence: c.evidence,
            })),
          );
      }
    });
    // What was written (and anything written meanwhile), in id order.
    await this.refresh();
  }

  all() {
    return this.changes;
  }

  forSystem(id: string) {
    return this.bySystem.get(id) ?? [];
  }

  lastStages() {
    return lastStagesOf(this.bySystem);
  }
}
