// Reclaiming idle resources (闲置资源回收): proposals to lower an idle tenant's quota, with their
// evidence, through the viewer's scope. A cloud operator scans (a person answers for a reduction of
// a department's quota, and is recorded as its proposer) for the tenants of its own scope (a city's
// data bureau, its city's; a network's team, its network's); the department accepts or contests
// its own tenants' proposals with a reason before the deadline (working days on the calendar); the
// data bureau decides a contest, never the proposer (four eyes). Proposals whose deadline passed
// unanswered lapse into force before any read, so the pages show the calendar's state.
import { z } from 'zod';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import {
  answerReclamation,
  ContestPeriodOverError,
  decideContest,
  lapseDue,
  listReclamations,
  RECLAMATION_STATUSES,
  type ReclamationRow,
} from '../../store/reclamations.ts';
import { listAudit } from '../../store/audit.ts';
import { storeCall } from '../store-errors.ts';
import { UserError } from '../errors/user-error.ts';
import type { MessageKey } from '../errors/messages.ts';
import { can, inScope } from '../../auth/policy.ts';
import type { Network } from '../../model/network.ts';
import { workingDaysBetween } from '../../store/calendar.ts';
import { reclamationSetup } from '../../reclamation/setup.ts';
import { scanIdleTenants } from '../../reclamation/scan.ts';
import { ReclamationRefusal } from '../../reclamation/evidence.ts';
import { notifyReclamation } from '../../notify/reclamation.ts';

export const RECLAMATION_LIMITS = { reason: { min: 4, max: 2000 } };

const Id = z.number().int().positive();
const Version = z.number().int().positive();
const Reason = (key: MessageKey) =>
  z.string().trim().min(RECLAMATION_LIMITS.reason.min, key).max(RECLAMATION_LIMITS.reason.max);

/** A proposal as every view shows it, with the deadline in working days and what the viewer may do. */
function viewOf(ctx: CallContext, r: ReclamationRow) {
  const now = ctx.clock();
  const e = r.evidence as {
    reading: { cpuShare: number; memoryShare: number; cpuUse: number; memoryUse: number };
    window: { end: number; days: number; quantile: number; idleShare: number };
  };
  return {
    id: r.id,
    cluster: r.cluster,
    namespace: r.namespace,
    system: r.system,
    systemName: ctx.data.plannedAnyName(r.system)?.name ?? null,
    department: r.department,
    departmentName: ctx.data.orgName(r.department),
    network: r.network,
    status: r.status,
    quota: { cpu: r.quotaCpu, memoryGiB: r.quotaMemoryGiB },
    proposed: { cpu: r.proposedCpu, memoryGiB: r.proposedMemoryGiB },
    reduce: { cpu: r.reduceCpu, memoryGiB: r.reduceMemoryGiB },
    reading: e.reading,
    window: e.window,
    proposedBy: r.proposedBy,
    proposedAt: r.proposedAt.toISOString(),
    contestBy: r.contestBy.toISOString(),
    /** Working days left to answer (on the calendar), while it awaits the department. */
    workingDaysLeft: r.status === 'proposed' ? workingDaysBetween(now, r.contestBy, ctx.calendar) : null,
    answeredBy: r.answeredBy,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    answerReason: r.answerReason,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionComment: r.decisionComment,
    version: r.version,
    may: {
      answer: r.status === 'proposed' && can(ctx.viewer, 'reclamation.answer'),
      decide:
        r.status === 'contested' &&
        can(ctx.viewer, 'requests.decide') &&
        r.proposedBy !== ctx.viewer?.id &&
        r.answeredBy !== ctx.viewer?.id,
    },
  };
}

export type ReclamationView = ReturnType<typeof viewOf>;

/** Proposals in the viewer's scope (the only way this router reads them). */
async function inScopeRows(ctx: CallContext, f: { status?: readonly string[]; id?: number } = {}) {
  if (ctx.scope.kind === 'none') return [];
  // What the calendar says now: unanswered proposals past their deadline are in force.
  await lapseDue(ctx.store, ctx.clock(), ctx.requestId);
  const rows = await listReclamations(ctx.store.db, f);
  return rows.filter((r) => inScope(ctx.scope, r.department, r.network as Network));
}

async function visible(ctx: CallContext, id: number) {
  const [row] = await inScopeRows(ctx, { id });
  // Another unit's proposal reads as absent.
  if (!row) throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
  return row;
}

const tell =
  (ctx: CallContext, kind: 'reclamation.proposed' | 'reclamation.contested') =>
  (tx: Parameters<typeof notifyReclamation>[0], row: ReclamationRow) =>
    ctx.notifications
      ? notifyReclamation(tx, kind, row, {
          available: ctx.notifications.available,
          systemName: ctx.data.plannedAnyName(row.system)?.name,
          sees: (account) => ctx.data.seenBy(account, row.system),
          timeZone: ctx.calendar.timeZone,
          workingDays: reclamationSetup().rules.contestWorkingDays,
        })
      : Promise.resolve(0);

function answerRefusal(e: unknown): never {
  if (e instanceof ContestPeriodOverError)
    throw new UserError(
      'CONFLICT',
      {},
      { key: 'reclamation.contestPeriodOver', params: { contestBy: e.contestBy.toISOString() } },
      e,
    );
  throw e;
}

export const reclamationRouter = router({
  /** The rule's settings, for the page to state them. */
  rules: procedure.meta({ permission: 'reclamation.read' }).query(() => reclamationSetup().rules),

  /** Proposals in scope: open ones first, then newest first. */
  list: procedure
    .meta({ permission: 'reclamation.read' })
    .input(
      z
        .object({ status: z.array(z.enum(RECLAMATION_STATUSES)).optional() })
        .strict()
        .default({}),
    )
    .query(async ({ ctx, input }) => (await inScopeRows(ctx, input)).map((r) => viewOf(ctx, r))),

  /** One proposal with its evidence (the daily points of the chart) and its steps from the audit. */
  get: procedure
    .meta({ permission: 'reclamation.read' })
    .input(z.object({ id: Id }).strict())
    .query(async ({ ctx, input }) => {
      const row = await visible(ctx, input.id);
      const steps = (await listAudit(ctx.store.db, { objectType: 'reclamation', objectId: String(row.id) }))
        .sort((a, b) => +new Date(a.at) - +new Date(b.at) || a.id - b.id)
        .map((a) => ({ action: a.action, actor: a.actor, at: a.at }));
      const daily = (row.evidence as { daily: { at: number; cpu: number | null; memory: number | null }[] })
        .daily;
      return { ...viewOf(ctx, row), daily, steps };
    }),

  /** The department accepts the reduction. */
  accept: procedure
    .meta({ permission: 'reclamation.answer' })
    .input(z.object({ id: Id, version: Version }).strict())
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      const row = await storeCall(() =>
        answerReclamation(ctx.store, actorOf(ctx), { ...input, answer: 'accept' }).catch(answerRefusal),
      );
      return viewOf(ctx, row);
    }),

  /** The department contests it, with a reason; the data bureau's operators are told. */
  contest: procedure
    .meta({ permission: 'reclamation.answer' })
    .input(z.object({ id: Id, version: Version, reason: Reason('reclamation.reasonRequired') }).strict())
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      const row = await storeCall(() =>
        answerReclamation(
          ctx.store,
          actorOf(ctx),
          { ...input, answer: 'contest' },
          tell(ctx, 'reclamation.contested'),
        ).catch(answerRefusal),
      );
      return viewOf(ctx, row);
    }),

  /** The data bureau decides a contest: the reduction upheld, or withdrawn; never its proposer. */
  decide: procedure
    .meta({ permission: 'requests.decide' })
    .input(
      z
        .object({
          id: Id,
          version: Version,
          decision: z.enum(['uphold', 'withdraw']),
          comment: Reason('reclamation.commentRequired'),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      const row = await storeCall(() => decideContest(ctx.store, actorOf(ctx), input));
      return viewOf(ctx, row);
    }),

  /**
   * An operator scans Prometheus for idle tenants of its scope and proposes; refused whole, in
   * words, while a source is failing or stale.
   */
  scan: procedure
    .meta({ permission: 'requests.decide' })
    .input(z.object({}).strict().default({}))
    .mutation(async ({ ctx }) => {
      const { rules, sources } = reclamationSetup();
      const tenants = new Map(
        ctx.data
          .tenants({})
          .filter((t) => t.system && t.department)
          .map((t) => [`${t.cluster}/${t.namespace}`, t]),
      );
      try {
        const result = await scanIdleTenants(
          ctx.store,
          actorOf(ctx),
          {
            sources,
            rules,
            calendar: ctx.calendar,
            tenantOf: (cluster, namespace) => {
              const t = tenants.get(`${cluster}/${namespace}`);
              return t ? { system: t.system!, department: t.department!, network: t.network } : null;
            },
            tell: tell(ctx, 'reclamation.proposed'),
          },
          ctx.clock(),
        );
        return {
          judged: result.judged,
          idle: result.idle,
          proposed: result.proposed.map((r) => viewOf(ctx, r)),
          // Namespaces that are no tenant of the viewer's scope are not named to it.
          skipped: result.skipped.filter((x) => x.why !== 'not-a-tenant'),
        };
      } catch (e) {
        if (!(e instanceof ReclamationRefusal)) throw e;
        const msg = { key: e.reason as MessageKey, params: e.params };
        // Nothing configured is the request's problem; a failing or stale source is the world's.
        throw new UserError(
          e.reason === 'reclamation.noSource' ? 'BAD_REQUEST' : 'CONFLICT',
          { '': [msg] },
          msg,
          e,
        );
      }
    }),
});
