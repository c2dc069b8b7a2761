// The metering tables (migration 0022_metering.sql), kept beside the metering code rather than in
// store/schema.ts: nothing else reads them.
import { date, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const meteringPrices = pgTable('metering_prices', {
  id: serial('id').primaryKey(),
  item: text('item').notNull(),
  price: text('price').notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  note: text('note').notNull(),
  addedBy: text('added_by').notNull(),
  addedAt: ts('added_at').notNull(),
});

export const meteringStatements = pgTable('metering_statements', {
  month: text('month').primaryKey(),
  content: text('content').notNull(),
  digest: text('digest').notNull(),
  signature: text('signature'),
  closedBy: text('closed_by').notNull(),
  closedAt: ts('closed_at').notNull(),
});
