// The audit log: one row per change, written in the change's own transaction. Rows are hash-
// chained — each hash covers the row and the previous row's hash — so editing or deleting a
// row breaks the chain from there on, and `yunqian audit verify` names the first broken row.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, lte, type SQL } from 'drizzle-orm';
import { auditLog } from './schema.ts';
import { lockFor, type Db, type Tx } from './db.ts';
import { canonical } from '../sources/kubernetes/trim.ts';
import {
  auditKey,
  forwardAuditRow,
  hashKind,
  keyedHash,
  latestArchive,
  SM3_PREFIX,
  type ArchiveAnchor,
} from './audit-anchor.ts';
import { currentProfile } from '../crypto/profile.ts';

export const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  before: unknown;
  after: unknown;
  requestId: string;
  at?: Date;
}

/**
 * A row's hash: an HMAC under the audit key when one is configured (or when verifying a row that
 * was written with it), else a plain hash; SHA-256 (international profile) or SM3 (国密), each
 * marked by its prefix (audit-anchor.ts) so verification follows the row, not today's profile.
 */
function hashOf(prev: string, e: Required<AuditEntry>, key: Buffer | null, alg: 'sha256' | 'sm3'): string {
  const body = canonical({
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    before: e.before ?? null,
    after: e.after ?? null,
    requestId: e.requestId,
  });
  if (key) return keyedHash(key, prev, body, alg);
  const plain = createHash(alg).update(prev).update('\n').update(body).digest('hex');
  return alg === 'sm3' ? SM3_PREFIX + plain : plain;
}

/** Appends one entry; call inside the transaction that makes the change. */
export async function audit(tx: Tx, e: AuditEntry): Promise<void> {
  // Appends are serialised across replicas, so two writers never chain onto the same row.
  await lockFor(tx, 'yunqian-audit');
  const [last] = await (tx as Db)
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  const full = { ...e, at: e.at ?? new Date(), before: e.before ?? null, after: e.after ?? null };
  // Stored as JSON and read back as JSON: hash what will be read back.
  full.before = full.before === null ? null : JSON.parse(JSON.stringify(full.before));
  full.after = full.after === null ? null : JSON.parse(JSON.stringify(full.after));
  const prevHash = last?.hash ?? GENESIS;
  const [row] = await (tx as Db)
    .insert(auditLog)
    .values({ ...full, prevHash, hash: hashOf(prevHash, full, auditKey(), currentProfile().hash) })
    .returning();
  forwardAuditRow(row!);
}

/** A stored audit row, as read back (and as an archive file holds it, one per line). */
export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  before: unknown;
  after: unknown;
  requestId: string;
  prevHash: string;
  hash: string;
}

export type Broken = 'hash' | 'link' | 'key-needed';

/**
 * Walks a chain row by row from the hash it must start from (GENESIS, or the last hash of an
 * archived prefix): the database's log, an archive being written, an archive file read back.
 */
export class ChainCheck {
  /** Once the chain is keyed it stays keyed: a plain row after a keyed one is a downgrade. */
  private seenKeyed: boolean;
  constructor(
    public prev: string,
    private readonly key: Buffer | null,
  ) {
    this.seenKeyed = hashKind(prev).keyed;
  }

  /** Null when the row holds (and becomes the one the next row must follow), else why not. */
  next(r: AuditRow): Broken | null {
    if (r.prevHash !== this.prev) return 'link';
    // The row's own prefix says how it was hashed (SHA-256 or SM3, keyed or not): a chain that
    // changed profile midway verifies; the keyed-then-plain downgrade stays refused.
    const { keyed, alg } = hashKind(r.hash);
    if (keyed && !this.key) return 'key-needed';
    if (this.seenKeyed && !keyed) return 'hash';
    this.seenKeyed ||= keyed;
    const expected = hashOf(
      this.prev,
      {
        at: r.at,
        actor: r.actor,
        action: r.action,
        objectType: r.objectType,
        objectId: r.objectId,
        before: r.before,
        after: r.after,
        requestId: r.requestId,
      },
      keyed ? this.key : null,
      alg,
    );
    if (expected !== r.hash) return 'hash';
    this.prev = r.hash;
    return null;
  }
}

export interface VerifyResult {
  rows: number;
  /** The first row whose hash or link does not hold, or null when the chain is intact. */
  firstBroken: { id: number; reason: Broken } | null;
  /** The archived prefix the log starts after (the latest `audit.archive` row), if any. */
  archived: ArchiveAnchor | null;
}

/** Rows are read in pages of this many, so a long log is never held in memory at once. */
const PAGE = 5000;

/** Every row from `after` on (exclusive), in id order, a page at a time. */
export async function* auditRows(db: Db, after = 0, through = Number.MAX_SAFE_INTEGER) {
  for (let from = after; ;) {
    const page: AuditRow[] = await (db as Db)
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.id, from), lte(auditLog.id, through)))
      .orderBy(asc(auditLog.id))
      .limit(PAGE);
    yield* page;
    if (page.length < PAGE) return;
    from = page.at(-1)!.id;
  }
}

/**
 * Checks the whole log. It starts at GENESIS, or — once `yunqian audit archive` has moved the
 * oldest rows to a file — at the last hash of the archived prefix, which the latest `audit.archive`
 * row records (store/audit-archive.ts). That row is itself a link of the chain: its hash covers the
 * recorded last hash, so it cannot be edited, or (with the key) forged, without breaking the chain
 * at it. A truncation that did not go through the archive therefore still shows: the first row
 * left points at a hash that no archive recorded (a `link` break at that row). Deleting the
 * `audit.archive` row too does not help: alone it leaves a gap (a `link` break at the row after
 * it); with everything before it, no anchor is left and the first row does not follow GENESIS
 * (earlier `audit.archive` rows precede it, so they go too). Rows put back in front of an archived
 * prefix do not follow its last hash. What a chain cannot show, a cut tail or a wiped table, the
 * signed head does (audit-anchor.ts).
 */
export async function verifyAudit(db: Db, key: Buffer | null = auditKey()): Promise<VerifyResult> {
  const archived = await latestArchive(db);
  const chain = new ChainCheck(archived?.lastHash ?? GENESIS, key);
  let rows = 0;
  let firstBroken: VerifyResult['firstBroken'] = null;
  for await (const r of auditRows(db)) {
    rows++;
    if (firstBroken) continue;
    // Rows the archive took out are gone: one still here (or put back) breaks the link.
    const reason = archived && r.id <= archived.lastId ? 'link' : chain.next(r);
    if (reason) firstBroken = { id: r.id, reason };
  }
  return { rows, firstBroken, archived };
}

export interface AuditFilter {
  actor?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit?: number | undefined;
}

export async function listAudit(db: Db, f: AuditFilter = {}) {
  const where: SQL[] = [];
  if (f.actor) where.push(eq(auditLog.actor, f.actor));
  if (f.objectType) where.push(eq(auditLog.objectType, f.objectType));
  if (f.objectId) where.push(eq(auditLog.objectId, f.objectId));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  return (db as Db)
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(f.limit ?? 500);
}

/** CSV (RFC 4180) of audit rows, for the auditors' export. */
export function auditCsv(rows: Awaited<ReturnType<typeof listAudit>>): string {
  const cell = (v: unknown) => {
    const s =
      v === null || v === undefined
        ? ''
        : typeof v === 'string'
          ? v
          : v instanceof Date
            ? v.toISOString()
            : JSON.stringify(v);
    // A leading =, +, -, @, tab or carriage return would be run as a formula by a spreadsheet
    // program (OWASP's CSV injection list): such a cell starts with a quote mark instead.
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const head = [
    'id',
    'at',
    'actor',
    'action',
    'object_type',
    'object_id',
    'before',
    'after',
    'request_id',
    'hash',
  ];
  const lines = rows.map((r) =>
    [r.id, r.at, r.actor, r.action, r.objectType, r.objectId, r.before, r.after, r.requestId, r.hash]
      .map(cell)
      .join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
