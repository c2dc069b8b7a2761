// Tokens for migration tools (#23): a unit's department administrator, or an operator whose scope
// holds the unit, issues a named token for the unit (optionally for some of its systems only) that
// the unit's tools push data-sync progress with (http/migration-reports.ts). The secret is in the
// issue's answer once; afterwards only its first characters are shown. An operator of one
// network's team issues tokens for that network only, and sees only those.
import { z } from 'zod';
import { inScope } from '../../auth/policy.ts';
import { issueToken, listTokens, revokeToken, tokenState, type SyncToken } from '../../store/sync-tokens.ts';
import type { Db } from '../../store/db.ts';
import { UserError } from '../errors/user-error.ts';
import { storeCall } from '../store-errors.ts';
import { actorOf, procedure, router, type CallContext } from '../trpc.ts';

const DAY = 86_400_000;

/** Whether the viewer may see (and revoke) a token: its unit in scope, and its network team's. */
const visible = (ctx: Pick<CallContext, 'scope'>) => (t: SyncToken) => {
  const network = ctx.scope.kind === 'none' ? undefined : ctx.scope.network;
  return inScope(ctx.scope, t.department) && (!network || t.network === network);
};

export function tokenView(ctx: Pick<CallContext, 'data' | 'clock'>, t: SyncToken) {
  return {
    id: t.id,
    name: t.name,
    department: t.department,
    departmentName: ctx.data.orgName(t.department),
    network: t.network,
    systems: t.systems.map((id) => ({ id, name: ctx.data.planned(id)?.name ?? null })),
    hint: t.hint,
    issuedBy: t.issuedBy,
    issuedAt: t.issuedAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    revokedBy: t.revokedBy,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    lastUsedFrom: t.lastUsedFrom,
    reports: t.reports,
    state: tokenState(t, ctx.clock()),
  };
}

const SystemId = z.string().min(1).max(128);

export const syncTokensRouter = router({
  /** The tokens of the units in the viewer's scope, newest first. */
  list: procedure.meta({ permission: 'sync.tokens' }).query(async ({ ctx }) => {
    const units =
      ctx.scope.kind === 'departments' ? ctx.scope.ids : ctx.scope.kind === 'all' ? null : new Set<string>();
    const rows = await listTokens(ctx.store.db as Db, units);
    return rows.filter(visible(ctx)).map((t) => tokenView(ctx, t));
  }),

  /** The units a token may be issued for: those of the viewer's scope (for the form's picker). */
  units: procedure
    .meta({ permission: 'sync.tokens' })
    .query(({ ctx }) => ctx.data.organisations().filter((o) => inScope(ctx.scope, o.id))),

  /** A new token; the answer carries its secret, once. */
  issue: procedure
    .meta({ permission: 'sync.tokens' })
    .input(
      z
        .object({
          name: z.string().trim().min(1).max(64),
          department: z.string().min(1).max(64),
          /** Only these systems of the unit (none: every system of its subtree). */
          systems: z.array(SystemId).max(200).default([]),
          expiresInDays: z.number().int().min(1, 'sync.expiryRange').max(365, 'sync.expiryRange').default(90),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.data.orgExists(input.department) || !inScope(ctx.scope, input.department))
        throw new UserError('BAD_REQUEST', { department: [{ key: 'sync.unitOutside' }] });
      const network = ctx.scope.kind === 'none' ? null : (ctx.scope.network ?? null);
      const outside = input.systems.find((id) => {
        const p = ctx.data.planned(id);
        return !p || !ctx.data.within(input.department, p.department) || (network && p.network !== network);
      });
      if (outside)
        throw new UserError('BAD_REQUEST', {
          systems: [{ key: 'sync.systemOutside', params: { system: outside } }],
        });
      const by = actorOf(ctx);
      const { token, secret } = await issueToken(ctx.store, by, {
        name: input.name,
        department: input.department,
        network,
        systems: [...new Set(input.systems)],
        expiresAt: new Date(by.at.getTime() + input.expiresInDays * DAY),
      });
      return { token: tokenView(ctx, token), secret };
    }),

  revoke: procedure
    .meta({ permission: 'sync.tokens' })
    .input(z.object({ id: z.number().int().positive() }).strict())
    .mutation(async ({ ctx, input }) => {
      const t = await storeCall(() => revokeToken(ctx.store, actorOf(ctx), input.id, visible(ctx)));
      return tokenView(ctx, t);
    }),
});
