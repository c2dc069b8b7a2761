// The live loop: sources change → observations → tracker → new state, history and events.
// Polled sources (stacks, metrics) keep their last good reading when they fail, marked stale.
import { EventEmitter } from 'node:events';
import { indexPlan, type PlanIndex } from '@yunqian/plan';
import { track, diffStages, type TrackerConfig } from '../tracker/index.ts';
import type { DeclaredTenant, StageChange, Traffic, TrackerState } from '../model/index.ts';
import type {
  ClusterSource,
  SignoffSource,
  StackSource,
  StackSummary,
  TrafficSource,
} from '../sources/types.ts';
import type { PlanSource } from '../sources/plan/plan-source.ts';
import type { TenancyConfig } from '../sources/kubernetes/tenancy.ts';
import { SourceHealth } from '../sources/health.ts';
import { observe } from './observe.ts';
import type { HistoryStore } from './history-store.ts';

export interface TrackerServiceOptions {
  plan: PlanSource;
  clusters: ClusterSource;
  stacks: StackSource | null;
  traffic: TrafficSource | null;
  signoffs: SignoffSource;
  history: HistoryStore;
  tenancy: TenancyConfig;
  tracker: TrackerConfig;
  clock: () => Date;
  pollMs: number;
  log: { warn: (o: object, m: string) => void; info: (o: object, m: string) => void };
  /** A state to diff the first recompute against (e.g. the end of a replayed history). */
  seed?: TrackerState | null;
}

export class TrackerService extends EventEmitter<{ state: [TrackerState, StageChange[]] }> {
  private current: TrackerState | null = null;
  private index: PlanIndex | null = null;
  private declared: DeclaredTenant[] | null = null;
  private trafficData: Traffic[] | null = null;
  private stackList: StackSummary[] = [];
  private readonly stackHealth: SourceHealth | null;
  private readonly trafficHealth: SourceHealth | null;
  private timer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Timeout | null = null;
  recomputeMs = 0;

  constructor(private readonly o: TrackerServiceOptions) {
    super();
    this.stackHealth =
      o.stacks && new SourceHealth({ id: `pulumi/${o.stacks.id}`, kind: 'pulumi' }, o.pollMs * 3);
    this.trafficHealth =
      o.traffic && new SourceHealth({ id: o.traffic.id, kind: 'prometheus' }, o.pollMs * 3);
    this.current = o.seed ?? null;
    if (o.stacks) this.declared = [];
    if (o.traffic) this.trafficData = [];
  }

  state(): TrackerState | null {
    return this.current;
  }

  planIndex(): PlanIndex | null {
    return this.index;
  }

  stacks(): StackSummary[] {
    return this.stackList;
  }

  /** What the stacks declare (last good reading); null when no stack backend is configured. */
  declaredTenants(): DeclaredTenant[] | null {
    return this.declared;
  }

  sourceStatuses() {
    return [
      ...this.o.clusters.status(),
      ...[this.stackHealth, this.trafficHealth].flatMap((h) => (h ? [h.status()] : [])),
    ];
  }

  /** Reads the polled sources; a failure keeps the last good reading. */
  async poll(): Promise<void> {
    if (this.o.stacks && this.stackHealth) {
      try {
        const r = await this.o.stacks.read();
        this.declared = r.declared;
        this.stackList = r.stacks;
        this.stackHealth.ok();
      } catch (e) {
        this.stackHealth.fail(e);
        this.o.log.warn({ err: (e as Error).message }, 'stack source failed; keeping last reading');
      }
    }
    if (this.o.traffic && this.trafficHealth) {
      try {
        this.trafficData = await this.o.traffic.traffic();
        this.trafficHealth.ok();
      } catch (e) {
        this.trafficHealth.fail(e);
        this.o.log.warn({ err: (e as Error).message }, 'metrics source failed; keeping last reading');
      }
    }
  }

  async recompute(): Promise<TrackerState | null> {
    const plan = this.o.plan.current();
    if (!plan) return null;
    const started = performance.now();
    if (!this.index || this.current?.planDigest !== plan.digest) this.index = indexPlan(plan);
    const obs = observe(this.o.clusters, this.o.signoffs, this.o.tenancy, {
      declared: this.declared,
      traffic: this.trafficData,
      sources: [this.stackHealth, this.trafficHealth].flatMap((h) => (h ? [h.status()] : [])),
    });
    const next = track(plan, obs, this.o.clock(), this.o.tracker, this.index);
    const changes = diffStages(this.current, next);
    this.recomputeMs = performance.now() - started;
    await this.o.history.append(changes);
    this.current = next;
    this.emit('state', next, changes);
    return next;
  }

  /** Coalesces bursts of cluster events into one recompute. */
  schedule(delayMs = 200): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.recompute().catch((err: Error) => this.o.log.warn({ err: err.message }, 'recompute failed'));
    }, delayMs);
  }

  async start(beforePoll: () => Promise<unknown> = async () => undefined): Promise<void> {
    this.o.plan.onChange(() => this.schedule(0));
    this.o.clusters.onChange(() => this.schedule());
    const refresh = async () => {
      await beforePoll();
      await this.poll();
      await this.recompute();
    };
    await refresh();
    this.timer = setInterval(() => {
      refresh().catch((err: Error) => this.o.log.warn({ err: err.message }, 'tracker refresh failed'));
    }, this.o.pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
  }
}
