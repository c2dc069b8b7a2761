// Velero's Schedule, Backup and Restore objects (velero.io/v1), trimmed at ingest to what the
// backup gate reads, and each tenant namespace's backup evidence derived from them.
//
// Shapes as Velero defines them (vmware-tanzu/velero pkg/apis/velero/v1/schedule_types.go,
// backup_types.go, restore_types.go, and its CRDs under config/crd/v1/bases/, copied to
// test/fixtures/velero/): a Schedule has `spec.schedule` (cron) and `spec.template` (a BackupSpec),
// `spec.paused` in recent versions; a BackupSpec names `includedNamespaces` (empty or `*`: all)
// and `excludedNamespaces`; Backups made by a schedule carry the label `velero.io/schedule-name`;
// `status.phase` is New, FailedValidation, InProgress, WaitingForPluginOperations…, Finalizing…,
// Completed, PartiallyFailed, Failed or Deleting, with `status.completionTimestamp` (recorded
// even on failure: only Completed counts here); a Restore names `spec.backupName` and may narrow
// the namespaces again with its own included/excluded lists. Velero acts only on objects in its
// own namespace ("Must be the namespace of the Velero server", site/docs api-types/schedule.md),
// so objects elsewhere (a tenant could write one in its own namespace) are never evidence.
import { Cron } from 'croner';
import type { TenantBackups, VeleroState } from '../../model/index.ts';

export const SCHEDULE_LABEL = 'velero.io/schedule-name';

interface Meta {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string | Date;
  };
}
interface Selection {
  includedNamespaces?: string[] | null;
  excludedNamespaces?: string[] | null;
}
export interface VeleroSchedule extends Meta {
  spec?: { schedule?: string; paused?: boolean; template?: Selection };
}
export interface VeleroBackup extends Meta {
  spec?: Selection;
  status?: { phase?: string; completionTimestamp?: string | Date | null };
}
export interface VeleroRestore extends Meta {
  spec?: Selection & { backupName?: string; namespaceMapping?: Record<string, string> };
  status?: { phase?: string; completionTimestamp?: string | Date | null };
}

/** Which namespaces an object selects: Velero's include/exclude lists (globs, `*` = all). */
export interface NamespaceSelection {
  included: string[];
  excluded: string[];
}
export interface ScheduleRec extends NamespaceSelection {
  namespace: string;
  name: string;
  cron: string;
  paused: boolean;
  /** The longest gap between two runs, in minutes; null when the expression cannot be read. */
  periodMinutes: number | null;
}
export interface BackupRec extends NamespaceSelection {
  namespace: string;
  name: string;
  schedule: string | null;
  phase: string;
  completedAt: string | null;
}
export interface RestoreRec extends NamespaceSelection {
  namespace: string;
  name: string;
  backup: string;
  phase: string;
  completedAt: string | null;
}

const iso = (d: string | Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const selection = (s: Selection | undefined): NamespaceSelection => ({
  included: s?.includedNamespaces ?? [],
  excluded: s?.excludedNamespaces ?? [],
});

/** Stands for "every namespace" among the namespaces a change concerns. */
export const ALL = Symbol('all namespaces');

/**
 * The namespaces an object names, for deciding which tenants its change concerns: its included
 * list, or ALL when it selects by pattern or selects every namespace (an empty list; a Restore
 * that takes its backup's). Excluded names only narrow, so they are not needed here.
 */
export function namedNamespaces(rec: NamespaceSelection | null | undefined): (string | typeof ALL)[] {
  if (!rec) return [];
  if (!rec.included.length || rec.included.some((n) => /[*?[]/.test(n))) return [ALL];
  return rec.included;
}

export function trimSchedule(o: VeleroSchedule): ScheduleRec {
  const cron = o.spec?.schedule ?? '';
  return {
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    cron,
    paused: o.spec?.paused === true,
    periodMinutes: cronPeriodMinutes(cron),
    ...selection(o.spec?.template),
  };
}

export function trimBackup(o: VeleroBackup): BackupRec {
  return {
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    schedule: o.metadata?.labels?.[SCHEDULE_LABEL] ?? null,
    phase: o.status?.phase ?? '',
    completedAt: iso(o.status?.completionTimestamp),
    ...selection(o.spec),
  };
}

export function trimRestore(o: VeleroRestore): RestoreRec {
  return {
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    backup: o.spec?.backupName ?? '',
    phase: o.status?.phase ?? '',
    completedAt: iso(o.status?.completionTimestamp),
    ...selection(o.spec),
  };
}

// Velero matches namespace names as globs (`*` alone: every namespace).
const globCache = new Map<string, RegExp>();
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    globCache.set(pattern, (re = new RegExp(`^${body}$`)));
  }
  return re;
}

/** Whether a selection covers a namespace: included (empty: all) and not excluded. */
export function covers(sel: NamespaceSelection, namespace: string): boolean {
  const included = !sel.included.length || sel.included.some((p) => glob(p).test(namespace));
  return included && !sel.excluded.some((p) => glob(p).test(namespace));
}

const GO_UNITS: Record<string, number> = { h: 60, m: 1, s: 1 / 60, ms: 1 / 60_000 };
// A fixed reference: the period is a property of the expression, not of the moment it is read.
const ANCHOR = new Date('2024-01-01T00:00:00Z');

/**
 * The longest gap between consecutive runs of a Velero schedule, in minutes. Velero parses with
 * robfig/cron's standard parser: five fields, descriptors (`@daily`…), `@every <Go duration>`
 * and a `CRON_TZ=`/`TZ=` prefix. Sixty-four runs from a fixed date: enough to see a weekday
 * schedule's weekend and a monthly one's long month.
 */
export function cronPeriodMinutes(expr: string): number | null {
  // Schedules share a few expressions, and a Schedule is trimmed again on every event: read each once.
  let period = periods.get(expr);
  if (period === undefined) {
    if (periods.size >= 1000) periods.clear();
    periods.set(expr, (period = readPeriod(expr)));
  }
  return period;
}
const periods = new Map<string, number | null>();

function readPeriod(expr: string): number | null {
  let e = expr.trim();
  const every = /^@every\s+(.+)$/.exec(e);
  if (every) {
    const parts = [...every[1]!.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
    if (!parts.length || parts.map((p) => p[0]).join('') !== every[1]!.trim()) return null;
    const minutes = parts.reduce((a, p) => a + Number(p[1]) * GO_UNITS[p[2]!]!, 0);
    return minutes > 0 ? minutes : null;
  }
  let timezone = 'UTC';
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.+)$/.exec(e);
  if (tz) [timezone, e] = [tz[1]!, tz[2]!];
  if (!e.startsWith('@') && e.split(/\s+/).length !== 5) return null;
  try {
    const runs = new Cron(e, { timezone, paused: true }).nextRuns(64, ANCHOR);
    let longest = 0;
    for (let i = 1; i < runs.length; i++)
      longest = Math.max(longest, runs[i]!.getTime() - runs[i - 1]!.getTime());
    return longest > 0 ? longest / 60_000 : null;
  } catch {
    return null;
  }
}

/**
 * Each namespace's backup evidence from a cluster's Velero objects (only those in Velero's own
 * namespaces). A Restore counts as a restore test of a namespace when its backup (still listed)
 * covered the namespace and the restore did not leave it out; when the backup is gone (expired),
 * only a restore that names the namespace explicitly still says which namespace it tested.
 */
export function tenantBackups(
  cluster: string,
  namespaces: readonly string[],
  state: { velero: VeleroState; error?: string | undefined },
  objs: { schedules: ScheduleRec[]; backups: BackupRec[]; restores: RestoreRec[] },
  veleroNamespaces: ReadonlySet<string>,
): Map<string, TenantBackups> {
  const out = new Map<string, TenantBackups>();
  const own = <T extends { namespace: string }>(l: T[]) => l.filter((o) => veleroNamespaces.has(o.namespace));
  const schedules = own(objs.schedules).filter((s) => !s.paused);
  const backups = own(objs.backups);
  const completed = backups
    .filter((b) => b.phase === 'Completed' && b.completedAt)
    .sort((a, b) => (a.completedAt! < b.completedAt! ? 1 : -1));
  const byName = new Map(backups.map((b) => [`${b.namespace}/${b.name}`, b]));
  const restores = own(objs.restores)
    .filter((r) => r.phase === 'Completed' && r.completedAt)
    .sort((a, b) => (a.completedAt! < b.completedAt! ? 1 : -1));
  // Most objects name their namespaces literally: look those up by name, scan only the rest.
  const schedulesFor = byNamespace(schedules, (x) => literal(x.included));
  const backupsFor = byNamespace(completed, (b) => literal(b.included));
  const restoresFor = byNamespace(restores, (r) => {
    const b = byName.get(`${r.namespace}/${r.backup}`);
    return literal(r.included) ?? (b ? literal(b.included) : null);
  });
  for (const ns of namespaces) {
    const base = {
      cluster,
      namespace: ns,
      velero: state.velero,
      ...(state.error ? { error: state.error } : {}),
    };
    if (state.velero !== 'installed') {
      out.set(ns, { ...base, schedules: [], lastBackup: null, lastRestoreTest: null });
      continue;
    }
    const last = newest(backupsFor(ns), (b) => covers(b, ns));
    const test = newest(restoresFor(ns), (r) => {
      const b = byName.get(`${r.namespace}/${r.backup}`);
      if (b) return covers(b, ns) && covers(r, ns);
      return r.included.includes(ns) && covers(r, ns);
    });
    out.set(ns, {
      ...base,
      schedules: schedulesFor(ns)
        .flat()
        .filter((s) => covers(s, ns))
        .sort((a, b) => (a.periodMinutes ?? Infinity) - (b.periodMinutes ?? Infinity))
        .map((s) => ({ name: s.name, cron: s.cron, periodMinutes: s.periodMinutes })),
      lastBackup: last
        ? {
            name: last.name,
            completedAt: last.completedAt!,
            ...(last.schedule ? { schedule: last.schedule } : {}),
          }
        : null,
      lastRestoreTest: test ? { name: test.name, backup: test.backup, completedAt: test.completedAt! } : null,
    });
  }
  return out;
}

const GLOB = /[*?[]/;
/** The namespaces a selection names literally, or null when it selects by pattern (or all). */
function literal(included: string[]): string[] | null {
  return included.length && !included.some((p) => GLOB.test(p)) ? included : null;
}

/** Objects (in their order) by the namespaces they name; those naming none go to every namespace. */
function byNamespace<T>(items: T[], names: (t: T) => string[] | null): (ns: string) => T[][] {
  const named = new Map<string, T[]>();
  const rest: T[] = [];
  for (const t of items) {
    const n = names(t);
    if (!n) rest.push(t);
    else
      for (const ns of n) {
        let l = named.get(ns);
        if (!l) named.set(ns, (l = []));
        l.push(t);
      }
  }
  return (ns) => [named.get(ns) ?? [], rest];
}

/** The newest matching item of lists each sorted newest first (by `completedAt`). */
function newest<T extends { completedAt: string | null }>(
  lists: T[][],
  ok: (t: T) => boolean,
): T | undefined {
  let best: T | undefined;
  for (const l of lists) {
    const hit = l.find(ok);
    if (hit && (!best || hit.completedAt! > best.completedAt!)) best = hit;
  }
  return best;
}
