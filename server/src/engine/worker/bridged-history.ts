// The engine's view of stage history when the database lives on the API's side: transitions are
// sent there to be recorded (under its lock, once each), and the engine keeps only what it needs
// to diff against: each system's last recorded stage.
import type { Stage, StageChange } from '../../model/index.ts';
import type { StageLog } from '../../service/history-store.ts';

export class BridgedHistory implements StageLog {
  constructor(
    private readonly last: Map<string, Stage>,
    /** Records the changes; answers each concerned system's last recorded stage afterwards. */
    private readonly record: (changes: readonly StageChange[]) => Promise<[string, Stage][]>,
  ) {}

  async append(changes: readonly StageChange[]): Promise<void> {
    if (!changes.length) return;
    for (const [system, stage] of await this.record(changes)) this.last.set(system, stage);
  }

  lastStages(): ReadonlyMap<string, Stage> {
    return this.last;
  }
}
