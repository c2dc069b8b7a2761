// The sandbox's Velero objects (velero.io/v1, in the shapes sources/kubernetes/velero.ts reads):
// for each system the backup gate concerns, a daily Schedule of its namespace, the latest backup
// that schedule made (02:00 UTC each day, named as Velero names them) and a restore drill every
// 90 days from two days after provisioning. A few systems fall short, as a province does: one
// whose schedule stopped producing backups three days ago, one that never ran a restore drill.
import type { PlannedSystem } from '@yunqian/plan';
import type { VeleroBackup, VeleroRestore, VeleroSchedule } from '../kubernetes/velero.ts';
import { DEFAULT_BACKUP_RULE } from '../../tracker/backups.ts';
import { hash, type Milestones } from './timeline.ts';

const DAY = 86_400_000;
const RUN_AT = 2 * 3_600_000;
const TAKES = 10 * 60_000;

export type VeleroObject =
  | { kind: 'Schedule'; obj: VeleroSchedule }
  | { kind: 'Backup'; obj: VeleroBackup }
  | { kind: 'Restore'; obj: VeleroRestore };

/** Velero's Schedule.TimestampedName: the schedule's name and the run's UTC time, 20060102150405. */
const stamped = (name: string, t: number) =>
  `${name}-${new Date(t).toISOString().replace(/\D/g, '').slice(0, 14)}`;

export const backupShortfall = (s: PlannedSystem) => ({
  stalledBackups: hash(`${s.id}/velero`) % 23 === 5,
  noRestoreDrill: hash(`${s.id}/velero`) % 29 === 7,
});

export function veleroObjects(s: PlannedSystem, ns: string, m: Milestones, now: number): VeleroObject[] {
  if (s.mlps.level < DEFAULT_BACKUP_RULE.minMlps) return [];
  const short = backupShortfall(s);
  const schedule = `${ns}-daily`;
  const meta = (name: string, labels?: Record<string, string>) => ({
    name,
    namespace: 'velero',
    ...(labels ? { labels } : {}),
  });
  const out: VeleroObject[] = [
    {
      kind: 'Schedule',
      obj: {
        metadata: meta(schedule),
        spec: { schedule: '0 2 * * *', template: { includedNamespaces: [ns] } },
      },
    },
  ];
  let run = Math.floor((now - RUN_AT - TAKES) / DAY) * DAY + RUN_AT;
  if (short.stalledBackups) run -= 3 * DAY;
  if (run >= m.provisioned) {
    const name = stamped(schedule, run);
    out.push({
      kind: 'Backup',
      obj: {
        metadata: meta(name, { 'velero.io/schedule-name': schedule }),
        spec: { includedNamespaces: [ns] },
        status: { phase: 'Completed', completionTimestamp: new Date(run + TAKES).toISOString() },
      },
    });
  }
  const first = m.provisioned + 2 * DAY;
  if (!short.noRestoreDrill && now >= first) {
    const drill = first + Math.floor((now - first) / (90 * DAY)) * 90 * DAY;
    const backup = stamped(schedule, Math.floor((drill - RUN_AT) / DAY) * DAY + RUN_AT);
    out.push({
      kind: 'Restore',
      obj: {
        metadata: meta(`${ns}-drill-${new Date(drill).toISOString().slice(0, 10).replace(/-/g, '')}`),
        // A drill restores into a scratch namespace and names the one it tests.
        spec: { backupName: backup, includedNamespaces: [ns], namespaceMapping: { [ns]: `${ns}-drill` } },
        status: { phase: 'Completed', completionTimestamp: new Date(drill + TAKES).toISOString() },
      },
    });
  }
  return out;
}
