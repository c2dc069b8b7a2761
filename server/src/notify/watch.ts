// The producers that read the engine's versions (drift, quotas, run-out dates, MLPS assessments),
// run from where the API applies each version (EngineMirror), in the replica that runs the engine:
// the others hold the same versions, and the marks and dedupe keys would keep them to one
// notification anyway. At most one look every `intervalMs`, coalescing the versions in between;
// each producer judges only data read from synced sources (a stale capacity report, a cluster not
// answering: nothing is concluded from them).
import type { EventEmitter } from 'node:events';
import type { CapacityReport } from '../model/index.ts';
import type { EngineVersion } from '../read-model/read-model.ts';
import type { Store } from '../store/db.ts';
import { SingleFlight } from '../lib/single-flight.ts';
import type { ChannelName } from './events.ts';
import { notifyDrift } from './drift-found.ts';
import { notifyQuotaHigh } from './quota-high.ts';
import { notifyRunOutEarlier } from './run-out-earlier.ts';
import { notifyMlpsDue } from './mlps-due.ts';

/** What the watch reads of the mirror. */
export interface VersionSource extends Pick<EventEmitter, 'on' | 'off'> {
  current(): EngineVersion;
  lastCapacityReport(): CapacityReport | null;
}

export interface WatchOptions {
  store: Store;
  mirror: VersionSource;
  /** Whether this replica runs the engine (only it looks). */
  leading: () => boolean;
  available: readonly ChannelName[];
  clock: () => Date;
  /** Days ahead an MLPS assessment falling due is told. */
  mlpsDueDays: number;
  intervalMs?: number;
  log?: { warn: (o: object, m: string) => void };
}

export interface LookResult {
  drift: number;
  quota: number;
  runOut: number;
  mlps: number;
}

export class NotificationWatch {
  private lastVersion: EngineVersion | null = null;
  private lastReport: CapacityReport | null = null;
  private lastMlps = '';
  private lastLook = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;
  private stopped = true;
  private readonly flight = new SingleFlight(() => this.lookNow());
  private readonly poke = () => this.schedule();

  constructor(private readonly o: WatchOptions) {}

  start(): this {
    this.stopped = false;
    this.o.mirror.on('delta', this.poke);
    this.o.mirror.on('status', this.poke);
    this.schedule();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.o.mirror.off('delta', this.poke);
    this.o.mirror.off('status', this.poke);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    const wait = Math.max(0, this.lastLook + (this.o.intervalMs ?? 10_000) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastLook = Date.now();
      const p = (this.inFlight = this.flight
        .run()
        .catch((e: Error) => this.o.log?.warn({ err: e.message }, 'notifications not produced'))
        .finally(() => {
          if (this.inFlight === p) this.inFlight = null;
        }));
    }, wait);
    this.timer.unref();
  }

  /** Looks at the current version now (what changed since the last look); for the timer and tests. */
  look(): Promise<LookResult> {
    return this.flight.run();
  }

  private async lookNow(): Promise<LookResult> {
    const result: LookResult = { drift: 0, quota: 0, runOut: 0, mlps: 0 };
    if (!this.o.leading()) return result;
    const v = this.o.mirror.current();
    if (!v.index || !v.plan) return result;
    const { store, available } = this.o;
    const index = v.index;
    const attempt = async (what: keyof LookResult, run: () => Promise<number>) => {
      try {
        result[what] = await run();
        return true;
      } catch (e) {
        this.o.log?.warn({ err: (e as Error).message, producer: what }, 'notifications not produced');
        return false;
      }
    };
    if (v !== this.lastVersion) {
      const clusters = v.clusters();
      const ok = await Promise.all([
        attempt('drift', () =>
          notifyDrift(store.db, { index, declared: v.declared, clusters, sources: v.sources() }, available),
        ),
        attempt('quota', () => notifyQuotaHigh(store.db, { index, clusters }, available)),
      ]);
      if (ok.every(Boolean)) this.lastVersion = v;
    }
    const report = this.o.mirror.lastCapacityReport();
    if (report && report !== this.lastReport) {
      if (await attempt('runOut', () => notifyRunOutEarlier(store.db, report, index, available)))
        this.lastReport = report;
    }
    const today = this.o.clock().toISOString().slice(0, 10);
    const mlpsKey = `${v.plan.digest}:${today}`;
    if (mlpsKey !== this.lastMlps) {
      const stages = new Map((v.state?.systems ?? []).map((s) => [s.id, s.stage]));
      if (
        await attempt('mlps', () =>
          notifyMlpsDue(store.db, { plan: v.plan!, index, stages }, today, this.o.mlpsDueDays, available),
        )
      )
        this.lastMlps = mlpsKey;
    }
    return result;
  }
}
