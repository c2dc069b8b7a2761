// Closed scorecard months (考核). Closing a month scores every unit from its inputs by the rules in
// force, and keeps inputs, rules, result and one hash over the month — in one transaction with its
// audit row. A month is closed once (the database refuses any later change of it); `recheck`
// recomputes a closed month from what was kept and compares it with the stored result and hash.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import { reclamationProposals } from './reclamation-table.ts';
import type { ProposalDeadline } from '../scorecard/inputs.ts';
import { scorecardCloses, scorecardMonths } from './schema.ts';
import type { Db, Store } from './db.ts';
import { audit } from './audit.ts';
import { ConflictError, isUniqueViolation } from './errors.ts';
import type { Actor } from './request-transition.ts';
import { canonical } from '../sources/kubernetes/trim.ts';
import { currentProfile } from '../crypto/profile.ts';
import { scoreMonth, type MonthInputs, type Scorecard, type ScorecardRules } from '../scorecard/score.ts';

export class MonthClosedError extends ConflictError {
  constructor(readonly month: string) {
    super(`the scorecard of ${month} is closed already`);
  }
}

interface UnitRow {
  unit: string;
  inputs: MonthInputs;
  rules: ScorecardRules;
  result: Scorecard;
}

/** The month's hash: over every unit's inputs, rules and result, in unit order, canonical JSON. */
export function monthHash(month: string, rows: readonly UnitRow[], algorithm: 'sha256' | 'sm3'): string {
  const body = canonical({ month, units: [...rows].sort((a, b) => a.unit.localeCompare(b.unit)) });
  return createHash(algorithm).update(body).digest('hex');
}

export async function closeScorecardMonth(
  store: Store,
  month: string,
  inputs: ReadonlyMap<string, MonthInputs>,
  rules: ScorecardRules,
  by: Actor,
  now = by.at ?? new Date(),
): Promise<{ month: string; hash: string; units: number }> {
  const rows: UnitRow[] = [...inputs].map(([unit, i]) => ({
    unit,
    inputs: i,
    rules,
    result: scoreMonth(i, rules),
  }));
  const algorithm = currentProfile().hash;
  const hash = monthHash(month, rows, algorithm);
  try {
    return await store.db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      await t.insert(scorecardCloses).values({
        month,
        hash,
        hashAlgorithm: algorithm,
        units: rows.length,
        closedAt: now,
        closedBy: by.id,
      });
      if (rows.length)
        await t.insert(scorecardMonths).values(rows.map((r) => ({ month, ...r, total: r.result.total })));
      await audit(tx, {
        actor: by.id,
        action: 'scorecard.close',
        objectType: 'scorecard',
        objectId: month,
        before: null,
        after: { month, units: rows.length, hash, algorithm, weights: rules.weights },
        requestId: by.requestId,
        at: now,
      });
      return { month, hash, units: rows.length };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new MonthClosedError(month);
    throw e;
  }
}

/** Reclamation proposals whose answer was due in `month` (YYYY-MM, UTC), with their answers. */
export async function proposalDeadlines(db: Db, month: string): Promise<ProposalDeadline[]> {
  const from = new Date(`${month}-01T00:00:00Z`);
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const rows = await db
    .select({
      department: reclamationProposals.department,
      contestBy: reclamationProposals.contestBy,
      answeredAt: reclamationProposals.answeredAt,
    })
    .from(reclamationProposals)
    .where(and(gte(reclamationProposals.contestBy, from), lt(reclamationProposals.contestBy, to)));
  return rows.map((r) => ({
    department: r.department,
    contestBy: r.contestBy.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
  }));
}

export async function closedMonths(db: Db) {
  return db.select().from(scorecardCloses).orderBy(desc(scorecardCloses.month));
}

/** A closed month's scorecards (every unit; the API filters by scope). */
export async function scorecardMonth(db: Db, month: string) {
  const [close] = await db.select().from(scorecardCloses).where(eq(scorecardCloses.month, month));
  if (!close) return null;
  const rows = await db.select().from(scorecardMonths).where(eq(scorecardMonths.month, month));
  return { close, rows: rows as ((typeof rows)[number] & UnitRow)[] };
}

/** A unit's totals and indicator scores month by month, oldest first. */
export async function scorecardTrend(db: Db, unit: string) {
  const rows = await db
    .select({ month: scorecardMonths.month, result: scorecardMonths.result })
    .from(scorecardMonths)
    .where(eq(scorecardMonths.unit, unit))
    .orderBy(asc(scorecardMonths.month));
  return rows.map((r) => ({ month: r.month, ...(r.result as Scorecard) }));
}

/** Recomputes a closed month from its kept inputs and rules: identical results and hash, or why not. */
export async function recheckMonth(db: Db, month: string) {
  const m = await scorecardMonth(db, month);
  if (!m) return null;
  const again = m.rows.map((r) => ({
    unit: r.unit,
    inputs: r.inputs,
    rules: r.rules,
    result: scoreMonth(r.inputs, r.rules),
  }));
  const changed = again
    .filter((r, i) => canonical(r.result) !== canonical(m.rows[i]!.result))
    .map((r) => r.unit);
  const hash = monthHash(month, again, m.close.hashAlgorithm as 'sha256' | 'sm3');
  return { identical: changed.length === 0 && hash === m.close.hash, hash, stored: m.close.hash, changed };
}
