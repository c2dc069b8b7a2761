// The tracker's output: what the API serves and the console renders.
import type { Evidence } from './evidence.ts';
import type { Network } from './network.ts';
import type { Health, Stage } from './stage.ts';
import type { BackupEvidence } from './backup.ts';
import type { SystemProof } from './proof.ts';

/**
 * `exception`: an approved exception (不上云例外) whose last day has passed. `backup`: a tenant's
 * backups or restore tests fall short before the cut-over (holds the cut-over sign-off; after it,
 * the same gap is a `compliance` finding).
 */
export type BlockerKind =
  'manual' | 'readiness' | 'compliance' | 'quota-exhausted' | 'overdue' | 'drift' | 'exception' | 'backup';

/** `readiness`: a system of a wave about to open not assessed, or not ready (tracker/readiness.ts). */
export interface Blocker {
  kind: BlockerKind;
  code: string;
  params: Record<string, string | number>;
  owner?: string | undefined;
  since?: string | undefined;
}

export interface TenantRef {
  cluster: string;
  network: Network;
  namespace: string;
}

export interface TrackedSystem {
  id: string;
  department: string;
  /** Top-level department or city the system rolls up to. */
  topDepartment: string;
  network: Network;
  wave: string;
  stage: Stage;
  health: Health;
  /** Evidence for every stage reached, lowest first; the last entry justifies `stage`. */
  evidence: Evidence[];
  /** Why the next stage is not reached yet (what is missing). */
  waitingFor: Evidence | null;
  blockers: Blocker[];
  tenants: TenantRef[];
  inScope: boolean;
  overdue: boolean;
  /** Cut over by the planned date: true/false once due or cut over, null before (or off the migration path). */
  onTime: boolean | null;
  /**
   * `recorded` while a source the system depends on has not synced once since start: the stage
   * is the last one recorded, not a fresh observation, and no change is recorded for it.
   */
  stageFrom?: 'recorded' | undefined;
  /** The sources this system's figures depend on that are stale, with when they were last seen. */
  staleSources: { id: string; lastSyncedAt?: string | undefined }[];
  /**
   * The approved exception (不上云例外) in force: the system stays off the cloud and is counted
   * apart as the plan's `retain` strategy is. Absent when none holds.
   */
  exception?: { id: number; until: string; approvedBy: string } | undefined;
  /** Each live tenant's Velero evidence and when the next backup and restore test are due. */
  backups?: BackupEvidence[] | undefined;
  /**
   * The cut-over and retirement evidence beyond the signatures (probes, DNS, legacy traffic), for
   * systems whose plan names public names or legacy hosts; absent otherwise.
   */
  proof?: SystemProof | undefined;
  /** The readiness verdict (上云评估) where the department answered the questionnaire; absent: not assessed. */
  readiness?: 'ready' | 'ready-with-conditions' | 'not-ready' | 'not-assessed' | undefined;
}

export interface Rollup {
  total: number;
  inScope: number;
  migrated: number;
  /** migrated / inScope; null when nothing is in scope. */
  rate: number | null;
  /** Systems counted apart because of an approved exception (不上云例外), not the plan's own rule. */
  excepted: number;
  byStage: Record<Stage, number>;
  byHealth: Record<Health, number>;
  overdue: number;
  blocked: number;
  /** In-scope systems whose cut-over is due or done, and how many of them were cut over on time. */
  cutoverDue: number;
  cutoverOnTime: number;
  /** cutoverOnTime / cutoverDue; null when none is due yet. */
  onTimeRate: number | null;
}

export interface StageChange {
  system: string;
  from: Stage | null;
  to: Stage;
  at: string;
  evidence: Evidence | null;
}

export interface TargetProgress {
  id: string;
  rate: number;
  by: string;
  network?: Network | undefined;
  current: number | null;
  /** Date the target's rate is forecast to be reached at recent velocity; null if never at that pace. */
  forecast: string | null;
  onTrack: boolean;
}

export interface TrackerState {
  computedAt: string;
  planDigest: string;
  systems: TrackedSystem[];
  rollups: {
    total: Rollup;
    departments: Record<string, Rollup>;
    waves: Record<string, Rollup>;
    networks: Record<Network, Rollup>;
    clusters: Record<string, Rollup>;
  };
}
