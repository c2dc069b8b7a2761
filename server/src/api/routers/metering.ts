// Monthly metering statements (计量核算, #22): closed months' statements within the viewer's
// scope, the price catalogue, closing a month (a province-wide operator: it reads every tenant's
// namespace), and the yearly fee report per department for the finance bureau. A statement holds
// both networks' costs, so a network's team reads none (as it reads no showback); a department
// reads only its own statement. Refusals are field-level, in the viewer's language.
import { z } from 'zod';
import { UserError } from '../errors/user-error.ts';
import type { MessageKey } from '../errors/messages.ts';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import { addPrice, listPrices } from '../../metering/catalogue.ts';
import { closeMonth, closedMonths, getClosedMonth, type ClosedMonth } from '../../metering/close.ts';
import { computeStatements } from '../../metering/statement.ts';
import { readMonthAllocation } from '../../metering/prometheus.ts';
import { parseMonth } from '../../metering/month.ts';
import { requireTenancyInSync } from '../../metering/tenancy-check.ts';
import { MeteringRefusal } from '../../metering/refusal.ts';
import { meteringSetup } from '../../metering/setup.ts';
import { yearlyReport } from '../../metering/yearly.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'field.month');

/** Which departments' statements the viewer reads: all, some, or none (a network's team). */
function readable(ctx: Pick<CallContext, 'scope'>): (department: string) => boolean {
  const s = ctx.scope;
  if (s.kind === 'none' || s.network) return () => false;
  return s.kind === 'all' ? () => true : (d) => s.ids.has(d);
}

/** A closed month as the viewer may see it: its departments in scope; the rest only to all-seeing viewers. */
function scoped(ctx: CallContext, m: ClosedMonth) {
  const see = readable(ctx);
  const all = ctx.scope.kind === 'all' && !ctx.scope.network;
  return {
    month: m.month,
    digest: m.digest,
    signed: m.signature !== null,
    signature: m.signature,
    closedBy: m.closedBy,
    closedAt: m.closedAt,
    currency: m.statements.currency,
    hours: m.statements.hours,
    rounding: m.statements.rounding,
    departments: m.statements.departments
      .filter((d) => see(d.department))
      .map((d) => ({ ...d, name: ctx.data.orgName(d.department) })),
    platform: all ? m.statements.platform : null,
    unassigned: all ? m.statements.unassigned : null,
    totalFen: all ? m.statements.totalFen : null,
    /** The stored canonical JSON (what the digest and signature cover), for all-seeing viewers. */
    content: all ? m.content : null,
  };
}

/** Metering's reasons as field-level, localized errors. */
async function meteringCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof MeteringRefusal) {
      const msg = { key: e.reason as MessageKey, params: e.params };
      throw new UserError(
        e.reason === 'metering.sourceFailed' ||
          e.reason === 'metering.sourceGap' ||
          e.reason === 'metering.tenancyStale'
          ? 'CONFLICT'
          : 'BAD_REQUEST',
        { [e.field]: [msg] },
        msg,
        e,
      );
    }
    throw e;
  }
}

export const meteringRouter = router({
  /** The closed months, newest first, with the viewer's statements' totals. */
  months: procedure.meta({ permission: 'metering.read' }).query(async ({ ctx }) => {
    const see = readable(ctx);
    return (await closedMonths(ctx.store.db)).reverse().map((m) => ({
      month: m.month,
      digest: m.digest,
      signed: m.signature !== null,
      closedAt: m.closedAt,
      totalFen: m.statements.departments
        .filter((d) => see(d.department))
        .reduce((a, d) => a + BigInt(d.totalFen), 0n)
        .toString(),
    }));
  }),

  /** One closed month's statements in scope (null: not closed). */
  month: procedure
    .meta({ permission: 'metering.read' })
    .input(z.object({ month: Month }))
    .query(async ({ ctx, input }) => {
      const m = await getClosedMonth(ctx.store.db, input.month);
      return m ? scoped(ctx, m) : null;
    }),

  /** The price catalogue, every version with its effective date. */
  prices: procedure.meta({ permission: 'metering.read' }).query(async ({ ctx }) => listPrices(ctx.store.db)),

  /** Adds a price version (audited). Never edits one: a change is a new version from a date. */
  addPrice: procedure
    .meta({ permission: 'metering.manage' })
    .input(
      z.object({
        item: z.string().min(1).max(48),
        price: z.string().min(1).max(24),
        effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date'),
        note: z.string().max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => meteringCall(() => addPrice(ctx.store, input, actorOf(ctx)))),

  /**
   * Closes a month: reads its allocation from Prometheus, prices it, stores it immutably (signed
   * when a key is configured). A closed month is recomputed and compared instead: identical, or
   * refused as differing. Only a province-wide operator: the statement covers every tenant.
   */
  close: procedure
    .meta({ permission: 'metering.manage' })
    .input(z.object({ month: Month }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.scope.kind !== 'all' || ctx.scope.network)
        throw new UserError('FORBIDDEN', { month: [{ key: 'metering.provinceOnly' }] });
      await meteringCall(async () => requireTenancyInSync(ctx.data.sources()));
      const setup = meteringSetup();
      const span = parseMonth(input.month);
      const departmentOf = new Map(
        ctx.data
          .tenants({})
          .map((t) => [
            `${t.cluster}/${t.namespace}`,
            t.department ? ctx.data.topLevelOf(t.department) : null,
          ]),
      );
      const result = await meteringCall(async () =>
        closeMonth(
          ctx.store,
          computeStatements({
            span,
            prices: await listPrices(ctx.store.db),
            namespaces: await readMonthAllocation(setup.sources, span, ctx.clock().getTime()),
            departmentOf: (c, n) => departmentOf.get(`${c}/${n}`) ?? null,
            platformNamespaces: setup.platformNamespaces,
          }),
          { key: await setup.signingKey() },
          actorOf(ctx),
        ),
      );
      if (result.state === 'differs')
        throw new UserError(
          'CONFLICT',
          { month: [{ key: 'metering.differs', params: { month: input.month } }] },
          { key: 'metering.differs', params: { month: input.month } },
        );
      return {
        state: result.state,
        month: result.month,
        digest: result.digest,
        signed: result.signature !== null,
      };
    }),

  /** The yearly fee report per department (closed months only), within the viewer's scope. */
  yearly: procedure
    .meta({ permission: 'metering.read' })
    .input(z.object({ year: z.number().int().min(2000).max(2999) }))
    .query(async ({ ctx, input }) => {
      const see = readable(ctx);
      const all = ctx.scope.kind === 'all' && !ctx.scope.network;
      const r = yearlyReport(input.year, await closedMonths(ctx.store.db, input.year));
      const departments = r.departments
        .filter((d) => see(d.department))
        .map((d) => ({ ...d, name: ctx.data.orgName(d.department) }));
      return {
        ...r,
        departments,
        unassignedFen: all ? r.unassignedFen : null,
        totalFen: all ? r.totalFen : departments.reduce((a, d) => a + BigInt(d.totalFen), 0n).toString(),
      };
    }),
});
