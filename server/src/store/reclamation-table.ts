// The reclamation proposals as drizzle sees them (migrations/0024_reclamation.sql creates them).
// Kept beside, not in, schema.ts: only the reclamation store reads this table.
import { doublePrecision, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const reclamationProposals = pgTable('reclamation_proposals', {
  id: serial('id').primaryKey(),
  cluster: text('cluster').notNull(),
  namespace: text('namespace').notNull(),
  system: text('system').notNull(),
  department: text('department').notNull(),
  network: text('network').notNull(),
  /** 'proposed', 'accepted', 'contested', 'upheld', 'withdrawn' or 'lapsed'. */
  status: text('status').notNull().default('proposed'),
  quotaCpu: doublePrecision('quota_cpu').notNull(),
  quotaMemoryGiB: doublePrecision('quota_memory_gib').notNull(),
  proposedCpu: integer('proposed_cpu').notNull(),
  proposedMemoryGiB: integer('proposed_memory_gib').notNull(),
  reduceCpu: doublePrecision('reduce_cpu').notNull(),
  reduceMemoryGiB: doublePrecision('reduce_memory_gib').notNull(),
  evidence: jsonb('evidence').notNull(),
  proposedBy: text('proposed_by').notNull(),
  proposedAt: ts('proposed_at').notNull(),
  contestBy: ts('contest_by').notNull(),
  answeredBy: text('answered_by'),
  answeredAt: ts('answered_at'),
  answerReason: text('answer_reason'),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  decisionComment: text('decision_comment'),
  version: integer('version').notNull().default(1),
});
