// What the console hears without asking: stage changes, source health, request and workflow
// changes. One feed per process; each subscriber sees only what its scope allows (api/routers/live.ts).
// Several replicas behind a load balancer would each publish only their own changes: a request
// decided on replica A reaches subscribers of replica B at B's next recompute, not at once.
import { EventEmitter } from 'node:events';
import type { SourceStatus, StageChange, TrackerState } from '../model/index.ts';

/** Where new states and source health come from (the tracker, or the engine's mirror). */
export interface StateFeed {
  on(event: 'state', fn: (state: TrackerState, changes: StageChange[]) => void): unknown;
  off(event: 'state', fn: (state: TrackerState, changes: StageChange[]) => void): unknown;
  sourceStatuses(): SourceStatus[];
}

export type LiveEvent =
  | {
      kind: 'stages';
      computedAt: string;
      changes: (Pick<StageChange, 'system' | 'from' | 'to' | 'at'> & { department: string })[];
    }
  | { kind: 'sources'; sources: SourceStatus[] }
  | { kind: 'requests'; department: string; id: number; status: string }
  | { kind: 'workflows'; department: string; system: string };

/** A session that ended (signed out), or every session of a user (signed out everywhere). */
export type SessionEnd = { user: string; session: string | null; everywhere: boolean };

/** Open live streams one user may hold (tabs and devices); more are refused. */
export const MAX_STREAMS_PER_USER = 8;

export class LiveFeed extends EventEmitter<{
  event: [LiveEvent];
  /** An event this process decided (a request, a sign-off): other replicas must hear of it too. */
  published: [LiveEvent];
  ended: [SessionEnd];
}> {
  private sourceDigest = '';
  private readonly streams = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly tracker: StateFeed,
    checkSourcesMs = 2000,
  ) {
    super();
    // Every open console subscribes; none should trip Node's leak warning.
    this.setMaxListeners(0);
    tracker.on('state', this.onState);
    this.timer = setInterval(() => this.checkSources(), checkSourcesMs);
    this.timer.unref();
  }

  /** An event decided in this process. */
  publish(e: LiveEvent): void {
    this.emit('event', e);
    this.emit('published', e);
  }

  /** An event for this process's subscribers only (derived here, or relayed from another replica). */
  deliver(e: LiveEvent): void {
    this.emit('event', e);
  }

  /** Counts a stream against its user's limit; false when the user already holds the most allowed. */
  openStream(user: string): boolean {
    const n = this.streams.get(user) ?? 0;
    if (n >= MAX_STREAMS_PER_USER) return false;
    this.streams.set(user, n + 1);
    return true;
  }

  closeStream(user: string): void {
    const n = (this.streams.get(user) ?? 1) - 1;
    if (n > 0) this.streams.set(user, n);
    else this.streams.delete(user);
  }

  /** Ends the streams of a session that ended (or of all the user's sessions). */
  sessionEnded(e: SessionEnd): void {
    this.emit('ended', e);
  }

  private readonly onState = (state: TrackerState, changes: StageChange[]) => {
    if (changes.length) {
      const department = new Map(state.systems.map((s) => [s.id, s.department]));
      this.deliver({
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
    this.deliver({ kind: 'sources', sources });
  }

  close(): void {
    clearInterval(this.timer);
    this.tracker.off('state', this.onState);
    this.removeAllListeners();
  }
}
