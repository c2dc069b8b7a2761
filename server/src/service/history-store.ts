// Stage history. In memory for now; the database-backed store implements the same interface.
import type { StageChange } from '../model/index.ts';
import { pushTo } from '../lib/group-by.ts';

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
      pushTo(this.bySystem, c.system, c);
    }
  }

  all() {
    return this.changes;
  }

  forSystem(id: string) {
    return this.bySystem.get(id) ?? [];
  }
}
