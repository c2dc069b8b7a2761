// What the console hears without asking: stage changes, source health, request and workflow
// changes. One feed per process; each subscriber sees only what its scope allows (api/routers/live.ts).
// Every event goes through a durable log (event-log.ts) and carries its id, so a stream resumes
// where it stopped, on any replica. Stage and health events are logged by the process that runs
// the engine; requests and sign-offs by the process that decided them.
import { EventEmitter } from 'node:events';
import type { SourceStatus, StageChange, TrackerState } from '../model/index.ts';
import type { Network } from '../model/network.ts';
import type { EventLog, LoggedEvent } from './event-log.ts';
import type { SystemRow } from '../read-model/catalog.ts';
import type { RequestView } from '../api/request-view.ts';

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
      changes: (Pick<StageChange, 'system' | 'from' | 'to' | 'at'> & {
        department: string;
        network: Network | null;
      })[];
      /** The changed systems' list rows, for consoles to patch their lists with; null when too many. */
      systems: SystemRow[] | null;
    }
  | { kind: 'sources'; sources: SourceStatus[] }
  | {
      kind: 'requests';
      department: string;
      network: Network;
      id: number;
      status: string;
      request: RequestView;
    }
  | { kind: 'workflows'; department: string; network: Network | null; system: string; systems: SystemRow[] };

/** More changed systems than this in one version (a plan reload, a replay) are sent without rows. */
export const MAX_ROWS_PER_EVENT = 200;

export interface LiveFeedOptions {
  /** True where stage and health events are derived (the process that runs the engine). */
  derives?: () => boolean;
  /** The list rows of these systems in the version just emitted (unscoped). */
  rows?: (ids: readonly string[]) => SystemRow[];
  onError?: (err: Error) => void;
  checkSourcesMs?: number;
}

/** A session that ended (signed out), or every session of a user (signed out everywhere). */
export type SessionEnd = { user: string; session: string | null; everywhere: boolean };

/** Open live streams one user may hold (tabs and devices); more are refused. */
export const MAX_STREAMS_PER_USER = 8;

export class LiveFeed extends EventEmitter<{ event: [LoggedEvent]; ended: [SessionEnd] }> {
  private sourceDigest = '';
  private readonly streams = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  private readonly derives: () => boolean;
  private readonly rows: (ids: readonly string[]) => SystemRow[];
  private readonly onError: (err: Error) => void;

  constructor(
    private readonly tracker: StateFeed,
    private readonly log: EventLog,
    o: LiveFeedOptions = {},
  ) {
    super();
    this.derives = o.derives ?? (() => true);
    this.rows = o.rows ?? (() => []);
    this.onError = o.onError ?? (() => undefined);
    const checkSourcesMs = o.checkSourcesMs ?? 2000;
    // Every open console subscribes; none should trip Node's leak warning.
    this.setMaxListeners(0);
    tracker.on('state', this.onState);
    log.on('logged', this.onLogged);
    this.timer = setInterval(() => this.checkSources(), checkSourcesMs);
    this.timer.unref();
  }

  /** An event decided in this process: logged, then heard by every replica's subscribers. */
  publish(e: LiveEvent): void {
    this.log.append(e).catch(this.onError);
  }

  /** Events after `id` (a stream resuming); null when they are no longer all kept. */
  since(id: number): Promise<LoggedEvent[] | null> {
    return this.log.since(id);
  }

  /** The id of the newest event this process has heard. */
  lastId(): number {
    return this.log.lastId();
  }

  private readonly onLogged = (e: LoggedEvent) => this.emit('event', e);

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
    if (!this.derives()) return;
    if (changes.length) {
      const owner = new Map(state.systems.map((s) => [s.id, s]));
      this.publish({
        kind: 'stages',
        computedAt: state.computedAt,
        changes: changes.map((c) => ({
          system: c.system,
          from: c.from,
          to: c.to,
          at: c.at,
          department: owner.get(c.system)?.department ?? '',
          network: owner.get(c.system)?.network ?? null,
        })),
        systems: changes.length <= MAX_ROWS_PER_EVENT ? this.rows(changes.map((c) => c.system)) : null,
      });
    }
    this.checkSources();
  };

  /** Publishes source health when a source changes state (live, stale, failed), not on every sync. */
  private checkSources() {
    if (!this.derives()) return;
    const sources = this.tracker.sourceStatuses();
    const digest = sources.map((s) => `${s.id}=${s.state}`).join(',');
    if (digest === this.sourceDigest) return;
    this.sourceDigest = digest;
    this.publish({ kind: 'sources', sources });
  }

  close(): void {
    clearInterval(this.timer);
    this.tracker.off('state', this.onState);
    this.log.off('logged', this.onLogged);
    this.removeAllListeners();
  }
}
