// Changes reported by the clusters' audit webhooks, as drizzle sees them (migrations/
// 0026_kube_changes.sql creates the table). Kept beside, not in, schema.ts: only the kube-changes
// store reads it.
import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const kubeChanges = pgTable(
  'kube_changes',
  {
    cluster: text('cluster').notNull(),
    auditId: text('audit_id').notNull(),
    apiGroup: text('api_group').notNull(),
    resource: text('resource').notNull(),
    namespace: text('namespace').notNull(),
    name: text('name').notNull(),
    verb: text('verb').notNull(),
    username: text('username').notNull(),
    via: text('via'),
    code: integer('code').notNull(),
    receivedAt: ts('received_at').notNull(),
    at: ts('at').notNull(),
    keptAt: ts('kept_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cluster, t.auditId] })],
);
