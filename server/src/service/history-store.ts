// Stage history. In memory for now; the database-backed store implements the same interface.
import type { Stage, StageChange } from '../model/index.ts';
import { pushTo } from '../lib/group-by.ts';

/** What the tracker needs of history: record transitions, and know each system's last one. */
export interface StageLog {
  append(changes: readonly StageChange[]): Promise<void>;
  /** Each system's last recorded stage: where a restarted engine starts from. */
  lastStages(): ReadonlyMap<string, Stage>;
}

export interface HistoryStore extends StageLog {
  all(): readonly StageChange[];
  forSystem(id: string): StageChange[];
}

/** The last recorded stage per system, from changes grouped by system in order. */
export function lastStagesOf(bySystem: ReadonlyMap<string, readonly StageChange[]>): Map<string, Stage> {
  const m = new Map<string, Stage>();
  for (const [id, changes] of bySystem) m.set(id, changes.at(-1)!.to);
  return m;
}

export class MemoryHistory implements HistoryStore {
  private readonly changes: StageChange[] = [];
  private readonly bySystem = new Map<string, StageChange[]>();

  async append(changes: readonly StageChange[]) {
    for (const c of changes) {
      this.changes.push(c);
      pushTo(this.bySystem, c.system, c);
    }
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
