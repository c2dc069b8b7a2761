// Everything the tracker learns from the sources, in one plain, serialisable shape. Sources
// produce it; the tracker reads it; nothing else flows between them.
import type { Network, LocalizedName } from './network.ts';
import type { SourceKind } from './evidence.ts';
import type { Stage } from './stage.ts';
import type { Archetype, SystemAnswers } from '@yunqian/plan';
import type { TenantBackups } from './backup.ts';
import type { EndpointReadings } from './proof.ts';

export interface Cluster {
  id: string;
  network: Network;
  name: LocalizedName;
  /** Highest MLPS (等保) level the cluster is rated for. */
  maxMlps: number;
}

export type SourceState = 'connecting' | 'synced' | 'stale' | 'failed';

export interface SourceStatus {
  id: string;
  kind: Exclude<SourceKind, 'plan' | 'signoff' | 'exception'>;
  state: SourceState;
  /** ISO time of the last successful sync; absent if never synced. */
  lastSyncedAt?: string | undefined;
  error?: string | undefined;
  cluster?: string | undefined;
}

export interface ResourceAmounts {
  cpu?: number;
  memory?: number;
  storage?: number;
  pods?: number;
}

export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
  desired: number;
  ready: number;
  /** Since when all replicas have been ready (absent while not all are). */
  readySince?: string | undefined;
}

/** A live namespace that resolves to a department (and usually a system). */
export interface Tenant {
  cluster: string;
  network: Network;
  namespace: string;
  department: string | null;
  system: string | null;
  createdAt: string;
  workloads: Workload[];
  defaultDeny: { ingress: boolean; egress: boolean };
  quota: { hard: ResourceAmounts; used: ResourceAmounts } | null;
  /** LimitRanges in the namespace (defaults for containers that declare no requests). */
  limitRanges: number;
  networkPolicies: { name: string; digest: string }[];
  roleBindings: TenantRoleBinding[];
}

export interface TenantRoleBinding {
  name: string;
  /** `Kind/name` of the role. */
  roleRef: string;
  /** `Kind/name` of each subject, sorted. */
  subjects: string[];
}

/** A tenant declared by infrastructure code (a Pulumi stack). */
export interface DeclaredTenant {
  backend: string;
  stack: string;
  network: Network | null;
  namespace: string;
  department: string | null;
  system: string | null;
  quota: ResourceAmounts | null;
  /** Null when the stack does not say (e.g. an operator stack's outputs carry no policies). */
  networkPolicies: { name: string; digest: string }[] | null;
  roleBindings: TenantRoleBinding[] | null;
  updatedAt: string;
}

export interface Traffic {
  cluster: string;
  namespace: string;
  /** Set when the reading comes from the system's own query: it then stands for the whole system. */
  system: string | null;
  /** The configured serving signal (e.g. requests/s) averaged over the window. */
  value: number;
  observedAt: string;
}

export type SignoffKind = 'cut-over' | 'legacy-retired';

export interface Signoff {
  system: string;
  kind: SignoffKind;
  signedBy: string;
  signedAt: string;
  confirmedBy?: string | undefined;
  confirmedAt?: string | undefined;
}

export interface ManualBlocker {
  id: string;
  system: string;
  reason: string;
  owner: string;
  raisedAt: string;
}

/**
 * An approved exception (不上云例外): the data bureau agreed that the system stays off the cloud
 * through `until`. While it holds, the system is counted apart as the plan's `retain` strategy is;
 * once the day has passed it is a blocker until renewed, revoked or the system migrates.
 */
export interface RetainException {
  id: number;
  system: string;
  /** The last day it holds (YYYY-MM-DD; a whole day in UTC, as the plan's dates). */
  until: string;
  approvedBy: string;
  approvedAt: string;
}

/** What departments answered on the readiness questionnaire, and the archetypes they inherit. */
export interface ReadinessRows {
  answers: ({ system: string } & SystemAnswers)[];
  archetypes: Archetype[];
}

export interface Observations {
  clusters: Cluster[];
  sources: SourceStatus[];
  tenants: Tenant[];
  /** null when no stack source is configured: live tenants alone then count as provisioned. */
  declared: DeclaredTenant[] | null;
  /** null when no metrics source is configured. */
  traffic: Traffic[] | null;
  /** Probes, DNS answers and legacy traffic (proof.ts); null or absent when not configured. */
  endpoints?: EndpointReadings | null | undefined;
  signoffs: Signoff[];
  blockers: ManualBlocker[];
  /** Each tenant namespace's Velero evidence (absent: not read, e.g. in unit tests of other rules). */
  backups?: TenantBackups[] | undefined;
  /** Approved exceptions (不上云例外), expired ones included (the tracker reads the clock). */
  exceptions?: RetainException[] | undefined;
  /** Readiness answers and archetypes (上云评估); absent: no readiness blockers are judged. */
  readiness?: ReadinessRows | undefined;
  /**
   * Sources that have not listed (or read) everything once since start, per network. Systems on
   * such a network keep their last recorded stage: an empty cache is not evidence of regression.
   */
  unsynced?: Partial<Record<Network, SourceStatus[]>>;
  /** Each system's last recorded stage (the stage history), kept while its sources are unsynced. */
  recordedStages?: ReadonlyMap<string, Stage>;
}
