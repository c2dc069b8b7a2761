// Versioned SQL migrations (migrations/NNNN_name.sql), each applied once, in order, in its own
// transaction; replicas starting together take turns through an advisory lock.
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { migrationsDir as DIR } from '../lib/layout.ts';
import type { Db } from './db.ts';

export function migrationFiles(): { version: number; name: string; text: string }[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, text: readFileSync(new URL(f, DIR), 'utf8') }));
}

export async function migrate(db: Db): Promise<number[]> {
  const d = db as Db & { execute: (q: unknown) => Promise<{ rows: Record<string, unknown>[] }> };
  await d.execute(
    sql`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: number[] = [];
  for (const m of migrationFiles()) {
    await (db as Db).transaction(async (tx) => {
      const t = tx as unknown as typeof d;
      await t.execute(sql`SELECT pg_advisory_xact_lock(hashtext('yunqian-migrate'))`);
      const done = await t.execute(sql`SELECT 1 FROM schema_migrations WHERE version = ${m.version}`);
      if (done.rows.length) return;
      // One statement per call: the extended protocol (node-postgres, PGlite) takes one at a time.
      for (const statement of statements(m.text)) await t.execute(sql.raw(statement));
      await t.execute(sql`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`);
      applied.push(m.version);
    });
  }
  return applied;
}

/** A migration's statements: each ends with `;` at the end of a line (no function bodies here). */
export function statements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((x) => x.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
