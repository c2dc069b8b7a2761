// Conditions that last (drift on a tenant, a quota at 80 %): a producer looks at them again and
// again, on every version and in every replica, and must tell of each once. A mark per subject
// says the condition is known; its episode number names the notification's dedupe key. The
// condition ends (the mark goes) only where the data was judged (a synced source): a source that
// is not answering has not fixed anything. When it starts again, it is a new episode, told again.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../store/db.ts';

export interface Mark {
  subject: string;
  episode: number;
  value: string | null;
}

/** The marks whose subject begins with `prefix`. */
export async function marksUnder(tx: Tx, prefix: string): Promise<Map<string, Mark>> {
  const r = (await (tx as Db).execute(sql`
    SELECT subject, episode, value FROM notification_marks
    WHERE left(subject, ${prefix.length}) = ${prefix}`)) as unknown as { rows: Mark[] };
  return new Map(r.rows.map((m) => [m.subject, { ...m, episode: Number(m.episode) }]));
}

/** Marks the subjects not marked yet; returns the new ones with their episode. */
export async function beginEpisodes(
  tx: Tx,
  subjects: readonly string[],
  value: string | null = null,
): Promise<Map<string, number>> {
  // In one order, so two writers never wait on each other's rows crosswise.
  const sorted = [...new Set(subjects)].sort();
  if (!sorted.length) return new Map();
  const r = (await (tx as Db).execute(sql`
    INSERT INTO notification_marks (subject, value)
    VALUES ${sql.join(
      sorted.map((s) => sql`(${s}, ${value})`),
      sql`, `,
    )}
    ON CONFLICT (subject) DO NOTHING
    RETURNING subject, episode`)) as unknown as { rows: { subject: string; episode: string | number }[] };
  return new Map(r.rows.map((x) => [x.subject, Number(x.episode)]));
}

export async function endEpisodes(tx: Tx, subjects: readonly string[]): Promise<void> {
  if (!subjects.length) return;
  await (tx as Db).execute(
    sql`DELETE FROM notification_marks WHERE subject IN (${sql.join(
      subjects.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
}

/**
 * One look at a lasting condition under `prefix`: `start` are the subjects where it holds now,
 * `hold` those where an episode already begun goes on (a lower bar than starting, so a figure
 * wavering at the line is not told again and again; `start` by default). An episode ends where
 * `judged` says the data was read and the condition no longer holds. Returns the episodes begun.
 */
export async function lookAgain(
  tx: Tx,
  prefix: string,
  o: { start: readonly string[]; hold?: readonly string[]; judged: (subject: string) => boolean },
): Promise<Map<string, number>> {
  const known = await marksUnder(tx, prefix);
  const goesOn = new Set([...o.start, ...(o.hold ?? [])]);
  await endEpisodes(
    tx,
    [...known.keys()].filter((s) => !goesOn.has(s) && o.judged(s)),
  );
  return beginEpisodes(
    tx,
    o.start.filter((s) => !known.has(s)),
  );
}
