// The sandbox is a demonstration: an open role picker (anyone is a leader or an administrator)
// over a generated province. It must never meet a real deployment by accident. It runs only when
// chosen (`sandbox.enabled`), never beside configured clusters, never on a database it did not
// create, and never on a non-loopback address unless an operator says so, loudly.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ConfigError, type Config } from './config/config.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Whether this configuration runs the sandbox; throws when it would be unsafe or ambiguous. */
export function sandboxChosen(config: Config): boolean {
  const on = config.sandbox.enabled === true;
  const problems: string[] = [];
  if (!on) {
    if (config.clusters.length === 0)
      problems.push(
        'clusters: none configured. Configure clusters, or run the sandbox province on purpose with sandbox.enabled (YUNQIAN_SANDBOX=true)',
      );
  } else {
    if (config.clusters.length > 0)
      problems.push('sandbox.enabled: the sandbox cannot run while clusters are configured');
    if (config.database.dataDir)
      problems.push(
        'database.dataDir: the sandbox never writes into a database it did not create; it keeps its data in memory',
      );
    if (config.database.url && !config.sandbox.ownDatabase)
      problems.push(
        'database.url: the sandbox never writes into a database it did not create; set sandbox.ownDatabase (YUNQIAN_SANDBOX_OWN_DATABASE=true) to let it create a throwaway database on that server',
      );
    if (!LOOPBACK.test(config.server.host) && !config.sandbox.allowNetwork)
      problems.push(
        `server.host: the sandbox's open role picker makes every visitor an administrator; it listens on loopback only unless sandbox.allowNetwork (YUNQIAN_SANDBOX_ALLOW_NETWORK=true) is set (asked: ${config.server.host})`,
      );
  }
  if (problems.length)
    throw new ConfigError(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return on;
}

/**
 * A throwaway database on the configured PostgreSQL server, created for the sandbox and dropped
 * when it closes: the given database itself is never written. A named one (sandbox.databaseName)
 * is shared by several sandbox processes: created by the first, joined by the others, kept.
 */
export async function sandboxDatabase(
  url: string,
  shared?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = shared ?? `yunqian_sandbox_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const own = new URL(url);
  own.pathname = `/${name}`;
  if (shared) {
    // Created once; a second process starting at the same moment finds it made.
    await admin(`CREATE DATABASE ${name}`).catch((e: { code?: string }) => {
      // duplicate_database, or the catalog's unique index when both create at the same instant.
      if (e.code !== '42P04' && e.code !== '23505') throw e;
    });
    return { url: own.toString(), drop: async () => undefined };
  }
  await admin(`CREATE DATABASE ${name}`);
  return { url: own.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
