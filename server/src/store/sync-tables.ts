// The data-sync tables as drizzle sees them (migrations/0027_data_sync.sql creates them). Kept
// beside, not in, schema.ts: only the data-sync stores read them.
import {
  bigint,
  bigserial,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const big = (name: string) => bigint(name, { mode: 'number' });

export const syncTokens = pgTable('sync_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  department: text('department').notNull(),
  network: text('network'),
  systems: jsonb('systems').$type<string[]>().notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  hint: text('hint').notNull(),
  issuedBy: text('issued_by').notNull(),
  issuedAt: ts('issued_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  revokedBy: text('revoked_by'),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
  lastUsedFrom: text('last_used_from'),
  reports: integer('reports').notNull().default(0),
});

export const syncReports = pgTable('sync_reports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  system: text('system').notNull(),
  run: text('run').notNull(),
  sequence: big('sequence').notNull(),
  tokenId: integer('token_id').notNull(),
  measuredAt: ts('measured_at').notNull(),
  receivedAt: ts('received_at').notNull(),
  receivedFrom: text('received_from'),
  requestId: text('request_id').notNull(),
  phase: text('phase'),
  percent: doublePrecision('percent'),
  rowsCopied: big('rows_copied'),
  rowsTotal: big('rows_total'),
  bytesCopied: big('bytes_copied'),
  bytesTotal: big('bytes_total'),
  checksumsVerified: big('checksums_verified'),
  checksumsMismatched: big('checksums_mismatched'),
  checksumsTotal: big('checksums_total'),
});
