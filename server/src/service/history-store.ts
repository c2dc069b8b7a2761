// Stage history. In memory for now; the database-backed store implements the same interface.
import type { StageChange } from '../model/index.ts';

export interface HistoryStore {
  append(changes: readonly StageChange[]): Promise<void>;
  all(): readonly StageChange[];
  forSystem(id: string): StageChange[];
}

export class MemoryHistory implements HistoryStore {
  private readonly changes: StageChange[] = [];
  private readonly bySystem = new Map<string, StageChange[]>();

  async append(changes: readonly StageChange[]) {
    for (const c of changes) {
      this.changes.push(c);
      (this.bySystem.get(c.system) ?? this.bySystem.set(c.system, []).get(c.system)!).push(c);
    }
  }

  all() {
    return this.changes;
  }

  forSystem(id: string) {
    return this.bySystem.get(id) ?? [];
  }
}
