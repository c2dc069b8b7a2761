// A system's data-sync progress as its migration tools reported it (#23), for the system's page:
// each run with its latest report and its history, who pushed each report (the token's name and
// unit), when it was measured and received, and the checksums' state — computed here, so the
// console shows it and decides nothing.
import { z } from 'zod';
import { reportsOf, type SyncReport } from '../../store/sync-reports.ts';
import { checksumState } from '../../sync/acceptance.ts';
import type { Db } from '../../store/db.ts';
import { UserError } from '../errors/user-error.ts';
import { procedure, router, type CallContext } from '../trpc.ts';

function reportView(
  ctx: Pick<CallContext, 'data'>,
  r: SyncReport,
  token: { name: string; department: string },
) {
  const progress = (copied: number | null, total: number | null) =>
    copied === null ? null : { copied, total };
  const state = checksumState({
    verified: r.checksumsVerified,
    mismatched: r.checksumsMismatched,
    total: r.checksumsTotal,
  });
  return {
    sequence: r.sequence,
    phase: r.phase,
    measuredAt: r.measuredAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    percent: r.percent,
    rows: progress(r.rowsCopied, r.rowsTotal),
    bytes: progress(r.bytesCopied, r.bytesTotal),
    checksums: state && {
      verified: r.checksumsVerified!,
      mismatched: r.checksumsMismatched ?? 0,
      total: r.checksumsTotal,
      state,
    },
    /** Who pushed it: the token's name and its unit's name (not its id: a unit above may own it). */
    pushedBy: { token: token.name, unitName: ctx.data.orgName(token.department) },
  };
}
export type SyncReportView = ReturnType<typeof reportView>;

export const dataSyncRouter = router({
  /** The system's runs, the most recently reported first; each run's reports in sequence order. */
  forSystem: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ system: z.string().min(1).max(128) }).strict())
    .query(async ({ ctx, input }) => {
      if (!ctx.data.planned(input.system)) throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
      const byRun = new Map<string, SyncReportView[]>();
      for (const { report, tokenName, tokenDepartment } of await reportsOf(
        ctx.store.db as Db,
        input.system,
      )) {
        const list = byRun.get(report.run) ?? [];
        list.push(reportView(ctx, report, { name: tokenName, department: tokenDepartment }));
        byRun.set(report.run, list);
      }
      const runs = [...byRun].map(([run, reports]) => {
        reports.sort((a, b) => a.sequence - b.sequence);
        const latest = reports.at(-1)!;
        return {
          run,
          latest,
          reports,
          /** The run's latest checksums disagree with the source: a problem to look at. */
          problem: latest.checksums?.state === 'mismatch',
        };
      });
      runs.sort((a, b) => b.latest.receivedAt.localeCompare(a.latest.receivedAt));
      return { runs };
    }),
});
