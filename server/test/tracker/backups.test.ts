// The backup gate on its own, on a fixed clock: which gap gives which blocker, the kind before and
// after the cut-over, the MLPS threshold, and stale or unreadable evidence never judged as fine.
// Also the Velero side it reads: schedule periods from cron, namespace coverage, and which
// backup and restore count for a namespace (sources/kubernetes/velero.ts).
import { describe, expect, it } from 'vitest';
import type { SourceStatus, TenantBackups } from '../../src/model/index.ts';
import { backupGate, DEFAULT_BACKUP_RULE as RULE } from '../../src/tracker/backups.ts';
import { signoffReadiness } from '../../src/workflows/readiness.ts';
import {
  covers,
  cronPeriodMinutes,
  tenantBackups,
  trimBackup,
  trimRestore,
  trimSchedule,
} from '../../src/sources/kubernetes/velero.ts';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const daysAgo = (d: number) => hoursAgo(d * 24);

const tenant = (o: Partial<TenantBackups> = {}): TenantBackups => ({
  cluster: 'c1',
  namespace: 'tax-app',
  velero: 'installed',
  schedules: [{ name: 'daily', cron: '0 2 * * *', periodMinutes: 1440 }],
  lastBackup: { name: 'daily-1', completedAt: hoursAgo(10), schedule: 'daily' },
  lastRestoreTest: { name: 'drill', backup: 'daily-0', completedAt: daysAgo(30) },
  ...o,
});
const synced = (cluster: string): SourceStatus => ({
  id: `kubernetes/${cluster}`,
  kind: 'kubernetes',
  cluster,
  state: 'synced',
});
const gate = (o: Partial<Parameters<typeof backupGate>[0]> = {}) =>
  backupGate({
    level: 3,
    stage: 'serving',
    tenants: [tenant()],
    clusterSource: synced,
    now: NOW,
    rule: RULE,
    ...o,
  });
const codes = (g: ReturnType<typeof backupGate>) => g.blockers.map((b) => `${b.kind}:${b.code}`);

describe('the backup gate', () => {
  it('passes with a backup within its schedule and a recent restore test, and says when each is due', () => {
    const g = gate();
    expect(g.blockers).toEqual([]);
    expect(g.evidence[0]!.backupDueBy).toBe(new Date(NOW - 10 * 3_600_000 + 36 * 3_600_000).toISOString());
    expect(g.evidence[0]!.restoreTestDueBy).toBe(
      new Date(NOW - 30 * 86_400_000 + 180 * 86_400_000).toISOString(),
    );
  });

  it('applies from the configured MLPS level only, and not to retired or retained systems', () => {
    const none = tenant({ schedules: [], lastBackup: null, lastRestoreTest: null });
    expect(gate({ level: 2, tenants: [none] }).blockers).toEqual([]);
    expect(gate({ level: 2, tenants: [none], rule: { ...RULE, minMlps: 2 } }).blockers).toHaveLength(2);
    expect(gate({ stage: 'retained', tenants: [none] }).blockers).toEqual([]);
    expect(gate({ tenants: [] }).blockers).toEqual([]);
  });

  it('names each gap: no schedule, no backup yet, an overdue backup, no or an old restore test', () => {
    expect(codes(gate({ tenants: [tenant({ schedules: [] })] }))).toEqual(['backup:backup-unscheduled']);
    expect(codes(gate({ tenants: [tenant({ lastBackup: null })] }))).toEqual(['backup:backup-missing']);
    // 1.5 × a day: 35 hours is in time, 37 hours is not.
    expect(
      codes(gate({ tenants: [tenant({ lastBackup: { name: 'b', completedAt: hoursAgo(35) } })] })),
    ).toEqual([]);
    const overdue = gate({ tenants: [tenant({ lastBackup: { name: 'b', completedAt: hoursAgo(37) } })] });
    expect(overdue.blockers).toEqual([
      {
        kind: 'backup',
        code: 'backup-overdue',
        params: { namespace: 'c1/tax-app', last: hoursAgo(37), schedule: 'daily', cron: '0 2 * * *' },
      },
    ]);
    expect(codes(gate({ tenants: [tenant({ lastRestoreTest: null })] }))).toEqual([
      'backup:restore-test-missing',
    ]);
    const old = gate({
      tenants: [tenant({ lastRestoreTest: { name: 'r', backup: 'b', completedAt: daysAgo(181) } })],
    });
    expect(old.blockers[0]).toEqual({
      kind: 'backup',
      code: 'restore-test-overdue',
      params: { namespace: 'c1/tax-app', days: 180, last: daysAgo(181) },
    });
    expect(
      codes(gate({ tenants: [tenant({ lastRestoreTest: null })], rule: { ...RULE, restoreTestDays: 20 } })),
    ).toEqual(['backup:restore-test-missing']);
  });

  it('judges against the most frequent schedule covering the namespace', () => {
    const both = tenant({
      schedules: [
        { name: 'hourly', cron: '0 * * * *', periodMinutes: 60 },
        { name: 'weekly', cron: '0 3 * * 0', periodMinutes: 10_080 },
      ],
      lastBackup: { name: 'weekly-1', completedAt: hoursAgo(3), schedule: 'weekly' },
    });
    expect(codes(gate({ tenants: [both] }))).toEqual(['backup:backup-overdue']);
  });

  it('is a compliance finding from the cut-over on', () => {
    const late = tenant({ lastBackup: { name: 'b', completedAt: daysAgo(3) } });
    expect(codes(gate({ stage: 'cut-over', tenants: [late] }))).toEqual(['compliance:backup-overdue']);
    expect(codes(gate({ stage: 'migrated', tenants: [late] }))).toEqual(['compliance:backup-overdue']);
  });

  it('never reads a cluster without Velero, an unreadable one or a stale one as fine', () => {
    expect(gate({ tenants: [tenant({ velero: 'absent' })] }).blockers).toEqual([
      { kind: 'backup', code: 'backup-velero-absent', params: { namespace: 'c1/tax-app' } },
    ]);
    expect(codes(gate({ tenants: [tenant({ velero: 'unreadable', error: 'HTTP 403' })] }))).toEqual([
      'backup:backup-velero-unreadable',
    ]);
    // A stale cluster: the cached evidence is fine, but it is not judged (nor cleared) from stale data.
    const stale = gate({
      clusterSource: (c) => ({ ...synced(c), state: 'stale', lastSyncedAt: hoursAgo(2) }),
    });
    expect(stale.blockers).toEqual([
      {
        kind: 'backup',
        code: 'backup-unverified',
        params: { namespace: 'c1/tax-app', source: 'kubernetes/c1', since: hoursAgo(2) },
      },
    ]);
  });
});

describe('the cut-over sign-off', () => {
  it('is refused while a backup blocker stands, and only the cut-over', () => {
    const gaps = gate({ tenants: [tenant({ lastRestoreTest: null })] }).blockers;
    const input = { stage: 'serving' as const, strategy: 'rehost', runbookMissing: [], backupGaps: gaps };
    expect(signoffReadiness('cut-over', input)).toEqual({
      ok: false,
      reason: 'backup',
      gaps: [{ code: 'restore-test-missing', params: { namespace: 'c1/tax-app', days: 180 } }],
    });
    expect(signoffReadiness('cut-over', { ...input, backupGaps: [] })).toEqual({ ok: true });
    expect(signoffReadiness('legacy-retired', { ...input, stage: 'cut-over' })).toEqual({ ok: true });
  });
});

describe("Velero's objects", () => {
  it('reads a schedule period from cron as Velero writes it (robfig/cron: five fields, descriptors, @every, CRON_TZ)', () => {
    expect(cronPeriodMinutes('0 2 * * *')).toBe(1440);
    expect(cronPeriodMinutes('@daily')).toBe(1440);
    expect(cronPeriodMinutes('*/15 * * * *')).toBe(15);
    // Weekdays only: the weekend is the longest gap.
    expect(cronPeriodMinutes('0 3 * * 1-5')).toBe(3 * 1440);
    expect(cronPeriodMinutes('0 0 1 * *')).toBe(31 * 1440);
    expect(cronPeriodMinutes('@every 6h30m')).toBe(390);
    expect(cronPeriodMinutes('CRON_TZ=Asia/Shanghai 0 2 * * *')).toBe(1440);
    expect(cronPeriodMinutes('not a schedule')).toBeNull();
    expect(cronPeriodMinutes('@every soon')).toBeNull();
  });

  it('covers namespaces by include (empty or * = all, globs) minus exclude', () => {
    expect(covers({ included: [], excluded: [] }, 'a')).toBe(true);
    expect(covers({ included: ['*'], excluded: ['a'] }, 'a')).toBe(false);
    expect(covers({ included: ['tax-*'], excluded: [] }, 'tax-app')).toBe(true);
    expect(covers({ included: ['tax-*'], excluded: [] }, 'land-app')).toBe(false);
  });

  it("takes only Velero's namespace's objects, the newest Completed backup and a Completed restore of the namespace", () => {
    const meta = (name: string, namespace = 'velero', labels?: Record<string, string>) => ({
      metadata: { name, namespace, ...(labels ? { labels } : {}) },
    });
    const schedules = [
      trimSchedule({
        ...meta('daily'),
        spec: { schedule: '0 2 * * *', template: { includedNamespaces: ['tax-app'] } },
      }),
      trimSchedule({ ...meta('paused'), spec: { schedule: '*/5 * * * *', paused: true, template: {} } }),
    ];
    const backups = [
      trimBackup({
        ...meta('daily-1', 'velero', { 'velero.io/schedule-name': 'daily' }),
        spec: { includedNamespaces: ['tax-app'] },
        status: { phase: 'Completed', completionTimestamp: hoursAgo(30) },
      }),
      // Newer but failed (a completion time is recorded even then), or forged outside Velero's namespace.
      trimBackup({
        ...meta('daily-2'),
        spec: { includedNamespaces: ['*'] },
        status: { phase: 'PartiallyFailed', completionTimestamp: hoursAgo(5) },
      }),
      trimBackup({
        ...meta('forged', 'tax-app'),
        spec: {},
        status: { phase: 'Completed', completionTimestamp: hoursAgo(1) },
      }),
    ];
    const restores = [
      trimRestore({
        ...meta('drill'),
        spec: { backupName: 'daily-1' },
        status: { phase: 'Completed', completionTimestamp: daysAgo(1) },
      }),
      trimRestore({
        ...meta('other'),
        spec: { backupName: 'daily-1', excludedNamespaces: ['tax-app'] },
        status: { phase: 'Completed', completionTimestamp: hoursAgo(2) },
      }),
      // Its backup expired and is gone: it still names the namespace it tested.
      trimRestore({
        ...meta('named'),
        spec: { backupName: 'gone', includedNamespaces: ['land-app'] },
        status: { phase: 'Completed', completionTimestamp: daysAgo(2) },
      }),
    ];
    const m = tenantBackups(
      'c1',
      ['tax-app', 'land-app'],
      { velero: 'installed' },
      { schedules, backups, restores },
      new Set(['velero']),
    );
    expect(m.get('tax-app')).toEqual({
      cluster: 'c1',
      namespace: 'tax-app',
      velero: 'installed',
      schedules: [{ name: 'daily', cron: '0 2 * * *', periodMinutes: 1440 }],
      lastBackup: { name: 'daily-1', completedAt: hoursAgo(30), schedule: 'daily' },
      lastRestoreTest: { name: 'drill', backup: 'daily-1', completedAt: daysAgo(1) },
    });
    expect(m.get('land-app')).toMatchObject({
      schedules: [],
      lastBackup: null,
      lastRestoreTest: { name: 'named', backup: 'gone' },
    });
    const absent = tenantBackups(
      'c1',
      ['tax-app'],
      { velero: 'absent' },
      { schedules, backups, restores },
      new Set(['velero']),
    );
    expect(absent.get('tax-app')).toMatchObject({ velero: 'absent', schedules: [], lastBackup: null });
  });
});
