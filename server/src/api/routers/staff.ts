// A unit's staff, for its department administrator (部门管理员, `staff.manage`): the department
// users of its unit and sub-units, added with an initial password that must be changed at the
// first sign-in, moved within the subtree, removed. The subtree is the viewer's scope; the store
// checks each account inside the change's transaction (store/staff.ts) and audits it there.
import { z } from 'zod';
import { initialPassword } from '../../auth/password-policy.ts';
import { addStaff, assignStaff, listStaff, removeStaff, type Units } from '../../store/staff.ts';
import { NotFoundError } from '../../store/errors.ts';
import type { Db } from '../../store/db.ts';
import { UserError } from '../errors/user-error.ts';
import { storeCall } from '../store-errors.ts';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';

/** An account's name: letters, digits, dots, underscores and hyphens (zhang.wei, li_na-2). */
export const AccountName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'field.username');
const Unit = z.string().min(1).max(64);

/** The units the viewer keeps staff in: its unit's subtree (none without a unit of the plan). */
export function staffUnits(ctx: Pick<CallContext, 'scope'>): Units {
  return ctx.scope.kind === 'departments' ? ctx.scope.ids : new Set();
}

/** A unit outside the subtree is refused on the unit's field, before anything is looked up. */
function withinUnits(units: Units, department: string) {
  if (!units.has(department))
    throw new UserError('BAD_REQUEST', { department: [{ key: 'staff.outsideUnit' }] });
}

/** An account that is not a department user of the subtree reads as absent, named. */
function staffCall<T>(username: string, f: () => Promise<T>): Promise<T> {
  return storeCall(async () => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof NotFoundError)
        throw new UserError('NOT_FOUND', {}, { key: 'staff.notFound', params: { username } }, e);
      throw e;
    }
  });
}

export const staffRouter = router({
  /** The department users of the viewer's unit and its sub-units, with their unit's name. */
  list: procedure.meta({ permission: 'staff.manage' }).query(async ({ ctx }) => {
    const rows = await listStaff(ctx.store.db as Db, staffUnits(ctx));
    return rows.map((r) => ({ ...r, unitName: ctx.data.orgName(r.department) }));
  }),

  /**
   * A new department user in a unit of the subtree. The answer carries the initial password, once:
   * the administrator hands it over, and its owner changes it at the first sign-in.
   */
  add: procedure
    .meta({ permission: 'staff.manage' })
    .input(
      z
        .object({ username: AccountName, displayName: z.string().trim().min(1).max(64), department: Unit })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const units = staffUnits(ctx);
      withinUnits(units, input.department);
      const password = initialPassword();
      const added = await staffCall(input.username, () =>
        addStaff(ctx.store, actorOf(ctx), input, units, password),
      );
      return { ...added, password };
    }),

  /** Moves one of the subtree's department users to another unit of it. */
  assign: procedure
    .meta({ permission: 'staff.manage' })
    .input(z.object({ username: z.string().min(1).max(128), department: Unit }).strict())
    .mutation(({ ctx, input }) => {
      const units = staffUnits(ctx);
      withinUnits(units, input.department);
      return staffCall(input.username, () =>
        assignStaff(ctx.store, actorOf(ctx), input.username, input.department, units),
      );
    }),

  remove: procedure
    .meta({ permission: 'staff.manage' })
    .input(z.object({ username: z.string().min(1).max(128) }).strict())
    .mutation(({ ctx, input }) =>
      staffCall(input.username, () => removeStaff(ctx.store, actorOf(ctx), input.username, staffUnits(ctx))),
    ),
});
