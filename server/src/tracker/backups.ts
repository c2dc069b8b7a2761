// The backup gate (issue #23): a system at MLPS level 3 or above (configurable) that lives on the
// cloud needs, for each of its tenant namespaces, a completed Velero backup within its schedule
// and a successful restore test within the last 180 days (configurable). Before the cut-over a
// gap is a `backup` blocker, which holds the cut-over sign-off; from the cut-over on it is a
// compliance finding. Pure: the evidence (sources/kubernetes/velero.ts), the clock and the rule.
import {
  stageRank,
  type BackupEvidence,
  type Blocker,
  type SourceStatus,
  type Stage,
  type TenantBackups,
} from '../model/index.ts';

export interface BackupRule {
  /** Lowest MLPS (等保) level the gate applies to. */
  minMlps: number;
  /** A backup is overdue after this many of its schedule's periods (1.5: half a period's slack). */
  scheduleGrace: number;
  /** A restore test older than this many days no longer counts. */
  restoreTestDays: number;
}

export const DEFAULT_BACKUP_RULE: BackupRule = { minMlps: 3, scheduleGrace: 1.5, restoreTestDays: 180 };

const DAY_MS = 86_400_000;

export interface BackupGateInput {
  level: number;
  stage: Stage;
  /** The evidence of each live tenant namespace of the system. */
  tenants: readonly TenantBackups[];
  /** Each cluster's source state (`kubernetes/<cluster>`): stale data neither raises nor clears. */
  clusterSource: (cluster: string) => SourceStatus | undefined;
  now: number;
  rule: BackupRule;
}

export interface BackupGate {
  evidence: BackupEvidence[];
  blockers: Blocker[];
}

export function backupGate(i: BackupGateInput): BackupGate {
  const evidence = i.tenants.map((t) => withDue(t, i.rule));
  const applies =
    i.level >= i.rule.minMlps && i.tenants.length > 0 && i.stage !== 'retired' && i.stage !== 'retained';
  if (!applies) return { evidence, blockers: [] };
  // Before the cut-over the gate holds the signature; after it, a gap is a compliance finding.
  const kind = stageRank(i.stage) >= stageRank('cut-over') ? 'compliance' : 'backup';
  const blockers: Blocker[] = [];
  for (const e of evidence) {
    for (const b of tenantGaps(e, i)) blockers.push({ kind, ...b });
  }
  return { evidence, blockers };
}

function withDue(t: TenantBackups, rule: BackupRule): BackupEvidence {
  const period = shortestPeriod(t);
  const out: BackupEvidence = { ...t };
  if (t.lastBackup && period !== null)
    out.backupDueBy = new Date(
      Date.parse(t.lastBackup.completedAt) + period * rule.scheduleGrace * 60_000,
    ).toISOString();
  if (t.lastRestoreTest)
    out.restoreTestDueBy = new Date(
      Date.parse(t.lastRestoreTest.completedAt) + rule.restoreTestDays * DAY_MS,
    ).toISOString();
  return out;
}

/** The most frequent readable schedule: the namespace was promised a backup at least that often. */
function shortestPeriod(t: TenantBackups): number | null {
  const periods = t.schedules.flatMap((s) => (s.periodMinutes === null ? [] : [s.periodMinutes]));
  return periods.length ? Math.min(...periods) : null;
}

type Gap = Omit<Blocker, 'kind'>;

function tenantGaps(e: BackupEvidence, i: BackupGateInput): Gap[] {
  const namespace = `${e.cluster}/${e.namespace}`;
  const source = i.clusterSource(e.cluster);
  if (source && source.state !== 'synced') {
    // The cluster's data is not current: say so rather than judge (or clear) from it.
    return [
      {
        code: 'backup-unverified',
        params: {
          namespace,
          source: source.id,
          // Never synced (connecting, failed): no time to give.
          since: source.lastSyncedAt ?? '—',
        },
      },
    ];
  }
  if (e.velero === 'absent') return [{ code: 'backup-velero-absent', params: { namespace } }];
  if (e.velero === 'unreadable')
    return [{ code: 'backup-velero-unreadable', params: { namespace, error: e.error ?? '' } }];
  const gaps: Gap[] = [];
  const period = shortestPeriod(e);
  const schedule = e.schedules.find((s) => s.periodMinutes === period);
  if (period === null || !schedule) gaps.push({ code: 'backup-unscheduled', params: { namespace } });
  else if (!e.lastBackup)
    gaps.push({
      code: 'backup-missing',
      params: { namespace, schedule: schedule.name, cron: schedule.cron },
    });
  else if (Date.parse(e.backupDueBy!) < i.now)
    gaps.push({
      code: 'backup-overdue',
      params: { namespace, last: e.lastBackup.completedAt, schedule: schedule.name, cron: schedule.cron },
    });
  if (!e.lastRestoreTest)
    gaps.push({ code: 'restore-test-missing', params: { namespace, days: i.rule.restoreTestDays } });
  else if (Date.parse(e.restoreTestDueBy!) < i.now)
    gaps.push({
      code: 'restore-test-overdue',
      params: { namespace, days: i.rule.restoreTestDays, last: e.lastRestoreTest.completedAt },
    });
  return gaps;
}
