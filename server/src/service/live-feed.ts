// What the console hears without asking: stage changes, source health, request and workflow
// changes. One feed per process; each subscriber sees only what its scope allows (api/routers/live.ts).
// Several replicas behind a load balancer would each publish only their own changes: a request
// decided on replica A reaches subscribers of replica B at B's next recompute, not at once.
import { EventEmitter } from 'node:events';
import type { SourceStatus, StageChange, TrackerState } from '../model/index.ts';
import type { TrackerService } from './tracker-service.ts';

export type LiveEvent =
  | {
      kind: 'stages';
      computedAt: string;
      changes: (Pick<StageChange, 'system' | 'from' | 'to' | 'at'> & { department: string })[];
    }
  | { kind: 'sources'; sources: SourceStatus[] }
  | { kind: 'requests'; department: string; id: number; status: string }
  | { kind: 'workflows'; department: string; system: string };

export class LiveFeed extends EventEmitter<{ event: [LiveEvent] }> {
  private sourceDigest = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly tracker: TrackerService,
    checkSourcesMs = 2000,
  ) {
    super();
    // Every open console subscribes; none should trip Node's leak warning.
    this.setMaxListeners(0);
    tracker.on('state', this.onState);
    this.timer = setInterval(() => this.checkSources(), checkSourcesMs);
    this.timer.unref();
  }

  publish(e: LiveEvent): void {
    this.emit('event', e);
  }

  private readonly onState = (state: TrackerState, changes: StageChange[]) => {
    if (changes.length) {
      const department = new Map(state.systems.map((s) => [s.id, s.department]));
      this.publish({
        kind: 'stages',
        computedAt: state.computedAt,
        changes: changes.map((c) => ({
          system: c.system,
          from: c.from,
          to: c.to,
          at: c.at,
          department: department.get(c.system) ?? '',
        })),
      });
    }
    this.checkSources();
  };

  /** Publishes source health when a source changes state (live, stale, failed), not on every sync. */
  private checkSources() {
    const sources = this.tracker.sourceStatuses();
    const digest = sources.map((s) => `${s.id}=${s.state}`).join(',');
    if (digest === this.sourceDigest) return;
    this.sourceDigest = digest;
    this.publish({ kind: 'sources', sources });
  }

  close(): void {
    clearInterval(this.timer);
    this.tracker.off('state', this.onState);
    this.removeAllListeners();
  }
}
