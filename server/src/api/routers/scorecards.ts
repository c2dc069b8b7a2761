// Department scorecards (考核, #22): closed months, each unit's scores through the viewer's scope,
// a unit's trend, and closing last month (the data bureau). The rules are the province's
// configuration; the scores are the store's frozen rows, never recomputed on the way out.
import { z } from 'zod';
import { actorOf, procedure, router } from '../trpc.ts';
import { inScope } from '../../auth/policy.ts';
import { UserError } from '../errors/user-error.ts';
import { storeCall } from '../store-errors.ts';
import {
  closedMonths,
  proposalDeadlines,
  closeScorecardMonth,
  MonthClosedError,
  scorecardMonth,
  scorecardTrend,
} from '../../store/scorecards.ts';
import type { MonthInputs, Scorecard } from '../../scorecard/score.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'scorecard.month');
const Unit = z.string().min(1).max(64);

export const scorecardsRouter = router({
  months: procedure
    .meta({ permission: 'scorecards.read' })
    .query(async ({ ctx }) => ({ months: await closedMonths(ctx.store.db), rules: ctx.scorecard })),

  /** A closed month: every unit in scope, with its name, parent and rank among its siblings. */
  month: procedure
    .meta({ permission: 'scorecards.read' })
    .input(z.object({ month: Month }).strict())
    .query(async ({ ctx, input }) => {
      const m = await scorecardMonth(ctx.store.db, input.month);
      if (!m) return null;
      const units = ctx.data.organisations();
      const byId = new Map(units.map((u) => [u.id, u]));
      const rows = m.rows
        .filter((r) => byId.has(r.unit) && inScope(ctx.scope, r.unit))
        .map((r) => ({
          unit: r.unit,
          name: byId.get(r.unit)!.name,
          kind: byId.get(r.unit)!.kind,
          parentId: byId.get(r.unit)!.parentId,
          inputs: r.inputs as MonthInputs,
          result: r.result as Scorecard,
        }));
      // Ranked among siblings (departments with departments, counties within their city).
      const rankOf = (r: (typeof rows)[number]) =>
        1 +
        rows.filter((o) => o.parentId === r.parentId && (o.result.total ?? -1) > (r.result.total ?? -1))
          .length;
      return {
        month: m.close.month,
        hash: m.close.hash,
        hashAlgorithm: m.close.hashAlgorithm,
        closedAt: m.close.closedAt.toISOString(),
        closedBy: m.close.closedBy,
        rules: m.rows[0]?.rules ?? ctx.scorecard,
        rows: rows.map((r) => ({ ...r, rank: rankOf(r) })),
      };
    }),

  trend: procedure
    .meta({ permission: 'scorecards.read' })
    .input(z.object({ unit: Unit }).strict())
    .query(async ({ ctx, input }) =>
      inScope(ctx.scope, input.unit) ? scorecardTrend(ctx.store.db, input.unit) : [],
    ),

  /** Closes a month that has ended: scores frozen, hashed and audited. */
  close: procedure
    .meta({ permission: 'scorecards.close' })
    .input(z.object({ month: Month }).strict())
    .mutation(async ({ ctx, input }) => {
      const now = ctx.clock();
      if (input.month >= now.toISOString().slice(0, 7))
        throw new UserError('BAD_REQUEST', {
          month: [{ key: 'scorecard.notEnded', params: { month: input.month } }],
        });
      const inputs = await ctx.data.monthInputs(
        input.month,
        await proposalDeadlines(ctx.store.db, input.month),
      );
      try {
        return await storeCall(() =>
          closeScorecardMonth(ctx.store, input.month, inputs, ctx.scorecard, actorOf(ctx), now),
        );
      } catch (e) {
        if (e instanceof UserError && e.detail instanceof MonthClosedError)
          throw new UserError('CONFLICT', {
            month: [{ key: 'scorecard.closedAlready', params: { month: input.month } }],
          });
        throw e;
      }
    }),
});
