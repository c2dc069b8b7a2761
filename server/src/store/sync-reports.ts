// Data-sync reports from migration tools (#23), accepted by the rule in sync/acceptance.ts inside
// one transaction per report. The run is locked first (an advisory lock on system and run, shared
// by every replica on the database), so two replicas given the same report at once judge it one
// after the other: the second sees the first's row and refuses it as a replay. The unique key on
// (system, run, sequence) stays as the last word should anything else race.
//
// Audit: reports are machine input, many per run, and the audit chain serialises every writer
// (audit.ts): a row per report would bury people's acts under progress figures and slow every
// other change. So each report row keeps its token, request id and sender's address, the token
// keeps its last use and count, and the audit gets one row per run — its first accepted report
// (`sync.run-start`: which token began reporting which run of which system) — next to the token's
// issue and revocation.
import { and, desc, eq, max } from 'drizzle-orm';
import type { Db, Store } from './db.ts';
import { lockFor } from './db.ts';
import { audit } from './audit.ts';
import { isUniqueViolation } from './errors.ts';
import { syncReports, syncTokens } from './sync-tables.ts';
import { useToken, type SyncToken } from './sync-tokens.ts';
import { judge, type RunMark, type Verdict } from '../sync/acceptance.ts';
import type { ReportBody } from '../sync/report-body.ts';

export type SyncReport = typeof syncReports.$inferSelect;

/** The token stopped being valid between its check and the report's transaction. */
export class TokenGoneError extends Error {}

export interface Receipt {
  now: Date;
  skewMs: number;
  requestId: string;
  from: string | null;
}

export type Outcome =
  | { accepted: true; report: SyncReport }
  | { accepted: false; verdict: Exclude<Verdict, { ok: true }>; sameAsStored: boolean };

const columns = (b: ReportBody) => ({
  phase: b.phase ?? null,
  percent: b.percent ?? null,
  rowsCopied: b.rows?.copied ?? null,
  rowsTotal: b.rows?.total ?? null,
  bytesCopied: b.bytes?.copied ?? null,
  bytesTotal: b.bytes?.total ?? null,
  checksumsVerified: b.checksums?.verified ?? null,
  checksumsMismatched: b.checksums ? b.checksums.mismatched : null,
  checksumsTotal: b.checksums?.total ?? null,
});

async function markOf(t: Db, system: string, run: string): Promise<RunMark | null> {
  // Accepted measures never go down within a run, so each one's maximum is its latest value.
  const [m] = await t
    .select({
      sequence: max(syncReports.sequence),
      percent: max(syncReports.percent),
      rowsCopied: max(syncReports.rowsCopied),
      bytesCopied: max(syncReports.bytesCopied),
    })
    .from(syncReports)
    .where(and(eq(syncReports.system, system), eq(syncReports.run, run)));
  if (!m || m.sequence === null) return null;
  // node-postgres returns bigint aggregates as text.
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    sequence: n(m.sequence)!,
    percent: n(m.percent),
    rowsCopied: n(m.rowsCopied),
    bytesCopied: n(m.bytesCopied),
  };
}

/** Whether the report stored under this sequence says exactly what was sent again (a retry). */
async function sameAsStored(t: Db, b: ReportBody, measuredAt: Date) {
  const [stored] = await t
    .select()
    .from(syncReports)
    .where(
      and(eq(syncReports.system, b.system), eq(syncReports.run, b.run), eq(syncReports.sequence, b.sequence)),
    );
  if (!stored) return false;
  const c = columns(b);
  return (
    (!b.measuredAt || stored.measuredAt.getTime() === measuredAt.getTime()) &&
    (Object.keys(c) as (keyof typeof c)[]).every((k) => stored[k] === c[k])
  );
}

export async function acceptReport(
  store: Store,
  token: SyncToken,
  b: ReportBody,
  r: Receipt,
): Promise<Outcome> {
  const measuredAt = b.measuredAt ? new Date(b.measuredAt) : r.now;
  const attempt = () =>
    store.db.transaction(async (tx): Promise<Outcome> => {
      const t = tx as unknown as Db;
      await lockFor(tx, `yunqian-sync-run/${b.system}/${b.run}`);
      const mark = await markOf(t, b.system, b.run);
      const verdict = judge(
        mark,
        {
          sequence: b.sequence,
          measuredAt,
          percent: b.percent,
          rowsCopied: b.rows?.copied,
          bytesCopied: b.bytes?.copied,
        },
        r.now,
        r.skewMs,
      );
      if (!verdict.ok)
        return {
          accepted: false,
          verdict,
          sameAsStored: verdict.refusal === 'replayed' && (await sameAsStored(t, b, measuredAt)),
        };
      if (!(await useToken(t, token.id, r.now, r.from))) throw new TokenGoneError(`token ${token.id}`);
      const [report] = await t
        .insert(syncReports)
        .values({
          system: b.system,
          run: b.run,
          sequence: b.sequence,
          tokenId: token.id,
          measuredAt,
          receivedAt: r.now,
          receivedFrom: r.from,
          requestId: r.requestId,
          ...columns(b),
        })
        .returning();
      if (!mark)
        await audit(tx, {
          actor: `sync-token:${token.id}`,
          action: 'sync.run-start',
          objectType: 'system',
          objectId: b.system,
          before: null,
          after: {
            run: b.run,
            sequence: b.sequence,
            token: token.name,
            department: token.department,
            from: r.from,
          },
          requestId: r.requestId,
          at: r.now,
        });
      return { accepted: true, report: report! };
    });
  try {
    return await attempt();
  } catch (e) {
    // Only where the lock did not hold (it always does on one database): judged again, as a replay.
    if (isUniqueViolation(e)) return attempt();
    throw e;
  }
}

/** A system's latest reports, oldest first, each with the token that pushed it (its name and unit). */
export async function reportsOf(db: Db, system: string, limit = 500) {
  const newest = await db
    .select({ report: syncReports, tokenName: syncTokens.name, tokenDepartment: syncTokens.department })
    .from(syncReports)
    .innerJoin(syncTokens, eq(syncTokens.id, syncReports.tokenId))
    .where(eq(syncReports.system, system))
    .orderBy(desc(syncReports.id))
    .limit(limit);
  return newest.reverse();
}
