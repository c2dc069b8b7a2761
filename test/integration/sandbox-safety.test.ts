// The sandbox's open role picker must never meet a real deployment by accident (found by attacking
// a deployment: an empty configuration made every anonymous visitor a leader over the real database,
// and the sandbox wrote 1,427 synthetic history rows into it). The real app, a real PostgreSQL 15.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createApp } from '../../server/src/app.ts';
import { ConfigError, loadConfig } from '../../server/src/config/config.ts';
import { startPostgres, type RunningPostgres } from '../harness/postgres.ts';

let postgres: RunningPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(() => postgres?.stop());

const config = (env: Record<string, string>) => {
  const c = loadConfig({ YUNQIAN_LOG_LEVEL: 'silent', YUNQIAN_SANDBOX_SPEED: '0', ...env });
  return { ...c, plan: { ...c.plan, watch: false } };
};

async function tablesIn(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog','information_schema')`,
    );
    return r.rows.map((x: { tablename: string }) => x.tablename);
  } finally {
    await c.end();
  }
}

describe('the sandbox is a deliberate choice', () => {
  it('an empty configuration starts nothing, and says how to choose the sandbox', async () => {
    await expect(createApp(config({}))).rejects.toThrow(ConfigError);
    await expect(createApp(config({}))).rejects.toThrow(/YUNQIAN_SANDBOX=true/);
  });

  it('refuses a real database, naming the override that gives it one of its own', async () => {
    await expect(createApp(config({ YUNQIAN_SANDBOX: 'true', DATABASE_URL: postgres.url }))).rejects.toThrow(
      /never writes into a database it did not create.*YUNQIAN_SANDBOX_OWN_DATABASE/,
    );
    await expect(
      createApp(config({ YUNQIAN_SANDBOX: 'true', YUNQIAN_DATA_DIR: '/tmp/yq-real' })),
    ).rejects.toThrow(/database\.dataDir/);
    expect(await tablesIn(postgres.url)).toEqual([]);
  });

  it('refuses a network address unless the operator allows it, loudly', async () => {
    await expect(createApp(config({ YUNQIAN_SANDBOX: 'true', YUNQIAN_HOST: '0.0.0.0' }))).rejects.toThrow(
      /server\.host.*YUNQIAN_SANDBOX_ALLOW_NETWORK/,
    );
    const app = await createApp(
      config({ YUNQIAN_SANDBOX: 'true', YUNQIAN_HOST: '0.0.0.0', YUNQIAN_SANDBOX_ALLOW_NETWORK: 'true' }),
    );
    await app.close();
  });

  it('with its own database it writes only there, and drops it when it stops', async () => {
    const app = await createApp(
      config({
        YUNQIAN_SANDBOX: 'true',
        YUNQIAN_SANDBOX_START: '2026-11-25T08:00:00Z',
        DATABASE_URL: postgres.url,
        YUNQIAN_SANDBOX_OWN_DATABASE: 'true',
      }),
    );
    // The sandbox replayed its past into a database of its own.
    expect(app.history.all().length).toBeGreaterThan(100);
    const c = new pg.Client({ connectionString: postgres.url });
    await c.connect();
    const own = async () =>
      (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'yunqian_sandbox_%'`)).rows.length;
    try {
      expect(await own()).toBe(1);
      expect(await tablesIn(postgres.url)).toEqual([]);
      await app.close();
      expect(await own()).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('never runs beside configured clusters', async () => {
    const c = loadConfig({ YUNQIAN_SANDBOX: 'true', YUNQIAN_LOG_LEVEL: 'silent' });
    await expect(
      createApp({
        ...c,
        clusters: [
          {
            id: 'c1',
            network: 'internal',
            name: { zh: '内', en: 'In' },
            maxMlps: 3,
            kubeconfig: '/nonexistent',
          },
        ],
      }),
    ).rejects.toThrow(/cannot run while clusters are configured/);
  });
});
