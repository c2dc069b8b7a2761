// Watches every configured cluster: one KubeConfig per context (a shared one mixes
// credentials), one reflector per kind, reads served from each cluster's ClusterCache. A cluster
// that is down only marks itself stale; the others carry on.
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { Cluster, SourceStatus } from '../../model/index.ts';
import type { ClusterSource } from '../types.ts';
import { BACKUP_KINDS, ClusterCache, STAGE_KINDS } from './cluster-cache.ts';
import { kindApis } from './kinds.ts';
import { DEFAULT_REFLECTOR, Reflector, type ReflectorOptions } from './reflector.ts';

export interface ClusterConnection extends Cluster {
  kubeconfig: string;
  context?: string | undefined;
}

interface Watched {
  cluster: ClusterConnection;
  kc: KubeConfig;
  cache: ClusterCache;
  reflectors: Reflector[];
  /** Last moment at which every kind was synced and no watch was failing. */
  lastSyncedAt: number | null;
}

export function kubeConfigFor(c: Pick<ClusterConnection, 'kubeconfig' | 'context'>): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(c.kubeconfig);
  if (c.context) kc.setCurrentContext(c.context);
  return kc;
}

export class KubeClusterSource implements ClusterSource {
  private readonly watched: Watched[];
  private readonly listeners: (() => void)[] = [];

  constructor(
    clusters: ClusterConnection[],
    private readonly options: ReflectorOptions = DEFAULT_REFLECTOR,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.watched = clusters.map((cluster) => {
      const cache = new ClusterCache(cluster, clock);
      cache.onChange = (kind) => {
        if (STAGE_KINDS.has(kind) || BACKUP_KINDS.has(kind)) this.changed();
      };
      const kc = kubeConfigFor(cluster);
      const w: Watched = { cluster, kc, cache, reflectors: [], lastSyncedAt: null };
      w.reflectors = kindApis(kc).map((api) => new Reflector(kc, api, cache, () => this.changed(), options));
      return w;
    });
  }

  clusters(): Cluster[] {
    return this.watched.map(({ cluster: { id, network, name, maxMlps } }) => ({
      id,
      network,
      name,
      maxMlps,
    }));
  }

  caches(): ClusterCache[] {
    return this.watched.map((w) => w.cache);
  }

  status(): SourceStatus[] {
    return this.watched.map((w) => {
      // Optional kinds (Velero's) count as synced once tried: their failures are the backup
      // gate's to report (as unreadable), not a reason to hold the cluster's systems.
      const states = w.reflectors.filter((r) => !r.optional).map((r) => r.state);
      const optionalTried = w.reflectors
        .filter((r) => r.optional)
        .every((r) => r.state.synced || r.state.error);
      const error = states.find((s) => s.error)?.error ?? undefined;
      // Every kind listed once is synced once (HasSynced), even if a watch failed since.
      const allSynced = states.every((s) => s.synced) && optionalTried;
      if (allSynced && (!error || w.lastSyncedAt === null)) w.lastSyncedAt = this.clock().getTime();
      const state =
        allSynced && !error
          ? 'synced'
          : w.lastSyncedAt === null
            ? error
              ? 'failed'
              : 'connecting'
            : 'stale';
      return {
        id: `kubernetes/${w.cluster.id}`,
        kind: 'kubernetes' as const,
        cluster: w.cluster.id,
        state,
        lastSyncedAt: w.lastSyncedAt === null ? undefined : new Date(w.lastSyncedAt).toISOString(),
        error,
      };
    });
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Cache events and health changes; listeners coalesce bursts (the tracker schedules one recompute). */
  private changed(): void {
    for (const l of this.listeners) l();
  }

  async labelNamespace(cluster: string, namespace: string, labels: Record<string, string>): Promise<void> {
    const w = this.watched.find((x) => x.cluster.id === cluster);
    if (!w) throw new Error(`unknown cluster ${cluster}`);
    await w.kc
      .makeApiClient(CoreV1Api)
      .patchNamespace(
        { name: namespace, body: { metadata: { labels } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
  }

  async start(): Promise<void> {
    for (const w of this.watched) for (const r of w.reflectors) r.start();
  }

  async stop(): Promise<void> {
    for (const w of this.watched) for (const r of w.reflectors) r.stop();
  }

  /** For tests and operators: per-kind reflector state of one cluster. */
  reflectorStates(clusterId: string) {
    return (
      this.watched.find((w) => w.cluster.id === clusterId)?.reflectors.map((r) => ({ ...r.state })) ?? []
    );
  }
}
