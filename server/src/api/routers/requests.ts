// Resource requests (资源申请): departments ask, operators decide within the SLA. Every change
// is audited by the store in the same transaction.
import { z } from 'zod';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import {
  acceptRequest,
  amendRequest,
  confirmTrial,
  createRequest,
  decideRequest,
  passTest,
  releaseRequest,
  withdrawRequest,
  type Request,
  type RequestRules,
} from '../../store/requests.ts';
import type { Also } from '../../store/request-transition.ts';
import { requestInScope, requestsInScope } from '../scoped-requests.ts';
import { requestEvent, requestViewIn } from '../request-view.ts';
import { storeCall } from '../store-errors.ts';
import { OutOfTurnError, TooEarlyError, WrongStepError } from '../../store/errors.ts';
import { PoolExceededError, poolLedger, setAllotment } from '../../store/pools.ts';
import { inScope } from '../../auth/policy.ts';
import { NETWORKS, type Network } from '../../model/network.ts';
import { UserError } from '../errors/user-error.ts';
import { requestsChanged } from '../request-counts.ts';
import { notifyAwaitedStep } from '../../notify/request-steps.ts';
import { KINDS } from '../../requests/lifecycle.ts';
import { partyOf } from '../../requests/parties.ts';
import { actionsFor } from '../../requests/actions.ts';

/** What one request may ask for; the console states these limits beside the fields. */
export const REQUEST_LIMITS = {
  cpu: 1024,
  memoryGiB: 8192,
  storageGiB: 1_000_000,
  reason: { min: 4, max: 2000 },
};
const Amount = (max: number) => z.number().min(0).max(max);

/** The request as the viewer's lists show it. */
const viewOf = (ctx: CallContext, r: Request) => requestViewIn(ctx.data, r, ctx.clock(), ctx);

/** The province's lifecycle and calendar, as the store's commands take them. */
const rulesOf = (ctx: CallContext): RequestRules => ({ lifecycle: ctx.lifecycle, calendar: ctx.calendar });

/** Tells open consoles in the request's department (and operators) that it changed, with the row. */
function published(ctx: CallContext, r: Request) {
  requestsChanged(ctx.store);
  ctx.live.publish(requestEvent(viewOf(ctx, r)));
}

/**
 * Enqueues "a step waiting for you" for whoever the request now awaits, in the transaction that
 * moved it there: the step and its notifications commit together, or neither does.
 */
const notifying =
  (ctx: CallContext): Also =>
  (tx, r) =>
    ctx.notifications
      ? notifyAwaitedStep(tx, r, {
          available: ctx.notifications.available,
          provinceLevel: ctx.data.organisations().find((o) => o.kind === 'province')?.id ?? null,
          systemName: ctx.data.planned(r.system)?.name,
          timeZone: ctx.calendar.timeZone,
          lifecycle: ctx.lifecycle,
        })
      : Promise.resolve(0);

/** Another unit's request (another city's, the other network's) reads as absent. */
async function visible(ctx: CallContext, id: number) {
  const row = await requestInScope(ctx.store.db, ctx.scope, id);
  if (!row) throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
  return row;
}

/** A store refusal of the lifecycle, in the reader's words. */
function lifecycleRefusal(ctx: CallContext, e: unknown): never {
  if (e instanceof OutOfTurnError)
    throw new UserError(
      'FORBIDDEN',
      {},
      { key: 'request.notYourLevel', params: { level: ctx.data.orgName(e.awaiting) ?? e.awaiting } },
      e,
    );
  if (e instanceof WrongStepError)
    throw new UserError(
      'CONFLICT',
      {},
      { key: 'request.wrongStep', params: { step: { key: `request.steps.${e.step}` } } },
      e,
    );
  if (e instanceof TooEarlyError)
    throw new UserError(
      'FORBIDDEN',
      {},
      { key: 'request.trialTooEarly', params: { date: dateInBoth(e.earliest, ctx.calendar.timeZone) } },
      e,
    );
  throw e;
}

/** A moment as a date in both languages (a message parameter), in the calendar's zone. */
const dateInBoth = (d: Date, timeZone: string) => ({
  zh: new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long' }).format(d),
  en: new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'long' }).format(d),
});

/** Runs a lifecycle command: its refusals in words, then the change published to open consoles. */
async function act(ctx: CallContext, f: () => Promise<Request>) {
  const row = await storeCall(async () => {
    try {
      return await f();
    } catch (e) {
      lifecycleRefusal(ctx, e);
    }
  });
  published(ctx, row);
  return row;
}

/**
 * 等保三级及以上: the request carries the system's filing number (备案号), and it must be the one the
 * plan records; a system at that level with no filing in the plan cannot ask at all.
 */
function checkFiling(
  system: { name: unknown; mlps: { level: number; filing?: string | undefined } },
  filing?: string,
) {
  if (system.mlps.level < 3) return;
  const key = !system.mlps.filing
    ? 'request.filingNotInPlan'
    : !filing
      ? 'request.filingMissing'
      : filing !== system.mlps.filing
        ? 'request.filingMismatch'
        : null;
  if (key)
    throw new UserError('BAD_REQUEST', {
      filing: [{ key, params: { system: system.name as string, level: system.mlps.level } }],
    });
}

const Ref = { id: z.number().int().positive(), version: z.number().int().positive() };

export const requestsRouter = router({
  /** The limits of one request, for the form to state up front. */
  limits: procedure.meta({ permission: 'requests.read' }).query(() => REQUEST_LIMITS),

  /** Requests within the viewer's scope, newest first, with the SLA clock. */
  list: procedure
    .meta({ permission: 'requests.read' })
    .input(
      z
        .object({
          status: z
            .array(z.enum(['pending', 'approved', 'rejected', 'live', 'withdrawn', 'released']))
            .optional(),
        })
        .strict()
        .default({}),
    )
    .query(async ({ ctx, input }) => {
      const rows = await requestsInScope(
        ctx.store.db,
        ctx.scope,
        input.status ? { status: input.status } : {},
      );
      const level = ctx.viewer ? ctx.data.reviewLevelOf(ctx.viewer) : null;
      const now = ctx.clock();
      return rows.map((r) => ({
        ...viewOf(ctx, r),
        actions: actionsFor(ctx.viewer ?? null, r, { level, now, lifecycle: ctx.lifecycle }),
      }));
    }),

  /** One request in the viewer's scope, with its lifecycle's steps; NOT_FOUND outside it. */
  get: procedure
    .meta({ permission: 'requests.read' })
    .input(z.object({ id: z.number().int().positive() }).strict())
    .query(async ({ ctx, input }) => {
      const row = await visible(ctx, input.id);
      const party = ctx.viewer ? partyOf(ctx.viewer, row) : null;
      const level = ctx.viewer ? ctx.data.reviewLevelOf(ctx.viewer) : null;
      const actions = actionsFor(ctx.viewer ?? null, row, {
        level,
        now: ctx.clock(),
        lifecycle: ctx.lifecycle,
      });
      return { ...viewOf(ctx, row), mine: row.requestedBy === ctx.viewer?.id, party, actions };
    }),

  /** The one who asked takes a pending request back. */
  withdraw: procedure
    .meta({ permission: 'requests.create' })
    .input(
      z
        .object({
          id: z.number().int().positive(),
          version: z.number().int().positive(),
          comment: z.string().trim().max(500).optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      return act(ctx, () => withdrawRequest(ctx.store, actorOf(ctx), input, rulesOf(ctx)));
    }),

  /** The one who asked changes a request not yet decided: its acceptance and review start again. */
  amend: procedure
    .meta({ permission: 'requests.create' })
    .input(
      z
        .object({
          ...Ref,
          cpu: Amount(REQUEST_LIMITS.cpu),
          memoryGiB: Amount(REQUEST_LIMITS.memoryGiB),
          storageGiB: Amount(REQUEST_LIMITS.storageGiB),
          reason: z.string().trim().min(REQUEST_LIMITS.reason.min).max(REQUEST_LIMITS.reason.max),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      return act(ctx, () =>
        amendRequest(ctx.store, actorOf(ctx), input, rulesOf(ctx), undefined, notifying(ctx)),
      );
    }),

  /** 受理: the data bureau at the request's first level accepts it into review, or refuses it. */
  accept: procedure
    .meta({ permission: 'requests.decide' })
    .input(
      z
        .object({ ...Ref, decision: z.enum(['accept', 'refuse']), comment: z.string().trim().max(2000) })
        .strict()
        .refine((d) => d.decision === 'accept' || d.comment.length >= 4, {
          message: 'request.refusalNeedsReason',
          path: ['comment'],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      const level = ctx.data.reviewLevelOf(ctx.viewer!);
      return act(ctx, () =>
        acceptRequest(ctx.store, actorOf(ctx), { ...input, level }, rulesOf(ctx), undefined, notifying(ctx)),
      );
    }),

  /** 测试 → 试运行: the department reports its test passed before the test resources lapse. */
  passTest: procedure
    .meta({ permission: 'requests.confirm' })
    .input(z.object({ ...Ref, comment: z.string().trim().min(4).max(2000) }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await visible(ctx, input.id);
      if (partyOf(ctx.viewer!, r) !== 'department')
        throw new UserError('FORBIDDEN', {}, { key: 'request.departmentOnly' });
      return act(ctx, () =>
        passTest(ctx.store, actorOf(ctx), input, rulesOf(ctx), undefined, notifying(ctx)),
      );
    }),

  /** 试运行: the viewer confirms for the party they stand for; the third party's takes it live. */
  confirmTrial: procedure
    .meta({ permission: 'requests.confirm' })
    .input(z.object({ ...Ref, comment: z.string().trim().max(2000) }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await visible(ctx, input.id);
      const party = partyOf(ctx.viewer!, r);
      if (!party) throw new UserError('FORBIDDEN', {}, { key: 'request.noParty' });
      return act(ctx, () =>
        confirmTrial(ctx.store, actorOf(ctx), { ...input, party }, rulesOf(ctx), undefined, notifying(ctx)),
      );
    }),

  create: procedure
    .meta({ permission: 'requests.create' })
    .input(
      z
        .object({
          system: z.string().min(1).max(64),
          network: z.enum(['internal', 'external']),
          cpu: Amount(REQUEST_LIMITS.cpu),
          memoryGiB: Amount(REQUEST_LIMITS.memoryGiB),
          storageGiB: Amount(REQUEST_LIMITS.storageGiB),
          reason: z.string().trim().min(REQUEST_LIMITS.reason.min).max(REQUEST_LIMITS.reason.max),
          /** New resources, a change to a live system's, or its exit (which asks for nothing). */
          kind: z.enum(KINDS).default('new'),
          /** The MLPS filing number (备案号): required for a system at level 3 or above. */
          filing: z.string().trim().max(64).optional(),
          /** The form's id for this submission: sent twice, it still makes one request. */
          submissionId: z.uuid().optional(),
        })
        .strict()
        .refine((r) => r.kind === 'exit' || r.cpu + r.memoryGiB + r.storageGiB > 0, {
          message: 'request.askForSomething',
          path: ['cpu'],
        })
        .refine((r) => r.kind !== 'exit' || r.cpu + r.memoryGiB + r.storageGiB === 0, {
          message: 'request.exitAsksNothing',
          path: ['cpu'],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const system = ctx.data.planned(input.system);
      if (!system)
        throw new UserError('NOT_FOUND', {
          system: [{ key: 'request.unknownSystem', params: { system: input.system } }],
        });
      if (system.network !== input.network)
        throw new UserError('BAD_REQUEST', {
          network: [
            {
              key: 'request.wrongNetwork',
              params: { system: system.name, network: { key: `network.${system.network}` } },
            },
          ],
        });
      checkFiling(system, input.filing);
      const row = await storeCall(() =>
        createRequest(
          ctx.store,
          actorOf(ctx),
          {
            ...input,
            filing: input.filing || undefined,
            department: system.department,
            reviewLevels: ctx.data.reviewChain(system.department),
            pools: ctx.data.unitChain(system.department),
          },
          rulesOf(ctx),
          undefined,
          notifying(ctx),
        ),
      );
      published(ctx, row);
      return row;
    }),

  /**
   * The department pools in the viewer's scope (and network): allotted, granted (approved or live),
   * requested (pending) and used (the live quotas' status) under each unit, per network.
   */
  pools: procedure.meta({ permission: 'requests.read' }).query(async ({ ctx }) => {
    const s = ctx.scope;
    if (s.kind === 'none') return [];
    const rows = await poolLedger(ctx.store.db, s.kind === 'departments' ? s.ids : null, s.network);
    return rows.map((r) => ({
      ...r,
      name: ctx.data.orgName(r.department),
      // What the live quotas under the unit use now (stale: as last seen, with when).
      ...ctx.data.quotaUsedUnder(r.department, r.network as Network),
    }));
  }),

  /**
   * Sets a unit's allotment on a network: the data bureau's act, for units below the viewer's own
   * (a city's operators allot the city's departments and counties, not the city itself).
   */
  setPool: procedure
    .meta({ permission: 'requests.decide' })
    .input(
      z
        .object({
          department: z.string().min(1).max(64),
          network: z.enum(NETWORKS),
          cpu: Amount(REQUEST_LIMITS.cpu * 1000),
          memoryGiB: Amount(REQUEST_LIMITS.memoryGiB * 1000),
          storageGiB: Amount(REQUEST_LIMITS.storageGiB * 1000),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const own = ctx.scope.kind === 'departments' ? ctx.scope.unit : null;
      if (
        !ctx.data.orgExists(input.department) ||
        !inScope(ctx.scope, input.department, input.network) ||
        input.department === own
      )
        throw new UserError('FORBIDDEN', {
          department: [
            {
              key: 'pool.outsideRemit',
              params: { unit: ctx.data.orgName(input.department) ?? input.department },
            },
          ],
        });
      return setAllotment(ctx.store, actorOf(ctx), input);
    }),

  /** Gives a granted request back (resources reclaimed): its pools have room again. */
  release: procedure
    .meta({ permission: 'requests.decide' })
    .input(
      z
        .object({
          id: z.number().int().positive(),
          version: z.number().int().positive(),
          comment: z.string().trim().min(4).max(2000),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      return act(ctx, () => releaseRequest(ctx.store, actorOf(ctx), input, rulesOf(ctx)));
    }),

  decide: procedure
    .meta({ permission: 'requests.decide' })
    .input(
      z
        .object({
          id: z.number().int().positive(),
          version: z.number().int().positive(),
          decision: z.enum(['approve', 'reject']),
          comment: z.string().trim().max(2000),
          adjusted: z
            .object({
              cpu: Amount(REQUEST_LIMITS.cpu),
              memoryGiB: Amount(REQUEST_LIMITS.memoryGiB),
              storageGiB: Amount(REQUEST_LIMITS.storageGiB),
            })
            .strict()
            .optional(),
        })
        .strict()
        .refine((d) => d.decision === 'approve' || d.comment.length >= 4, {
          message: 'request.rejectionNeedsReason',
          path: ['comment'],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      const level = ctx.data.reviewLevelOf(ctx.viewer!);
      return act(ctx, async () => {
        try {
          return await decideRequest(
            ctx.store,
            actorOf(ctx),
            { ...input, level },
            rulesOf(ctx),
            undefined,
            notifying(ctx),
          );
        } catch (e) {
          if (!(e instanceof PoolExceededError)) throw e;
          throw new UserError(
            'FORBIDDEN',
            {
              [`adjusted.${e.resource}`]: [
                {
                  key: 'request.poolExceeded',
                  params: {
                    unit: ctx.data.orgName(e.department) ?? e.department,
                    network: { key: `network.${e.network as Network}` },
                    resource: { key: `resource.${e.resource}` },
                    left: Math.max(0, e.left),
                    asked: e.asked,
                  },
                },
              ],
            },
            { key: 'request.poolExceededSummary' },
            e,
          );
        }
      });
    }),
});
