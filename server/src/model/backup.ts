// What Velero shows about one tenant namespace, read from its Schedule, Backup and Restore
// objects (velero.io/v1), and what the backup gate concluded from it. Plain data: it crosses the
// engine's wire and the console renders it as it is.

/**
 * `installed`: Velero's CRDs are served and were read; `absent`: the cluster serves no Velero
 * CRDs (404), so no backup can be seen there; `unreadable`: listing them fails (RBAC, errors).
 */
export type VeleroState = 'installed' | 'absent' | 'unreadable';

export interface TenantBackups {
  cluster: string;
  namespace: string;
  velero: VeleroState;
  /** Why Velero's objects cannot be read (with `unreadable`). */
  error?: string | undefined;
  /** Unpaused schedules whose template covers the namespace, most frequent first. */
  schedules: { name: string; cron: string; periodMinutes: number | null }[];
  /** The newest backup with phase Completed that covered the namespace. */
  lastBackup: { name: string; completedAt: string; schedule?: string | undefined } | null;
  /** The newest restore with phase Completed from a backup that covered the namespace. */
  lastRestoreTest: { name: string; backup: string; completedAt: string } | null;
}

/** The tracker's reading of one tenant's backups: the evidence and when each is next due. */
export interface BackupEvidence extends TenantBackups {
  /** A completed backup is needed by then (last backup + shortest period × grace). */
  backupDueBy?: string | undefined;
  /** A successful restore test is needed by then (last test + the configured days). */
  restoreTestDueBy?: string | undefined;
}
