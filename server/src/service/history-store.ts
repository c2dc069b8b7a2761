// Stage history. In memory for now; the database-backed store implements the same interface.
import type { Stage, StageChange } from '../model/index.ts';
import { pushTo } from '../lib/group-by.ts';

export interface HistoryStore {
  append(changes: readonly StageChange[]): Promise<void>;
  all(): readonly StageChange[];
  forSystem(id: string): StageChange[];
  /** Each system's last recorded stage: where a restarted engine starts from. */
  lastStages(): ReadonlyMap<string, Stage>;
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
