// Changes to tenant objects reported by the clusters' audit webhooks. Written by whichever replica
// received the batch: the (cluster, auditID) key keeps an event once however often it is sent or
// by however many replicas. Not audited: these rows are the clusters' own audit records of what
// people did there, machine input received many times a minute; an audit row each would serialise
// every batch on the audit chain's lock and bury the people's acts in Yunqian that the audit keeps.
import { and, desc, inArray, lt, lte, or, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from './db.ts';
import { kubeChanges } from './kube-changes-table.ts';
import type { KubeChange } from '../kube-audit/events.ts';

export type KeptChange = typeof kubeChanges.$inferSelect;

/** Keeps a batch's changes from one cluster; returns how many were new. */
export async function keepChanges(db: Db | Tx, cluster: string, changes: KubeChange[], now: Date) {
  if (!changes.length) return 0;
  const rows = await (db as Db)
    .insert(kubeChanges)
    .values(changes.map((c) => ({ ...c, cluster, keptAt: now })))
    .onConflictDoNothing({ target: [kubeChanges.cluster, kubeChanges.auditId] })
    .returning();
  return rows.length;
}

/** Forgets changes made before `before` (the retention); returns how many went. */
export async function forgetChangesBefore(db: Db, before: Date) {
  const rows = await db.delete(kubeChanges).where(lt(kubeChanges.at, before)).returning();
  return rows.length;
}

/**
 * The latest change to each object of these namespaces (and to these namespaces themselves) on
 * these clusters, made at or before `seenAt`: one row per object (DISTINCT ON, newest first).
 */
export async function latestChangesIn(
  db: Db,
  q: { clusters: string[]; namespaces: string[]; resources: string[]; seenAt: Date },
): Promise<KeptChange[]> {
  if (!q.clusters.length || !q.namespaces.length || !q.resources.length) return [];
  return (db as Db)
    .selectDistinctOn([kubeChanges.cluster, kubeChanges.resource, kubeChanges.namespace, kubeChanges.name])
    .from(kubeChanges)
    .where(
      and(
        inArray(kubeChanges.cluster, q.clusters),
        inArray(kubeChanges.resource, q.resources),
        or(
          inArray(kubeChanges.namespace, q.namespaces),
          and(eq(kubeChanges.resource, 'namespaces'), inArray(kubeChanges.name, q.namespaces)),
        ),
        lte(kubeChanges.at, q.seenAt),
      ),
    )
    .orderBy(
      kubeChanges.cluster,
      kubeChanges.resource,
      kubeChanges.namespace,
      kubeChanges.name,
      desc(kubeChanges.at),
      // Two changes in the same microsecond: the later arrival wins, not an arbitrary one.
      desc(kubeChanges.keptAt),
      sql`${kubeChanges.auditId} desc`,
    );
}

/** Every kept change of a cluster, oldest first (tests and maintenance). */
export async function changesOfCluster(db: Db, cluster: string): Promise<KeptChange[]> {
  return db.select().from(kubeChanges).where(eq(kubeChanges.cluster, cluster)).orderBy(kubeChanges.at);
}
