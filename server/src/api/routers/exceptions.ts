// Exceptions (不上云例外): a department applies for one of its systems to stay off the cloud, with a
// reason and the last day it would hold; the data bureau — operators of the province, or of the
// city or county the system belongs to — approves or rejects it with a comment, never the
// applicant, and may revoke an approved one. An approved exception reaches the tracker with the
// sign-offs: the system is counted apart as the plan's `retain` is, and once its day has passed it
// is a blocker. A decision is recomputed into the tracker before the call returns.
import { z } from 'zod';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import {
  applyException,
  decideException,
  EXCEPTION_STATUSES,
  PendingExceptionError,
  revokeException,
  withdrawException,
  type ExceptionRow,
} from '../../store/exceptions.ts';
import { listAudit } from '../../store/audit.ts';
import { exceptionInScope, exceptionsInScope } from '../scoped-exceptions.ts';
import { storeCall } from '../store-errors.ts';
import { UserError } from '../errors/user-error.ts';
import { can } from '../../auth/policy.ts';
import { exceptionHolds } from '../../model/exception.ts';

/** What one application may say and how far ahead it may hold; the form states these up front. */
export const EXCEPTION_LIMITS = {
  reason: { min: 4, max: 2000 },
  comment: { min: 4, max: 2000 },
  /** An exception holds at most this many years from the day it is asked for. */
  years: 3,
};

const Id = z.number().int().positive();
const Version = z.number().int().positive();
const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date')
  .refine(
    (d) => {
      // A day that exists: 2027-02-30 is not read as 2 March.
      const at = Date.parse(`${d}T00:00:00Z`);
      return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === d;
    },
    { message: 'field.date' },
  );
const Comment = z
  .string()
  .trim()
  .min(EXCEPTION_LIMITS.comment.min, 'exception.commentRequired')
  .max(EXCEPTION_LIMITS.comment.max);

/** Today on the server's one clock, and the last day an exception asked for today may hold. */
function days(ctx: Pick<CallContext, 'clock'>) {
  const now = ctx.clock();
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + EXCEPTION_LIMITS.years);
  const tomorrow = new Date(now.getTime() + 86_400_000);
  return {
    now,
    earliest: tomorrow.toISOString().slice(0, 10),
    latest: latest.toISOString().slice(0, 10),
  };
}

/** The level at which the viewer decides exceptions (their unit, or the province's): null at none. */
const deciderLevel = (ctx: CallContext) =>
  can(ctx.viewer, 'requests.decide') ? ctx.data.reviewLevelOf(ctx.viewer!) : null;

/**
 * An application as every view shows it: the row, the names, where it stands (an approved one whose
 * day has passed is `expired`, by the tracker's rule) and what the viewer may do with it.
 */
function viewOf(ctx: CallContext, r: ExceptionRow) {
  const expired = r.status === 'approved' && !exceptionHolds(r.expiresOn, ctx.clock().getTime());
  const decider = deciderLevel(ctx) !== null && r.appliedBy !== ctx.viewer?.id;
  return {
    id: r.id,
    system: r.system,
    systemName: ctx.data.plannedAnyName(r.system)?.name ?? null,
    department: r.department,
    departmentName: ctx.data.orgName(r.department),
    network: r.network,
    reason: r.reason,
    expiresOn: r.expiresOn,
    status: r.status,
    state: expired ? ('expired' as const) : r.status,
    appliedBy: r.appliedBy,
    appliedAt: r.appliedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionComment: r.decisionComment,
    closedBy: r.closedBy,
    closedAt: r.closedAt?.toISOString() ?? null,
    closeComment: r.closeComment,
    version: r.version,
    mine: r.appliedBy === ctx.viewer?.id,
    may: {
      decide: r.status === 'pending' && decider,
      revoke: r.status === 'approved' && decider,
      withdraw:
        r.status === 'pending' && r.appliedBy === ctx.viewer?.id && can(ctx.viewer, 'exceptions.apply'),
    },
  };
}

export type ExceptionView = ReturnType<typeof viewOf>;

/** The application, in scope and to be decided by this viewer: else refused in words. */
async function toDecide(ctx: CallContext, id: number) {
  const row = await exceptionInScope(ctx.store.db, ctx.scope, id);
  // Another unit's application (another city's, the other network's) reads as absent.
  if (!row) throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
  if (deciderLevel(ctx) === null) throw new UserError('FORBIDDEN', {}, { key: 'exception.notAReviewer' });
  return row;
}

/** After a decision: the tracker counts it before the answer goes back. */
async function recounted(ctx: CallContext, row: ExceptionRow) {
  await ctx.commands.workflowsChanged(row.system);
  return viewOf(ctx, row);
}

export const exceptionsRouter = router({
  /** The limits of an application, with the dates the form may offer (the server's clock). */
  limits: procedure.meta({ permission: 'systems.read' }).query(({ ctx }) => {
    const { earliest, latest } = days(ctx);
    return { ...EXCEPTION_LIMITS, earliest, latest };
  }),

  /** Applications in the viewer's scope: awaiting a decision first, then newest first. */
  list: procedure
    .meta({ permission: 'systems.read' })
    .input(
      z
        .object({
          status: z.array(z.enum(EXCEPTION_STATUSES)).optional(),
          system: z.string().min(1).max(64).optional(),
        })
        .strict()
        .default({}),
    )
    .query(async ({ ctx, input }) => {
      const rows = await exceptionsInScope(ctx.store.db, ctx.scope, input);
      return rows.map((r) => viewOf(ctx, r));
    }),

  /** One application in scope, with its steps from the audit trail; NOT_FOUND outside it. */
  get: procedure
    .meta({ permission: 'systems.read' })
    .input(z.object({ id: Id }).strict())
    .query(async ({ ctx, input }) => {
      const row = await exceptionInScope(ctx.store.db, ctx.scope, input.id);
      if (!row) throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
      const steps = (await listAudit(ctx.store.db, { objectType: 'exception', objectId: String(row.id) }))
        .sort((a, b) => +new Date(a.at) - +new Date(b.at) || a.id - b.id)
        .map((a) => ({ action: a.action, actor: a.actor, at: a.at }));
      return { ...viewOf(ctx, row), steps };
    }),

  /**
   * The department applies for one of its systems to stay off the cloud (named `submit`: tRPC keeps
   * `apply` for itself).
   */
  submit: procedure
    .meta({ permission: 'exceptions.apply' })
    .input(
      z
        .object({
          system: z.string().min(1).max(64),
          reason: z.string().trim().min(EXCEPTION_LIMITS.reason.min).max(EXCEPTION_LIMITS.reason.max),
          expiresOn: IsoDay,
          /** The form's id for this submission: sent twice, it still makes one application. */
          submissionId: z.uuid().optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const system = ctx.data.planned(input.system);
      if (!system)
        throw new UserError('NOT_FOUND', {
          system: [{ key: 'request.unknownSystem', params: { system: input.system } }],
        });
      const name = system.name;
      // The plan counts its own `retain` and `retire` systems apart already.
      if (system.strategy === 'retain' || system.strategy === 'retire')
        throw new UserError('BAD_REQUEST', {
          system: [{ key: `exception.plan-${system.strategy}`, params: { system: name } }],
        });
      const stage = ctx.data.tracked(system.id)?.stage;
      if (stage === 'migrated')
        throw new UserError('BAD_REQUEST', {
          system: [{ key: 'exception.alreadyMigrated', params: { system: name } }],
        });
      const { earliest, latest } = days(ctx);
      if (input.expiresOn < earliest)
        throw new UserError('BAD_REQUEST', {
          expiresOn: [{ key: 'exception.expiryPast', params: { earliest } }],
        });
      if (input.expiresOn > latest)
        throw new UserError('BAD_REQUEST', {
          expiresOn: [{ key: 'exception.expiryTooFar', params: { years: EXCEPTION_LIMITS.years, latest } }],
        });
      const row = await storeCall(async () => {
        try {
          return await applyException(ctx.store, actorOf(ctx), {
            ...input,
            department: system.department,
            network: system.network,
          });
        } catch (e) {
          if (!(e instanceof PendingExceptionError)) throw e;
          throw new UserError(
            'CONFLICT',
            { system: [{ key: 'exception.pendingAlready', params: { system: name } }] },
            undefined,
            e,
          );
        }
      });
      return viewOf(ctx, row);
    }),

  /** The data bureau approves or rejects an application, with a comment; never its applicant. */
  decide: procedure
    .meta({ permission: 'requests.decide' })
    .input(
      z
        .object({ id: Id, version: Version, decision: z.enum(['approve', 'reject']), comment: Comment })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await toDecide(ctx, input.id);
      // An application whose last day has passed while it waited would be a blocker at once.
      if (input.decision === 'approve' && !exceptionHolds(row.expiresOn, ctx.clock().getTime()))
        throw new UserError(
          'BAD_REQUEST',
          {},
          { key: 'exception.expiredBeforeDecision', params: { expiresOn: row.expiresOn } },
        );
      const decided = await storeCall(() => decideException(ctx.store, actorOf(ctx), input));
      return recounted(ctx, decided);
    }),

  /** The data bureau ends an approved exception before its day: the system is counted again. */
  revoke: procedure
    .meta({ permission: 'requests.decide' })
    .input(z.object({ id: Id, version: Version, comment: Comment }).strict())
    .mutation(async ({ ctx, input }) => {
      await toDecide(ctx, input.id);
      const revoked = await storeCall(() => revokeException(ctx.store, actorOf(ctx), input));
      return recounted(ctx, revoked);
    }),

  /** The applicant takes a pending application back. */
  withdraw: procedure
    .meta({ permission: 'exceptions.apply' })
    .input(
      z
        .object({
          id: Id,
          version: Version,
          comment: z.string().trim().max(EXCEPTION_LIMITS.comment.max).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      if (!(await exceptionInScope(ctx.store.db, ctx.scope, input.id)))
        throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
      const row = await storeCall(() => withdrawException(ctx.store, actorOf(ctx), input));
      return viewOf(ctx, row);
    }),
});
