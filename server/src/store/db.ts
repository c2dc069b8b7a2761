// The database: embedded PGlite (a data directory, nothing to install) by default, PostgreSQL
// when a URL is given (several Yunqian replicas on one database). Migrations run at open.
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate } from './migrate.ts';
import { lockDataDir } from './data-dir-lock.ts';

export type Db = ReturnType<typeof drizzlePglite> | ReturnType<typeof drizzlePg>;
/** A transaction or the database itself: store functions take either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export async function openStore(o: {
  url?: string | undefined;
  dataDir?: string | undefined;
}): Promise<Store> {
  if (o.url) {
    const pool = new pg.Pool({
      connectionString: o.url,
      max: 10,
      // A database that is down or restarting gives a prompt, retryable error, never a hang.
      connectionTimeoutMillis: 5_000,
      query_timeout: 30_000,
    });
    // A connection the server drops (restart, failover) must not take the process down: idle
    // ones are reported to the pool, checked-out ones fail their next query instead.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePg(pool);
    await migrate(db);
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  // No data directory: in memory (tests and the sandbox). A directory belongs to one process.
  const release = o.dataDir ? lockDataDir(o.dataDir) : () => undefined;
  try {
    const client = o.dataDir ? new PGlite(o.dataDir) : new PGlite();
    const db = drizzlePglite(client);
    await migrate(db);
    return {
      db,
      kind: 'pglite',
      async close() {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** Serialises writers of one kind across replicas for the rest of the transaction. */
export async function lockFor(tx: Tx, name: string): Promise<void> {
  await (tx as Db).execute(sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`);
}

/** Runs literal SQL (maintenance and tests); returns its rows. */
export async function rawQuery<T = Record<string, unknown>>(db: Db, text: string): Promise<T[]> {
  const r = (await (db as Db).execute(sql.raw(text))) as unknown as { rows: T[] };
  return r.rows;
}
