// Role grants with approval (four eyes): the system administrator or a department administrator
// proposes (`grants.propose`), the security administrator decides (`grants.decide`), never the
// proposer. A department administrator proposes only for accounts of its unit's subtree, and only
// roles placed in a unit of it. An approval applies through the same path as a direct grant
// (store/grant-proposals.ts → updateUser: audited, sessions ended).
import { z } from 'zod';
import { can, ROLES, UNIT_ROLES, type Viewer } from '../../auth/policy.ts';
import { NETWORKS } from '../../model/network.ts';
import { decideProposal, listProposals, proposeGrant } from '../../store/grant-proposals.ts';
import { NotFoundError } from '../../store/errors.ts';
import type { Db } from '../../store/db.ts';
import { UserError } from '../errors/user-error.ts';
import { storeCall } from '../store-errors.ts';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';

/**
 * The units the viewer may place accounts in: null for any unit of the plan (the system and
 * security administrators, who belong to none), else its unit's subtree — empty when its unit is
 * not the plan's.
 */
export function placementUnits(ctx: Pick<CallContext, 'scope' | 'viewer'>): ReadonlySet<string> | null {
  if (ctx.scope.kind === 'departments') return ctx.scope.ids;
  return UNIT_ROLES.includes(ctx.viewer!.role) ? new Set() : null;
}

const Proposal = z
  .object({
    username: z.string().min(1).max(128),
    role: z.enum(ROLES),
    department: z.string().min(1).max(64).nullable(),
    network: z.enum(NETWORKS).nullable().optional(),
    reason: z.string().trim().min(4).max(500),
  })
  .strict();

const Decision = z
  .object({
    id: z.number().int().positive(),
    approve: z.boolean(),
    comment: z.string().trim().max(500).optional(),
  })
  .strict();

export const grantsRouter = router({
  /**
   * Proposals with their state: all of them for the security administrator, who decides them;
   * one's own for a proposer. Pending first.
   */
  list: procedure.meta({ permission: 'grants.read' }).query(async ({ ctx }) => {
    const viewer = ctx.viewer as Viewer;
    const rows = await listProposals(
      ctx.store.db as Db,
      can(viewer, 'grants.decide') ? {} : { proposedBy: viewer.id },
    );
    return rows.map((p) => ({ ...p, unitName: p.department ? ctx.data.orgName(p.department) : null }));
  }),

  /**
   * What the viewer may place an account as, for the grant and staff forms: the roles (a
   * department administrator: those placed in a unit) and the organisation units (its subtree).
   */
  options: procedure.meta({ permission: 'grants.read' }).query(({ ctx }) => {
    const within = placementUnits(ctx);
    return {
      roles: within ? [...UNIT_ROLES] : [...ROLES],
      units: ctx.data
        .organisations()
        .filter((o) => !within || within.has(o.id))
        .map((o) => ({ id: o.id, kind: o.kind, name: o.name, parentId: o.parentId })),
    };
  }),

  propose: procedure
    .meta({ permission: 'grants.propose' })
    .input(Proposal)
    .mutation(async ({ ctx, input }) => {
      const within = placementUnits(ctx);
      const department = input.department ?? null;
      if (within) {
        // A department administrator: roles placed in a unit of its subtree.
        if (!UNIT_ROLES.includes(input.role))
          throw new UserError('BAD_REQUEST', { role: [{ key: 'grant.roleOutsideRemit' }] });
        if (department && !within.has(department))
          throw new UserError('BAD_REQUEST', { department: [{ key: 'staff.outsideUnit' }] });
        if (!department) throw new UserError('BAD_REQUEST', { department: [{ key: 'field.unitRequired' }] });
      }
      if (department && UNIT_ROLES.includes(input.role) && !ctx.data.orgExists(department))
        throw new UserError('BAD_REQUEST', {
          department: [{ key: 'assign.unknownDepartment', params: { department } }],
        });
      return storeCall(async () => {
        try {
          return await proposeGrant(
            ctx.store,
            actorOf(ctx),
            { ...input, department, network: input.network ?? null },
            // The account itself must be of the subtree (a department administrator's remit).
            (target) => {
              if (within && !(target.department && within.has(target.department)))
                throw new NotFoundError(`no account ${input.username} in the subtree`);
            },
          );
        } catch (e) {
          if (e instanceof NotFoundError)
            throw new UserError(
              'NOT_FOUND',
              { username: [{ key: 'grant.noAccount', params: { username: input.username } }] },
              { key: 'grant.noAccount', params: { username: input.username } },
              e,
            );
          throw e;
        }
      });
    }),

  /** Approves (applying the grant) or refuses a proposal: the security administrator's, never the proposer's. */
  decide: procedure
    .meta({ permission: 'grants.decide' })
    .input(Decision)
    .mutation(({ ctx, input }) =>
      storeCall(() =>
        decideProposal(ctx.store, actorOf(ctx), input.id, input.approve, input.comment || null),
      ),
    ),
});
