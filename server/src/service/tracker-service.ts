// The live loop: sources change → observations → tracker → new state, history and events.
// Polled sources (stacks, metrics) keep their last good reading when they fail, marked stale.
import { EventEmitter } from 'node:events';
import { indexPlan, type PlanIndex } from '@yunqian/plan';
import { track, retrack, diffStages, type TrackerConfig } from '../tracker/index.ts';
import { affectedSystems, systemsByNamespace } from '../engine/affected.ts';
import type { DeclaredTenant, EndpointReadings, StageChange, Traffic, TrackerState } from '../model/index.ts';
import type {
  ClusterSource,
  SignoffSource,
  StackSource,
  StackSummary,
  TrafficSource,
} from '../sources/types.ts';
import type { EndpointSource } from '../sources/prometheus/endpoint-source.ts';
import { ENDPOINTS_SOURCE } from '../tracker/context.ts';
import type { PlanSource } from '../sources/plan/plan-source.ts';
import type { TenancyConfig } from '../sources/kubernetes/tenancy.ts';
import { SourceHealth } from '../sources/health.ts';
import { observe } from './observe.ts';
import type { StageLog } from './history-store.ts';
import { SingleFlight } from '../lib/single-flight.ts';
import { stabilize } from '../engine/stable.ts';
import { unsyncedByNetwork } from '../engine/sync-gate.ts';

export interface TrackerServiceOptions {
  plan: PlanSource;
  clusters: ClusterSource;
  stacks: StackSource | null;
  traffic: TrafficSource | null;
  /** Probes, DNS and legacy traffic: the cut-over and retirement evidence (absent: not read). */
  endpoints?: EndpointSource | null | undefined;
  signoffs: SignoffSource;
  history: StageLog;
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
  private endpointData: EndpointReadings | null = null;
  private stackList: StackSummary[] = [];
  private readonly stackHealth: SourceHealth | null;
  private readonly trafficHealth: SourceHealth | null;
  private readonly endpointHealth: SourceHealth | null;
  private timer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Timeout | null = null;
  private readonly flight = new SingleFlight(() => this.recomputeOnce());
  recomputeMs = 0;
  /** Recomputes run (all systems, or only those a change concerns) and versions published. */
  readonly counters = { recomputes: 0, incremental: 0, versions: 0 };
  /** The next run evaluates every system (a poll, a plan change, an explicit recompute). */
  private wantAll = true;
  /** Systems the next run must evaluate again (a sign-off or blocker changed). */
  private wantSystems = new Set<string>();
  /** Source health as of the last run: when it changes, every system on the network is concerned. */
  private healthKey = '';
  /** Each tenant namespace's system as of the last run (a relabelled namespace concerns both). */
  private tenantSystems = new Map<string, string>();

  constructor(private readonly o: TrackerServiceOptions) {
    super();
    this.stackHealth =
      o.stacks && new SourceHealth({ id: `pulumi/${o.stacks.id}`, kind: 'pulumi' }, o.pollMs * 3, o.clock);
    this.trafficHealth =
      o.traffic && new SourceHealth({ id: o.traffic.id, kind: 'prometheus' }, o.pollMs * 3, o.clock);
    this.endpointHealth =
      (o.endpoints ?? null) &&
      new SourceHealth({ id: ENDPOINTS_SOURCE, kind: 'prometheus' }, o.pollMs * 3, o.clock);
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
    return [...this.o.clusters.status(), ...this.polledHealth().map((h) => h.status())];
  }

  private polledHealth(): SourceHealth[] {
    return [this.stackHealth, this.trafficHealth, this.endpointHealth].filter((h) => h !== null);
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
    if (this.o.endpoints && this.endpointHealth) {
      try {
        this.endpointData = await this.o.endpoints.read();
        this.endpointHealth.ok();
      } catch (e) {
        this.endpointHealth.fail(e);
        this.o.log.warn({ err: (e as Error).message }, 'endpoint evidence failed; keeping last reading');
      }
    }
  }

  /**
   * Recomputes from the sources' current readings. Single-flight: at most one runs and one waits;
   * every caller gets the result of a run that started after its call.
   */
  recompute(): Promise<TrackerState | null> {
    this.wantAll = true;
    return this.flight.run();
  }

  /** Recomputes after a change that concerns only these systems (a sign-off, a blocker). */
  recomputeSystems(ids: Iterable<string>): Promise<TrackerState | null> {
    for (const id of ids) this.wantSystems.add(id);
    return this.flight.run();
  }

  private async recomputeOnce(): Promise<TrackerState | null> {
    const plan = this.o.plan.current();
    if (!plan) return null;
    const started = performance.now();
    this.counters.recomputes++;
    // What this run must cover is taken now: triggers that arrive while it runs go to the next.
    const changed = this.o.clusters
      .caches()
      .map((c) => ({ cluster: c.cluster.id, namespaces: c.takeChangedNamespaces() }));
    const wanted = { all: this.wantAll, systems: this.wantSystems };
    this.wantAll = false;
    this.wantSystems = new Set();
    if (!this.index || this.current?.planDigest !== plan.digest) this.index = indexPlan(plan);
    const sources = this.polledHealth().map((h) => h.status());
    const obs = observe(this.o.clusters, this.o.signoffs, this.o.tenancy, {
      declared: this.declared,
      traffic: this.trafficData,
      endpoints: this.endpointData,
      sources,
    });
    const recorded = this.o.history.lastStages();
    obs.unsynced = unsyncedByNetwork(obs.clusters, obs.sources);
    obs.recordedStages = recorded;
    const healthKey = JSON.stringify([obs.sources.map((x) => [x.id, x.state]), obs.unsynced]);
    const healthChanged = healthKey !== this.healthKey;
    this.healthKey = healthKey;
    const prev = this.current;
    const tenantSystems = systemsByNamespace(obs.tenants);
    const ids =
      wanted.all || healthChanged || !prev || changed.some((c) => c.namespaces === 'all')
        ? null
        : affectedSystems(
            this.tenantSystems,
            tenantSystems,
            changed as { cluster: string; namespaces: ReadonlySet<string> }[],
            wanted.systems,
          );
    this.tenantSystems = tenantSystems;
    const computed = ids
      ? retrack(prev!, ids, plan, obs, this.o.clock(), this.o.tracker, this.index)
      : track(plan, obs, this.o.clock(), this.o.tracker, this.index);
    if (ids) this.counters.incremental++;
    const next = stabilize(prev, computed);
    this.recomputeMs = performance.now() - started;
    if (next === prev) return next;
    const changes = diffStages(prev, next, recorded);
    await this.o.history.append(changes);
    this.current = next;
    this.counters.versions++;
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
    this.o.plan.onChange(() => {
      this.wantAll = true;
      this.schedule(0);
    });
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
