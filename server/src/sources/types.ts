// The narrow interfaces between the sources and the rest of Yunqian. Each has a real
// implementation and a sandbox one; the tracker service only ever sees these.
import type {
  Cluster,
  DeclaredTenant,
  Signoff,
  ManualBlocker,
  RetainException,
  ReadinessRows,
  SourceStatus,
  Traffic,
} from '../model/index.ts';
import type { ClusterCache } from './kubernetes/cluster-cache.ts';

export interface ClusterSource {
  clusters(): Cluster[];
  caches(): ClusterCache[];
  status(): SourceStatus[];
  /** Called whenever any cache changed, so stages follow the clusters within seconds. */
  onChange(listener: () => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sets labels on a namespace (operators assigning an unassigned namespace to a department). */
  labelNamespace(cluster: string, namespace: string, labels: Record<string, string>): Promise<void>;
}

export interface StackUpdate {
  kind: string;
  result: 'succeeded' | 'failed' | 'in-progress' | string;
  startTime: string;
  endTime: string | null;
  message: string;
  resourceChanges: Record<string, number>;
}

export interface StackSummary {
  backend: string;
  project: string;
  stack: string;
  resourceCount: number;
  updatedAt: string;
  inProgress: boolean;
  /** The last update's result, or null when the backend keeps no history. */
  lastResult: string | null;
  /** Recent updates, newest first. */
  history: StackUpdate[];
  /** A preview-only stack (the operator's `spec.preview`): it applies nothing, so declares no tenant. */
  previewOnly?: boolean | undefined;
  /** Why the stack cannot be read now (its last good reading, if any, is what is shown). */
  error?: string | undefined;
}

export interface StackSource {
  readonly id: string;
  read(): Promise<{ declared: DeclaredTenant[]; stacks: StackSummary[] }>;
}

export interface TrafficSource {
  readonly id: string;
  traffic(): Promise<Traffic[]>;
}

export interface SignoffSource {
  signoffs(): Signoff[];
  blockers(): ManualBlocker[];
  /** Approved exceptions (不上云例外), when the source holds people's decisions. */
  exceptions?(): RetainException[];
  /** Readiness answers and archetypes (上云评估), when the source holds people's answers. */
  readiness?(): ReadinessRows;
}
