// The network summary in the database. On the exporting side: the engine keeps the latest counts
// (one row per network) and each export takes the next number from the database's sequence, so
// replicas and the command line never hand out one number twice. On the importing side: a summary
// is accepted once, only if it is newer than the last one accepted from its network; an accepted
// and a refused file are both audited, with the reason.
import { and, desc, eq, sql } from 'drizzle-orm';
import { summaryExports, summaryImports, summarySnapshot } from './schema.ts';
import { lockFor, type Db, type Store } from './db.ts';
import { audit } from './audit.ts';
import type { Actor } from './request-transition.ts';
import type { Network } from '../model/index.ts';
import type { SigningKey } from '../crypto/signature.ts';
import { NetworkSummarySchema, type NetworkSummary } from '../summary/content.ts';
import { openSummary, sealSummary, type SummaryRefusal } from '../summary/envelope.ts';

type Counts = Omit<NetworkSummary, 'sequence' | 'exportedAt'>;

/** Keeps the latest counts of a network (the engine, after each new state). */
export async function saveSnapshot(db: Db, content: Counts, now: Date): Promise<void> {
  await db
    .insert(summarySnapshot)
    .values({ network: content.network, content, asOf: new Date(content.asOf), updatedAt: now })
    .onConflictDoUpdate({
      target: summarySnapshot.network,
      set: { content, asOf: new Date(content.asOf), updatedAt: now },
    });
}

/** No figures to export yet: the engine has not computed a state since the database was made. */
export class NoSnapshotError extends Error {
  constructor(readonly network: Network) {
    super(`no figures of the ${network} network yet: start the server once, and let it sync`);
  }
}

/** Numbers, signs and records an export of the latest counts; returns the file's text. */
export async function exportSummary(
  store: Store,
  network: Network,
  key: SigningKey,
  by: Actor,
  now = by.at ?? new Date(),
): Promise<{ sequence: number; text: string; asOf: string }> {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [snap] = await t.select().from(summarySnapshot).where(eq(summarySnapshot.network, network));
    if (!snap) throw new NoSnapshotError(network);
    const numbered = (await t.execute(
      sql`SELECT nextval(pg_get_serial_sequence('summary_exports', 'sequence')) AS next`,
    )) as unknown as { rows: { next: string | number }[] };
    const next = Number(numbered.rows[0]!.next);
    const summary: NetworkSummary = {
      ...(snap.content as Counts),
      sequence: next,
      exportedAt: now.toISOString(),
    };
    const text = sealSummary(summary, key, now);
    const digest = (JSON.parse(text) as { signature: { digest: string } }).signature.digest;
    await t.insert(summaryExports).values({
      sequence: next,
      network,
      asOf: snap.asOf,
      exportedAt: now,
      exportedBy: by.id,
      digest,
    });
    await audit(tx, {
      actor: by.id,
      action: 'summary.export',
      objectType: 'network-summary',
      objectId: `${network}#${next}`,
      before: null,
      after: { network, sequence: next, asOf: summary.asOf, digest },
      requestId: by.requestId,
      at: now,
    });
    return { sequence: next, text, asOf: summary.asOf };
  });
}

export type ImportResult =
  { ok: true; network: Network; sequence: number; asOf: string } | ({ ok: false } & SummaryRefusal);

/**
 * Imports a summary file, if it verifies against one of `trusted`, passes the schema, comes from
 * the other network and is newer than the last accepted from there. Either way, audited.
 */
export async function importSummary(
  store: Store,
  bytes: Uint8Array,
  o: { trusted: readonly string[]; ownNetwork: Network | null; source: string },
  by: Actor,
  now = by.at ?? new Date(),
): Promise<ImportResult> {
  const opened = openSummary(bytes, o.trusted);
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const refuse = async (r: SummaryRefusal, objectId = o.source): Promise<ImportResult> => {
      await audit(tx, {
        actor: by.id,
        action: 'summary.refuse',
        objectType: 'network-summary',
        objectId,
        before: null,
        after: { source: o.source, ...r },
        requestId: by.requestId,
        at: now,
      });
      return { ok: false, ...r };
    };
    if (!('summary' in opened)) return refuse(opened);
    const s = opened.summary;
    const id = `${s.network}#${s.sequence}`;
    if (s.network === o.ownNetwork)
      return refuse(
        { reason: 'own-network', detail: `a summary of this instance's own network (${s.network})` },
        id,
      );
    // One import at a time: two replicas given the same file accept it once.
    await lockFor(tx, 'yunqian-summary-import');
    const [last] = await t
      .select({ sequence: summaryImports.sequence })
      .from(summaryImports)
      .where(eq(summaryImports.network, s.network))
      .orderBy(desc(summaryImports.sequence))
      .limit(1);
    if (last && s.sequence <= last.sequence) {
      const [same] = await t
        .select({ id: summaryImports.id })
        .from(summaryImports)
        .where(and(eq(summaryImports.network, s.network), eq(summaryImports.sequence, s.sequence)));
      return refuse(
        same
          ? { reason: 'replayed', detail: `summary ${s.sequence} was imported already`, last: last.sequence }
          : {
              reason: 'out-of-order',
              detail: `summary ${s.sequence} is older than ${last.sequence}, the last imported`,
              last: last.sequence,
            },
        id,
      );
    }
    await t.insert(summaryImports).values({
      network: s.network,
      sequence: s.sequence,
      asOf: new Date(s.asOf),
      exportedAt: new Date(s.exportedAt),
      importedAt: now,
      importedBy: by.id,
      signer: opened.signer,
      digest: opened.digest,
      content: s,
    });
    await audit(tx, {
      actor: by.id,
      action: 'summary.import',
      objectType: 'network-summary',
      objectId: id,
      before: last ? { sequence: last.sequence } : null,
      after: {
        source: o.source,
        network: s.network,
        sequence: s.sequence,
        asOf: s.asOf,
        digest: opened.digest,
      },
      requestId: by.requestId,
      at: now,
    });
    return { ok: true, network: s.network, sequence: s.sequence, asOf: s.asOf };
  });
}

/** The newest accepted summary of each network, as imported (checked again on the way out). */
export async function latestImports(db: Db) {
  const rows = await db
    .selectDistinctOn([summaryImports.network])
    .from(summaryImports)
    .orderBy(summaryImports.network, desc(summaryImports.sequence));
  return rows.map((r) => ({
    summary: NetworkSummarySchema.parse(r.content),
    importedAt: r.importedAt.toISOString(),
    importedBy: r.importedBy,
    signer: r.signer,
  }));
}
