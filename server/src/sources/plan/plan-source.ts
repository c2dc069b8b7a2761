// The plan folder, watched. A change that breaks validation keeps the last good plan in force
// and publishes the problems (file, line, column) for the operators.
import { watch, type FSWatcher } from 'node:fs';
import { hasErrors, type Plan, type Problem } from '@yunqian/plan';
import { inThread, type PlanParser } from './plan-parser.ts';

export interface PlanStatus {
  dir: string;
  /** When the plan in force was loaded. */
  loadedAt: string | null;
  /** When the folder was last read (successfully or not). */
  checkedAt: string | null;
  /** True when the folder currently has errors and an older plan is in force. */
  keptLastGood: boolean;
  problems: Problem[];
}

/**
 * `next` with every system and organisation that did not change taken from `prev`: an edit to one
 * file leaves the rest of the plan the same objects, so what is derived from them (and what is
 * sent across to the API's thread) follows only the edit.
 */
export function keepUnchanged(prev: Plan, next: Plan): Plan {
  const keep = <T extends { id: string }>(before: readonly T[], after: T[]): T[] => {
    const old = new Map(before.map((x) => [x.id, x]));
    return after.map((x) => {
      const o = old.get(x.id);
      return o && JSON.stringify(o) === JSON.stringify(x) ? o : x;
    });
  };
  return {
    ...next,
    systems: keep(prev.systems, next.systems),
    organisations: keep(prev.organisations, next.organisations),
  };
}

export class PlanSource {
  private plan: Plan | null = null;
  private state: PlanStatus;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: (() => void)[] = [];
  private loading: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly today: () => string,
    private readonly log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void } = {
      info() {},
      warn() {},
    },
    private readonly clock: () => Date = () => new Date(),
    private readonly parser: PlanParser = inThread,
  ) {
    this.state = { dir, loadedAt: null, checkedAt: null, keptLastGood: false, problems: [] };
  }

  current(): Plan | null {
    return this.plan;
  }

  status(): PlanStatus {
    return this.state;
  }

  onChange(l: () => void) {
    this.listeners.push(l);
  }

  /** Reads the folder now; loads are serialised so a burst of edits cannot interleave. */
  load(): Promise<void> {
    this.loading = this.loading.then(() => this.loadOnce());
    return this.loading;
  }

  private async loadOnce(): Promise<void> {
    const now = this.clock().toISOString();
    let problems: Problem[];
    let plan: Plan | null;
    try {
      ({ plan, problems } = await this.parser.load(this.dir, this.today()));
    } catch (e) {
      plan = null;
      problems = [
        {
          file: '.',
          line: 1,
          column: 1,
          severity: 'error',
          code: 'unreadable',
          message: (e as Error).message,
        },
      ];
    }
    const errors = hasErrors(problems);
    if (plan && plan.digest === this.plan?.digest) {
      this.state = { ...this.state, checkedAt: now, keptLastGood: false, problems };
      return;
    }
    if (plan) {
      this.plan = this.plan ? keepUnchanged(this.plan, plan) : plan;
      this.state = { dir: this.dir, loadedAt: now, checkedAt: now, keptLastGood: false, problems };
      this.log.info({ systems: plan.systems.length, warnings: problems.length }, 'plan loaded');
    } else {
      this.state = { ...this.state, checkedAt: now, keptLastGood: this.plan !== null && errors, problems };
      this.log.warn(
        {
          errors: problems.filter((p) => p.severity === 'error').length,
          first: problems.find((p) => p.severity === 'error'),
        },
        this.plan ? 'plan has errors; keeping the last good plan' : 'plan has errors; no plan in force',
      );
    }
    for (const l of this.listeners) l();
  }

  watch(debounceMs = 250): void {
    if (this.watcher) return;
    this.watcher = watch(this.dir, { recursive: true }, () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.load(), debounceMs);
    });
  }

  close(): void {
    this.parser.close();
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
  }
}
