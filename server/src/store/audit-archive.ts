// The audit's retention and archive (MLPS level 3 keeps the audit at least 180 days). Rows older
// than a cutoff, itself at least `audit.retentionDays` back, leave the database for a JSON Lines
// file: each row whole, in id order, then a summary line (rows, first and last id, last hash, the
// SHA-256 of the row lines). The file is written and synced first; only then, in one transaction,
// are the rows deleted and an `audit.archive` row written that records the summary. The rows left
// start from the archived last hash, which that row holds, so the log still verifies and a
// truncation that did not go through here still shows (see verifyAudit in audit.ts).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { and, asc, count, eq, gte, lt, lte, max, min, sql } from 'drizzle-orm';
import { MIN_AUDIT_RETENTION_DAYS } from '../config/config.ts';
import { ARCHIVE_ACTION, latestArchive } from './audit-anchor.ts';
import { audit, auditRows, ChainCheck, GENESIS, type AuditRow, type Broken } from './audit.ts';
import { lockFor, type Db, type Tx } from './db.ts';
import { auditLog } from './schema.ts';

const DAY_MS = 86_400_000;

/** Why an archive was not made: the message is for the one who ran it. */
export class ArchiveRefused extends Error {
  override name = 'ArchiveRefused';
}

/** The archive file's last line, and what the `audit.archive` row records of it. */
export interface ArchiveSummary {
  rows: number;
  firstId: number;
  lastId: number;
  /** The hash the first archived row follows (GENESIS, or the previous archive's last hash). */
  firstPrevHash: string;
  lastHash: string;
  /** SHA-256 (hex) of the row lines, each with its newline, as written. */
  sha256: string;
}

export interface ArchiveRecord extends ArchiveSummary {
  file: string;
  /** The cutoff (`--before`): every archived row is older. */
  cutoff: string;
  /** Rows archived so far, this archive's included (a signed head counts them). */
  totalArchived: number;
}

export interface ArchiveResult extends ArchiveRecord {
  /** Rows older than the cutoff that stay, because a younger row precedes them (clocks differ). */
  olderLeft: number;
}

/** The latest cutoff the retention allows at `now`: nothing younger than `days` is archived. */
export function latestCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** A row as one line of an archive file: every field, the time in ISO 8601. */
const line = (r: AuditRow) =>
  JSON.stringify({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  }) + '\n';

const BROKEN_WORDS: Record<Broken, string> = {
  hash: 'row changed',
  link: 'row missing or reordered before it',
  'key-needed': 'a keyed row: set the audit key to verify it',
};

/**
 * Archives every row older than `before` to `out` (a new file), then deletes them and records the
 * archive in the log. Returns null, writing no file, when there is nothing to archive.
 *
 * Only a prefix of the log (by id) can leave it, or the chain would not hold: the rows archived are
 * those before the first row at or after the cutoff. With one clock rows are in time order and
 * that is every older row; rows older than the cutoff that follow a younger one stay (`olderLeft`).
 */
export async function archiveAudit(
  db: Db,
  o: {
    before: Date;
    out: string;
    now: Date;
    retentionDays: number;
    key: Buffer | null;
    actor: string;
    requestId: string;
  },
): Promise<ArchiveResult | null> {
  // The configuration refuses a shorter retention; so does the archive itself.
  const days = Math.max(o.retentionDays, MIN_AUDIT_RETENTION_DAYS);
  const cutoff = latestCutoff(o.now, days);
  if (!(o.before.getTime() <= cutoff.getTime()))
    throw new ArchiveRefused(
      `--before ${day(o.before)} is within the audit's ${days}-day retention (audit.retentionDays): the latest allowed is ${day(cutoff)}`,
    );
  const anchor = await latestArchive(db);
  // The first row not older than the cutoff ends the prefix.
  const [young] = await db
    .select({ id: min(auditLog.id) })
    .from(auditLog)
    .where(gte(auditLog.at, o.before));
  const end = young?.id ?? null;
  const [range] = await db
    .select({ rows: count(), firstId: min(auditLog.id), lastId: max(auditLog.id) })
    .from(auditLog)
    .where(end === null ? undefined : lt(auditLog.id, end));
  const [older] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(lt(auditLog.at, o.before), end === null ? undefined : gte(auditLog.id, end)));
  if (!range || Number(range.rows) === 0 || range.lastId === null) return null;
  const lastId = Number(range.lastId);

  // Write and check as it goes: a broken chain is not archived (that would hide where it broke).
  const chain = new ChainCheck(anchor?.lastHash ?? GENESIS, o.key);
  const digest = createHash('sha256');
  let file: FileHandle | null;
  try {
    file = await open(o.out, 'wx');
  } catch (e) {
    throw new ArchiveRefused(`cannot create ${o.out}: ${(e as Error).message}`);
  }
  let rows = 0;
  let first: AuditRow | null = null;
  let last: AuditRow | null = null;
  try {
    for await (const r of auditRows(db, 0, lastId)) {
      const broken = (anchor && r.id <= anchor.lastId ? 'link' : null) ?? chain.next(r);
      if (broken)
        throw new ArchiveRefused(
          `the audit log is broken at row ${r.id} (${BROKEN_WORDS[broken]}): nothing archived`,
        );
      const text = line(r);
      digest.update(text);
      await file.write(text);
      first ??= r;
      last = r;
      rows++;
    }
    if (!first || !last) throw new ArchiveRefused('the rows to archive went away: nothing archived');
    const summary: ArchiveSummary = {
      rows,
      firstId: first.id,
      lastId: last.id,
      firstPrevHash: first.prevHash,
      lastHash: last.hash,
      sha256: digest.digest('hex'),
    };
    await file.write(JSON.stringify({ summary }) + '\n');
    // On disk before a single row leaves the database.
    await file.sync();
    await file.close();
    file = null;
    await syncDir(dirname(o.out));

    const record: ArchiveRecord = {
      ...summary,
      file: basename(o.out),
      cutoff: o.before.toISOString(),
      totalArchived: (anchor?.totalArchived ?? 0) + rows,
    };
    await db.transaction(async (t) => {
      const tx = t as Tx;
      // No row is appended meanwhile; and the rows are still those written to the file.
      await lockFor(tx, 'yunqian-audit');
      const [held] = await (tx as Db)
        .select({ rows: count(), firstId: min(auditLog.id), lastId: max(auditLog.id) })
        .from(auditLog)
        .where(lte(auditLog.id, summary.lastId));
      const [tail] = await (tx as Db)
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .where(eq(auditLog.id, summary.lastId));
      if (
        Number(held?.rows) !== rows ||
        Number(held?.firstId) !== summary.firstId ||
        tail?.hash !== summary.lastHash
      )
        throw new ArchiveRefused('the audit rows changed while they were archived: nothing deleted');
      // Recorded first, so it chains onto the last row (even when every row is archived).
      await audit(tx, {
        actor: o.actor,
        action: ARCHIVE_ACTION,
        objectType: 'audit',
        objectId: record.file,
        before: null,
        after: record,
        requestId: o.requestId,
        at: o.now,
      });
      await (tx as Db).delete(auditLog).where(lte(auditLog.id, summary.lastId));
    });
    return { ...record, olderLeft: Number(older?.n ?? 0) };
  } catch (e) {
    // No half-written or unrecorded archive is left behind to be mistaken for one.
    await file?.close();
    await unlink(o.out).catch(() => undefined);
    throw e;
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Not every platform syncs a directory; the file itself is synced.
  }
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export type ArchiveCheck =
  { ok: true; summary: ArchiveSummary } | { ok: false; line: number; id: number | null; problem: string };

/**
 * Checks an archive file on its own: every row's hash and link (from the hash its first row
 * follows), the digest and counts of its summary line. A problem names the line (1-based).
 */
export async function checkArchiveFile(path: string, key: Buffer | null): Promise<ArchiveCheck> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const digest = createHash('sha256');
  let chain: ChainCheck | null = null;
  let n = 0;
  let rows = 0;
  let first: AuditRow | null = null;
  let last: AuditRow | null = null;
  let summary: ArchiveSummary | null = null;
  const bad = (problem: string, id: number | null = null): ArchiveCheck => ({
    ok: false,
    line: n,
    id,
    problem,
  });
  for await (const text of lines) {
    n++;
    if (summary) return bad('a line after the summary');
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return bad('not JSON');
    }
    if (v.summary) {
      summary = v.summary as ArchiveSummary;
      continue;
    }
    const r = toRow(v);
    if (!r) return bad('not an audit row');
    chain ??= new ChainCheck(r.prevHash, key);
    const broken = chain.next(r);
    if (broken) return bad(`row ${r.id}: ${BROKEN_WORDS[broken]}`, r.id);
    digest.update(text + '\n');
    first ??= r;
    last = r;
    rows++;
  }
  if (!summary) return bad('no summary line (the file is cut short)');
  const expected: ArchiveSummary = {
    rows,
    firstId: first?.id ?? 0,
    lastId: last?.id ?? 0,
    firstPrevHash: first?.prevHash ?? '',
    lastHash: last?.hash ?? '',
    sha256: digest.digest('hex'),
  };
  for (const k of Object.keys(expected) as (keyof ArchiveSummary)[])
    if (summary[k] !== expected[k])
      return bad(`the summary's ${k} is ${String(summary[k])}, the rows give ${String(expected[k])}`);
  return { ok: true, summary };
}

function toRow(v: Record<string, unknown>): AuditRow | null {
  const str = (k: string) => typeof v[k] === 'string';
  if (typeof v.id !== 'number' || !['at', 'actor', 'action', 'objectType', 'objectId'].every(str))
    return null;
  if (!str('requestId') || !str('prevHash') || !str('hash')) return null;
  const at = new Date(v.at as string);
  if (Number.isNaN(at.getTime())) return null;
  return {
    id: v.id,
    at,
    actor: v.actor as string,
    action: v.action as string,
    objectType: v.objectType as string,
    objectId: v.objectId as string,
    before: v.before ?? null,
    after: v.after ?? null,
    requestId: v.requestId as string,
    prevHash: v.prevHash as string,
    hash: v.hash as string,
  };
}

/**
 * The `audit.archive` row that recorded the archive ending at `lastId`, if the log still holds it
 * (a later archive may have taken it too). Its digest is the file's, kept apart from the file.
 */
export async function archiveRecordFor(
  db: Db,
  lastId: number,
): Promise<{ id: number; after: ArchiveRecord } | null> {
  const [row] = await db
    .select({ id: auditLog.id, after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, ARCHIVE_ACTION),
        eq(auditLog.objectType, 'audit'),
        sql`${auditLog.after}->>'lastId' = ${String(lastId)}`,
      ),
    )
    .orderBy(asc(auditLog.id))
    .limit(1);
  return row ? { id: row.id, after: row.after as ArchiveRecord } : null;
}
