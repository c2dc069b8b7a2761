// Accounts: the system administrator disables or enables, unlocks, sets a password, removes; the
// security administrator alone changes who holds which role (三员分立). Each change is audited
// (store/user-admin.ts) and ends the account's sessions.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ROLES } from '../../auth/policy.ts';
import { NETWORKS } from '../../model/network.ts';
import { listUsers, removeUser, updateUser, type UserChange } from '../../store/user-admin.ts';
import type { Db } from '../../store/db.ts';
import { storeCall } from '../store-errors.ts';
import { UserError } from '../errors/user-error.ts';
import { resetSecondFactor } from '../../store/second-factor.ts';
import { FourEyesError } from '../../store/errors.ts';
import { actorOf, procedure, router } from '../trpc.ts';
import { auditRead } from '../audit-read.ts';

const Username = z.string().min(1).max(128);

const Change = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('disable') }).strict(),
  z.object({ kind: z.literal('enable') }).strict(),
  z.object({ kind: z.literal('unlock') }).strict(),
  z.object({ kind: z.literal('password'), password: z.string().min(1).max(1024) }).strict(),
]);

const Grant = z
  .object({
    username: Username,
    role: z.enum(ROLES),
    department: z.string().min(1).max(64).nullable(),
    network: z.enum(NETWORKS).nullable().optional(),
  })
  .strict();

function toChange(c: z.infer<typeof Change>): UserChange {
  if (c.kind === 'disable' || c.kind === 'enable') return { disabled: c.kind === 'disable' };
  if (c.kind === 'unlock') return { unlock: true };
  return { password: c.password };
}

/** A rule the change breaks (password policy, a department user without a department) is the caller's error. */
async function asBadRequest<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await storeCall(f);
  } catch (e) {
    if (e instanceof TRPCError) throw e;
    if (e instanceof Error && /^(passwords need|a department user)/.test(e.message))
      throw new TRPCError({ code: 'BAD_REQUEST', message: e.message });
    throw e;
  }
}

export const usersRouter = router({
  /** The accounts, their roles and states: a sensitive read, audited (`users.read`). */
  list: procedure.meta({ permission: 'users.read' }).query(async ({ ctx }) => {
    await auditRead(ctx, 'users.read', 'users', 'list');
    return listUsers(ctx.store.db as Db);
  }),

  update: procedure
    .meta({ permission: 'users.manage' })
    .input(z.object({ username: Username, change: Change }).strict())
    .mutation(({ ctx, input }) =>
      asBadRequest(() => updateUser(ctx.store, actorOf(ctx), input.username, toChange(input.change))),
    ),

  /** Who holds which role (and, for a department user, which department): the security administrator's. */
  grant: procedure
    .meta({ permission: 'users.grant' })
    .input(Grant)
    .mutation(({ ctx, input }) => {
      // A unit the plan does not have would give the account an empty scope without a word.
      if (input.department && !ctx.data.orgExists(input.department))
        throw new UserError('BAD_REQUEST', {
          department: [{ key: 'assign.unknownDepartment', params: { department: input.department } }],
        });
      return asBadRequest(() =>
        updateUser(ctx.store, actorOf(ctx), input.username, {
          role: input.role,
          department: input.department,
          network: input.network ?? null,
        }),
      );
    }),

  /**
   * Clears an account's second factor (a lost or replaced phone): its next sign-in enrols again.
   * A security setting, so the security administrator's; never on their own account.
   */
  resetSecondFactor: procedure
    .meta({ permission: 'users.grant' })
    .input(z.object({ username: Username }).strict())
    .mutation(({ ctx, input }) =>
      storeCall(async () => {
        if (input.username === ctx.viewer!.id)
          throw new FourEyesError(`${input.username} cannot reset their own second factor`, 'own-account');
        if (!(await resetSecondFactor(ctx.store, input.username, actorOf(ctx))))
          throw new TRPCError({ code: 'NOT_FOUND', message: `no user ${input.username}` });
        return { ok: true };
      }),
    ),

  remove: procedure
    .meta({ permission: 'users.manage' })
    .input(z.object({ username: Username }).strict())
    .mutation(({ ctx, input }) => asBadRequest(() => removeUser(ctx.store, actorOf(ctx), input.username))),
});
