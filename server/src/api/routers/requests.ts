// Resource requests (资源申请): departments ask, operators decide within the SLA. Every change
// is audited by the store in the same transaction.
import { z } from 'zod';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';
import {
  createRequest,
  decideRequest,
  releaseRequest,
  withdrawRequest,
  type Request,
} from '../../store/requests.ts';
import { listAudit } from '../../store/audit.ts';
import { requestInScope, requestsInScope } from '../scoped-requests.ts';
import { requestEvent, requestViewIn } from '../request-view.ts';
import { storeCall } from '../store-errors.ts';
import { OutOfTurnError } from '../../store/errors.ts';
import { PoolExceededError, poolLedger, setAllotment } from '../../store/pools.ts';
import { inScope } from '../../auth/policy.ts';
import { NETWORKS, type Network } from '../../model/network.ts';
import { UserError } from '../errors/user-error.ts';
import { requestsChanged } from '../request-counts.ts';
import { notifyAwaitedStep } from '../../notify/request-steps.ts';

/** What one request may ask for; the console states these limits beside the fields. */
export const REQUEST_LIMITS = {
  cpu: 1024,
  memoryGiB: 8192,
  storageGiB: 1_000_000,
  reason: { min: 4, max: 2000 },
};
const Amount = (max: number) => z.number().min(0).max(max);

/** The request as the viewer's lists show it. */
const viewOf = (ctx: CallContext, r: Request) => requestViewIn(ctx.data, r, ctx.clock(), ctx.calendar);

/** Tells open consoles in the request's department (and operators) that it changed, with the row. */
function published(ctx: CallContext, r: Request) {
  requestsChanged(ctx.store);
  ctx.live.publish(requestEvent(viewOf(ctx, r)));
}

/** Tells the reviewers of the level a pending request awaits (a failure only costs the notice). */
async function notified(ctx: CallContext, r: Request) {
  if (!ctx.notifications) return;
  try {
    await notifyAwaitedStep(ctx.store, r, {
      available: ctx.notifications.available,
      provinceLevel: ctx.data.organisations().find((o) => o.kind === 'province')?.id ?? null,
      systemName: ctx.data.planned(r.system)?.name,
      timeZone: ctx.calendar.timeZone,
    });
  } catch (e) {
    ctx.log.info({ request: r.id, err: (e as Error).message }, 'reviewers not notified');
  }
}

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
      return rows.map((r) => viewOf(ctx, r));
    }),

  /** One request in the viewer's scope, with its steps (from the audit trail); NOT_FOUND outside it. */
  get: procedure
    .meta({ permission: 'requests.read' })
    .input(z.object({ id: z.number().int().positive() }).strict())
    .query(async ({ ctx, input }) => {
      const row = await requestInScope(ctx.store.db, ctx.scope, input.id);
      if (!row) throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
      const steps = (
        await listAudit(ctx.store.db, { objectType: 'resource-request', objectId: String(row.id) })
      )
        // In the order they happened (the chain's order where the clock shows the same moment).
        .sort((a, b) => +new Date(a.at) - +new Date(b.at) || a.id - b.id)
        .map((a) => ({ action: a.action, actor: a.actor, at: a.at }));
      return { ...viewOf(ctx, row), steps, mine: row.requestedBy === ctx.viewer?.id };
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
      const row = await storeCall(() => withdrawRequest(ctx.store, actorOf(ctx), input));
      published(ctx, row);
      return row;
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
          /** The form's id for this submission: sent twice, it still makes one request. */
          submissionId: z.uuid().optional(),
        })
        .strict()
        .refine((r) => r.cpu + r.memoryGiB + r.storageGiB > 0, {
          message: 'request.askForSomething',
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
      const row = await storeCall(() =>
        createRequest(
          ctx.store,
          actorOf(ctx),
          {
            ...input,
            department: system.department,
            reviewLevels: ctx.data.reviewChain(system.department),
            pools: ctx.data.unitChain(system.department),
          },
          ctx.calendar,
        ),
      );
      published(ctx, row);
      await notified(ctx, row);
      return row;
    }),

  /**
   * The department pools in the viewer's scope (and network): allotted, granted (approved or live)
   * and requested (pending) under each unit, per network.
   */
  pools: procedure.meta({ permission: 'requests.read' }).query(async ({ ctx }) => {
    const s = ctx.scope;
    if (s.kind === 'none') return [];
    const rows = await poolLedger(ctx.store.db, s.kind === 'departments' ? s.ids : null, s.network);
    return rows.map((r) => ({ ...r, name: ctx.data.orgName(r.department) }));
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
      if (!(await requestInScope(ctx.store.db, ctx.scope, input.id)))
        throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
      const row = await storeCall(() => releaseRequest(ctx.store, actorOf(ctx), input));
      published(ctx, row);
      return row;
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
      // Another unit's request (another city's, the other network's) reads as absent.
      if (!(await requestInScope(ctx.store.db, ctx.scope, input.id)))
        throw new UserError('NOT_FOUND', {}, { key: 'store.notFound' });
      const level = ctx.data.reviewLevelOf(ctx.viewer!);
      const row = await storeCall(async () => {
        try {
          return await decideRequest(ctx.store, actorOf(ctx), { ...input, level });
        } catch (e) {
          if (e instanceof PoolExceededError)
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
          if (!(e instanceof OutOfTurnError)) throw e;
          const awaiting = ctx.data.orgName(e.awaiting) ?? e.awaiting;
          throw new UserError(
            'FORBIDDEN',
            {},
            { key: 'request.notYourLevel', params: { level: awaiting } },
            e,
          );
        }
      });
      published(ctx, row);
      await notified(ctx, row);
      return row;
    }),
});
