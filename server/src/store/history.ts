// Stage history in the database, served from memory. Several replicas recompute the same
// changes: a change is written only if the system's latest recorded stage differs, under a lock,
// so each transition is recorded once whoever sees it first.
import { asc, inArray, sql } from 'drizzle-orm';
import type { StageChange } from '../model/index.ts';
import { lastStagesOf, type HistoryStore } from '../service/history-store.ts';
import { pushTo } from '../lib/group-by.ts';
import { stageHistory } from './schema.ts';
import { lockFor, type Db, type Store } from './db.ts';

const BATCH = 1000;

export class DbHistory implements HistoryStore {
  private readonly changes: StageChange[] = [];
  private readonly bySystem = new Map<string, StageChange[]>();

  private constructor(private readonly store: Store) {}

  static async load(store: Store): Promise<DbHistory> {
    const h = new DbHistory(store);
    const rows = await (store.db as Db).select().from(stageHistory).orderBy(asc(stageHistory.id));
    h.remember(
      rows.map((r) => ({
        system: r.system,
        from: r.fromStage as StageChange['from'],
        to: r.toStage as StageChange['to'],
        at: r.at.toISOString(),
        evidence: (r.evidence ?? null) as StageChange['evidence'],
      })),
    );
    return h;
  }

  private remember(changes: readonly StageChange[]) {
    for (const c of changes) {
      this.changes.push(c);
      pushTo(this.bySystem, c.system, c);
    }
  }

  async append(changes: readonly StageChange[]): Promise<void> {
    if (!changes.length) return;
    const accepted: StageChange[] = [];
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
        accepted.push(...fresh);
      }
    });
    this.remember(accepted);
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
