// The sandbox's clusters: every tick, the objects the sandbox province has at that moment are
// diffed against what was emitted before and applied as ADDED/MODIFIED/DELETED events.
import type { Plan } from '@yunqian/plan';
import { ClusterCache, type Kind } from '../kubernetes/cluster-cache.ts';
import type { ClusterSource } from '../types.ts';
import type { SourceStatus } from '../../model/index.ts';
import { sandboxObjects } from './kubernetes.ts';
import { SANDBOX_CLUSTERS } from './clusters.ts';
import { PodChurn, type ChurnLog, type PodChurnOptions } from './churn.ts';

export class SandboxClusterSource implements ClusterSource {
  private readonly cacheById = new Map(SANDBOX_CLUSTERS.map((c) => [c.id, new ClusterCache(c, this.clock)]));
  private readonly emitted = new Map<string, Map<string, string>>();
  private readonly listeners: (() => void)[] = [];
  private lastSync: string | undefined;
  /** Labels operators set on sandbox namespaces, kept across ticks like a real API server keeps them. */
  private readonly labelOverlay = new Map<string, Record<string, string>>();
  /**
   * Extra pods and a stream of pod events (benchmarks), applied to the same caches but never
   * part of `emitted`: ticks neither rewrite nor delete them. Like a real cluster source, pod
   * events notify no listener: they change no stage (STAGE_KINDS) and counts are read on demand.
   */
  private readonly churn: PodChurn | null;

  constructor(
    private readonly plan: () => Plan | null,
    private readonly clock: () => Date,
    private readonly labelPrefix: string,
    extra: { podChurn?: PodChurnOptions | undefined; log?: ChurnLog | undefined } = {},
  ) {
    this.churn = extra.podChurn?.pods ? new PodChurn(this.caches(), extra.podChurn, extra.log) : null;
  }

  clusters() {
    return SANDBOX_CLUSTERS;
  }

  caches() {
    return [...this.cacheById.values()];
  }

  status(): SourceStatus[] {
    return SANDBOX_CLUSTERS.map((c) => ({
      id: `kubernetes/${c.id}`,
      kind: 'kubernetes',
      cluster: c.id,
      state: this.lastSync ? 'synced' : 'connecting',
      lastSyncedAt: this.lastSync,
    }));
  }

  onChange(listener: () => void) {
    this.listeners.push(listener);
  }

  /** Brings the caches to the province's state at the clock's time; returns whether anything changed. */
  tick(): boolean {
    const plan = this.plan();
    if (!plan) return false;
    let changed = false;
    for (const [clusterId, objects] of sandboxObjects(plan, this.clock().getTime(), this.labelPrefix)) {
      const cache = this.cacheById.get(clusterId)!;
      const before = this.emitted.get(clusterId) ?? new Map<string, string>();
      const after = new Map<string, string>();
      for (const { kind, obj } of objects) {
        const overlay =
          kind === 'Namespace' ? this.labelOverlay.get(`${clusterId}/${obj.metadata?.name}`) : undefined;
        if (overlay) obj.metadata = { ...obj.metadata, labels: { ...obj.metadata?.labels, ...overlay } };
        const key = `${kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`;
        const json = JSON.stringify(obj);
        after.set(key, json);
        const prev = before.get(key);
        if (prev === json) continue;
        cache.apply(kind, prev ? 'MODIFIED' : 'ADDED', obj as never);
        changed = true;
      }
      for (const [key, json] of before) {
        if (after.has(key)) continue;
        cache.apply(key.split('/')[0] as Kind, 'DELETED', JSON.parse(json));
        changed = true;
      }
      this.emitted.set(clusterId, after);
    }
    this.lastSync = this.clock().toISOString();
    if (changed) for (const l of this.listeners) l();
    return changed;
  }

  async labelNamespace(cluster: string, namespace: string, labels: Record<string, string>): Promise<void> {
    if (!this.cacheById.has(cluster)) throw new Error(`unknown cluster ${cluster}`);
    const key = `${cluster}/${namespace}`;
    this.labelOverlay.set(key, { ...this.labelOverlay.get(key), ...labels });
    this.tick();
  }

  /** The pod churn, when one was asked for. */
  podChurn(): PodChurn | null {
    return this.churn;
  }

  async start() {
    this.tick();
    // Seeded once the first tick has made the Deployments that own its pods.
    this.churn?.start();
  }

  async stop() {
    this.churn?.stop();
  }
}
