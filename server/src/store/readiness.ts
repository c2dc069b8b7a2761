// Readiness answers and archetypes in the database. A department saves its system's answers (all
// fields at once, as the panel shows them), an operator its archetypes; each save quotes the
// version it read and is audited in its own transaction. The tracker reads them all with the
// sign-offs (readWorkflows) and computes each verdict with readinessOf().
import { eq } from 'drizzle-orm';
import type { Archetype, SystemAnswers } from '@yunqian/plan';
import { readinessAnswers, readinessArchetypes } from './schema.ts';
import type { Db, Store, Tx } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError } from './errors.ts';
import type { Actor } from './request-transition.ts';

export interface StoredAnswers extends SystemAnswers {
  system: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

const answersOf = (row: typeof readinessAnswers.$inferSelect): StoredAnswers => ({
  system: row.system,
  ...(row.archetype ? { archetype: row.archetype } : {}),
  answers: row.answers as SystemAnswers['answers'],
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedBy,
});

const archetypeOf = (row: typeof readinessArchetypes.$inferSelect): Archetype & { version: number } => ({
  id: row.id,
  name: { zh: row.nameZh, en: row.nameEn },
  answers: row.answers as Archetype['answers'],
  version: row.version,
});

export async function readAnswers(db: Db | Tx, system: string): Promise<StoredAnswers | null> {
  const [row] = await (db as Db).select().from(readinessAnswers).where(eq(readinessAnswers.system, system));
  return row ? answersOf(row) : null;
}

/** Every system's answers and every archetype (the tracker's read, one query each). */
export async function readReadiness(db: Db) {
  const [answers, archetypes] = await Promise.all([
    db.select().from(readinessAnswers),
    db.select().from(readinessArchetypes),
  ]);
  return { answers: answers.map(answersOf), archetypes: archetypes.map(archetypeOf) };
}

export async function listArchetypes(db: Db) {
  return (await db.select().from(readinessArchetypes).orderBy(readinessArchetypes.id)).map(archetypeOf);
}

/** Saves a system's answers; `version` is the one read (0: none saved yet). */
export async function saveAnswers(
  store: Store,
  by: Actor,
  r: { system: string; version: number } & SystemAnswers,
  now = by.at ?? new Date(),
): Promise<StoredAnswers> {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const before = await readAnswers(t, r.system);
    if ((before?.version ?? 0) !== r.version)
      throw new ConflictError(
        `the readiness answers of ${r.system} changed (version ${before?.version ?? 0}, not ${r.version})`,
      );
    const values = {
      archetype: r.archetype ?? null,
      answers: r.answers,
      version: r.version + 1,
      updatedAt: now,
      updatedBy: by.id,
    };
    const [row] = before
      ? await t.update(readinessAnswers).set(values).where(eq(readinessAnswers.system, r.system)).returning()
      : await t
          .insert(readinessAnswers)
          .values({ system: r.system, ...values })
          .returning();
    await audit(tx, {
      actor: by.id,
      action: 'readiness.answer',
      objectType: 'readiness',
      objectId: r.system,
      before: before
        ? { archetype: before.archetype ?? null, answers: before.answers, version: before.version }
        : null,
      after: { archetype: values.archetype, answers: values.answers, version: values.version },
      requestId: by.requestId,
      at: now,
    });
    return answersOf(row!);
  });
}

/** Saves an archetype (created with version 0), audited. */
export async function saveArchetype(
  store: Store,
  by: Actor,
  r: Archetype & { version: number },
  now = by.at ?? new Date(),
) {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [prev] = await t.select().from(readinessArchetypes).where(eq(readinessArchetypes.id, r.id));
    if ((prev?.version ?? 0) !== r.version)
      throw new ConflictError(
        `the archetype ${r.id} changed (version ${prev?.version ?? 0}, not ${r.version})`,
      );
    const values = {
      nameZh: r.name.zh,
      nameEn: r.name.en,
      answers: r.answers,
      version: r.version + 1,
      updatedAt: now,
      updatedBy: by.id,
    };
    const [row] = prev
      ? await t.update(readinessArchetypes).set(values).where(eq(readinessArchetypes.id, r.id)).returning()
      : await t
          .insert(readinessArchetypes)
          .values({ id: r.id, ...values })
          .returning();
    await audit(tx, {
      actor: by.id,
      action: 'readiness.archetype',
      objectType: 'readiness-archetype',
      objectId: r.id,
      before: prev ? archetypeOf(prev) : null,
      after: archetypeOf(row!),
      requestId: by.requestId,
      at: now,
    });
    return archetypeOf(row!);
  });
}

/**
 * A department's questionnaire sheet saved as its systems' answers, all or none, in one
 * transaction: each system's answers replace what was saved (the workbook is the department's
 * whole answer), each with its own audit row holding what it replaced.
 */
export async function saveAnswersFromWorkbook(
  store: Store,
  by: Actor,
  entries: ({ system: string } & SystemAnswers)[],
  now = by.at ?? new Date(),
): Promise<StoredAnswers[]> {
  return store.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const out: StoredAnswers[] = [];
    for (const e of entries) {
      const before = await readAnswers(t, e.system);
      const values = {
        archetype: e.archetype ?? null,
        answers: e.answers,
        version: (before?.version ?? 0) + 1,
        updatedAt: now,
        updatedBy: by.id,
      };
      const [row] = before
        ? await t
            .update(readinessAnswers)
            .set(values)
            .where(eq(readinessAnswers.system, e.system))
            .returning()
        : await t
            .insert(readinessAnswers)
            .values({ system: e.system, ...values })
            .returning();
      await audit(tx, {
        actor: by.id,
        action: 'readiness.import',
        objectType: 'readiness',
        objectId: e.system,
        before: before
          ? { archetype: before.archetype ?? null, answers: before.answers, version: before.version }
          : null,
        after: { archetype: values.archetype, answers: values.answers, version: values.version },
        requestId: by.requestId,
        at: now,
      });
      out.push(answersOf(row!));
    }
    return out;
  });
}
