// Anchors for the audit chain outside the rows it protects. A hash chain alone shows an edited
// row, but not a truncated log, a wiped table, or a history rewritten with recomputed hashes:
// - a **keyed hash**: with YUNQIAN_AUDIT_KEY set, each new row's hash is an HMAC under a key the
//   database does not hold, so hashes cannot be recomputed by whoever can write the table;
// - a **signed head** (row count, last id and hash, time), exported outside the database and
//   checked by `yunqian audit verify --head FILE`: fewer rows, other hashes or a wiped table show;
// - **forwarding** of every row to a syslog collector (RFC 5424 over UDP), so a deletion is visible
//   elsewhere;
// - the **archive record**: `yunqian audit archive` moves the oldest rows to a file and records,
//   in an `audit.archive` row of the chain, the last hash of what it took; the rows left start
//   from there (see verifyAudit in audit.ts, and audit-archive.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { and, count, desc, eq, lte } from 'drizzle-orm';
import { auditLog } from './schema.ts';
import type { Db } from './db.ts';

/** Hashes made with the key start so; plain chain hashes are 64 hex digits. */
export const KEYED_PREFIX = 'hmac-sha256:';
/**
 * The 国密 profile's (#21): HMAC-SM3 under the same key, and plain SM3 without one. The prefix says
 * how each row was hashed, so a chain that changed profile midway verifies row by row.
 */
export const KEYED_SM3_PREFIX = 'hmac-sm3:';
export const SM3_PREFIX = 'sm3:';

/** How a stored hash was made, read from its prefix. */
export function hashKind(hash: string): { keyed: boolean; alg: 'sha256' | 'sm3' } {
  if (hash.startsWith(KEYED_PREFIX)) return { keyed: true, alg: 'sha256' };
  if (hash.startsWith(KEYED_SM3_PREFIX)) return { keyed: true, alg: 'sm3' };
  return { keyed: false, alg: hash.startsWith(SM3_PREFIX) ? 'sm3' : 'sha256' };
}

interface Anchor {
  key: Buffer | null;
  syslog: { host: string; port: number } | null;
}
const anchor: Anchor = { key: null, syslog: null };

/** Process-wide: set once at start-up from the configuration (the key never reaches the database). */
export function configureAuditAnchor(o: {
  key?: string | undefined;
  syslog?: Anchor['syslog'] | undefined;
}): void {
  anchor.key = o.key ? Buffer.from(o.key, 'utf8') : null;
  anchor.syslog = o.syslog ?? null;
}

export const auditKey = (): Buffer | null => anchor.key;

export function keyedHash(key: Buffer, prev: string, body: string, alg: 'sha256' | 'sm3' = 'sha256'): string {
  return (
    (alg === 'sm3' ? KEYED_SM3_PREFIX : KEYED_PREFIX) +
    createHmac(alg, key).update(prev).update('\n').update(body).digest('hex')
  );
}

/** The action of the row `yunqian audit archive` writes when it moves rows out of the log. */
export const ARCHIVE_ACTION = 'audit.archive';

/** What the latest archive took out of the log, as its `audit.archive` row records it. */
export interface ArchiveAnchor {
  /** The `audit.archive` row's own id. */
  id: number;
  /** The last archived row: the rows left start after it and follow its hash. */
  lastId: number;
  lastHash: string;
  /** Rows archived so far, by this archive and every one before it. */
  totalArchived: number;
  file: string;
}

/**
 * The latest `audit.archive` row, or null when nothing was ever archived. A malformed one (edited
 * by hand) still anchors, at a hash no row follows, so the chain reports it broken.
 */
export async function latestArchive(db: Db): Promise<ArchiveAnchor | null> {
  const [row] = await db
    .select({ id: auditLog.id, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.action, ARCHIVE_ACTION), eq(auditLog.objectType, 'audit')))
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (!row) return null;
  const a = (row.after ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : 0);
  return {
    id: row.id,
    lastId: num(a.lastId),
    lastHash: typeof a.lastHash === 'string' ? a.lastHash : '',
    totalArchived: num(a.totalArchived),
    file: typeof a.file === 'string' ? a.file : '',
  };
}

export interface AuditHead {
  count: number;
  lastId: number;
  lastHash: string;
  at: string;
  signature: string;
}

const sign = (key: Buffer, h: Omit<AuditHead, 'signature'>) =>
  createHmac('sha256', key).update(`${h.count}\n${h.lastId}\n${h.lastHash}\n${h.at}`).digest('hex');

/**
 * The chain's head now, signed with the key (to be stored outside the database). Its count is of
 * every row written up to its last one, archived rows included, so an archive never makes an
 * earlier head look truncated.
 */
export async function auditHead(db: Db, key: Buffer, at: Date): Promise<AuditHead> {
  // Small reads, not the whole log (the server writes a head every few minutes).
  const [tail] = await db
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  const [total] = (await db.select({ n: count() }).from(auditLog)) as [{ n: number }];
  const archived = (await latestArchive(db))?.totalArchived ?? 0;
  const head = {
    count: Number(total.n) + archived,
    lastId: tail?.id ?? 0,
    lastHash: tail?.hash ?? '',
    at: at.toISOString(),
  };
  return { ...head, signature: sign(key, head) };
}

/** What the database holds against an exported head: null when it still holds it, else why not. */
export async function checkHead(db: Db, key: Buffer, head: AuditHead): Promise<string | null> {
  const expected = Buffer.from(sign(key, head), 'hex');
  const given = Buffer.from(head.signature ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'the head file is not signed with this key';
  if (head.count === 0) return null;
  const archived = await latestArchive(db);
  if (archived && head.lastId <= archived.lastId)
    return `row ${head.lastId}, the last one at ${head.at}, was archived since (to ${archived.file}, audit row ${archived.id}): check a newer head`;
  const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, head.lastId));
  if (!row) return `row ${head.lastId}, the last one at ${head.at}, is gone (truncated or wiped)`;
  if (row.hash !== head.lastHash)
    return `row ${head.lastId} has another hash than at ${head.at} (history rewritten)`;
  const [{ n }] = (await db.select({ n: count() }).from(auditLog).where(lte(auditLog.id, head.lastId))) as [
    { n: number },
  ];
  const written = Number(n) + (archived?.totalArchived ?? 0);
  if (written !== head.count)
    return `${written} rows up to row ${head.lastId}${archived ? ' (archived ones included)' : ''}, ${head.count} at ${head.at} (rows deleted)`;
  return null;
}

/** Sends one audit row to the collector (RFC 5424: facility log audit, severity informational). */
export function forwardAuditRow(row: {
  id: number;
  at: Date;
  actor: string;
  action: string;
  objectId: string;
  hash: string;
}): void {
  const target = anchor.syslog;
  if (!target) return;
  const msg = JSON.stringify({
    id: row.id,
    actor: row.actor,
    action: row.action,
    object: row.objectId,
    hash: row.hash,
  });
  // <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG; PRI = 13 × 8 + 6.
  const line = `<110>1 ${row.at.toISOString()} ${hostname()} yunqian ${process.pid} audit - ${msg}`;
  const socket = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
  socket.send(line, target.port, target.host, () => socket.close());
}
