// The audit log: one row per change, written in the change's own transaction. Rows are hash-
// chained — each hash covers the row and the previous row's hash — so editing or deleting a
// row breaks the chain from there on, and `yunqian audit verify` names the first broken row.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { auditLog } from './schema.ts';
import { lockFor, type Db, type Tx } from './db.ts';
import { canonical } from '../sources/kubernetes/trim.ts';
import { auditKey, forwardAuditRow, KEYED_PREFIX, keyedHash } from './audit-anchor.ts';

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
 * was written with it), else plain SHA-256. Null when a keyed row is checked without the key.
 */
function hashOf(prev: string, e: Required<AuditEntry>, key: Buffer | null): string {
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
  if (key) return keyedHash(key, prev, body);
  return createHash('sha256').update(prev).update('\n').update(body).digest('hex');
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
    .values({ ...full, prevHash, hash: hashOf(prevHash, full, auditKey()) })
    .returning();
  forwardAuditRow(row!);
}

export interface VerifyResult {
  rows: number;
  /** The first row whose hash or link does not hold, or null when the chain is intact. */
  firstBroken: { id: number; reason: 'hash' | 'link' | 'key-needed' } | null;
}

export async function verifyAudit(db: Db, key: Buffer | null = auditKey()): Promise<VerifyResult> {
  const rows = await (db as Db).select().from(auditLog).orderBy(asc(auditLog.id));
  let prev = GENESIS;
  let seenKeyed = false;
  for (const r of rows) {
    if (r.prevHash !== prev) return { rows: rows.length, firstBroken: { id: r.id, reason: 'link' } };
    const keyed = r.hash.startsWith(KEYED_PREFIX);
    if (keyed && !key) return { rows: rows.length, firstBroken: { id: r.id, reason: 'key-needed' } };
    // Once the chain is keyed it stays keyed: a plain row after a keyed one is a downgrade.
    if (seenKeyed && !keyed) return { rows: rows.length, firstBroken: { id: r.id, reason: 'hash' } };
    seenKeyed ||= keyed;
    const expected = hashOf(
      prev,
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
      keyed ? key : null,
    );
    if (expected !== r.hash) return { rows: rows.length, firstBroken: { id: r.id, reason: 'hash' } };
    prev = r.hash;
  }
  return { rows: rows.length, firstBroken: null };
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
