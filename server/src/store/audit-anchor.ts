// Anchors for the audit chain outside the rows it protects. A hash chain alone shows an edited
// row, but not a truncated log, a wiped table, or a history rewritten with recomputed hashes:
// - a **keyed hash**: with YUNQIAN_AUDIT_KEY set, each new row's hash is an HMAC under a key the
//   database does not hold, so hashes cannot be recomputed by whoever can write the table;
// - a **signed head** (row count, last id and hash, time), exported outside the database and
//   checked by `yunqian audit verify --head FILE`: fewer rows, other hashes or a wiped table show;
// - **forwarding** of every row to a syslog collector (RFC 5424 over UDP), so a deletion is visible
//   elsewhere.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { count, desc, eq, lte } from 'drizzle-orm';
import { auditLog } from './schema.ts';
import type { Db } from './db.ts';

/** Hashes made with the key start so; plain chain hashes are 64 hex digits. */
export const KEYED_PREFIX = 'hmac-sha256:';

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

export function keyedHash(key: Buffer, prev: string, body: string): string {
  return KEYED_PREFIX + createHmac('sha256', key).update(prev).update('\n').update(body).digest('hex');
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

/** The chain's head now, signed with the key (to be stored outside the database). */
export async function auditHead(db: Db, key: Buffer, at: Date): Promise<AuditHead> {
  // Two small reads, not the whole log (the server writes a head every few minutes).
  const [tail] = await db
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  const [total] = (await db.select({ n: count() }).from(auditLog)) as [{ n: number }];
  const head = {
    count: Number(total.n),
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
  const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, head.lastId));
  if (!row) return `row ${head.lastId}, the last one at ${head.at}, is gone (truncated or wiped)`;
  if (row.hash !== head.lastHash)
    return `row ${head.lastId} has another hash than at ${head.at} (history rewritten)`;
  const [{ n }] = (await db.select({ n: count() }).from(auditLog).where(lte(auditLog.id, head.lastId))) as [
    { n: number },
  ];
  if (Number(n) !== head.count)
    return `${n} rows up to row ${head.lastId}, ${head.count} at ${head.at} (rows deleted)`;
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
