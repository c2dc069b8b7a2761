// The viewer's own notification preferences: channels, events, mail address, language. Public in
// the permission table (every role has a self), but only a viewer with an identity has preferences,
// and only their own: the procedures take no user.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { procedure, router, type CallContext } from '../trpc.ts';
import { CHANNELS, EVENT_KINDS, LANGUAGES } from '../../notify/events.ts';
import { auditablePreferences, getPreferences, setPreferences } from '../../notify/preferences.ts';
import { audit } from '../../store/audit.ts';

const self = (ctx: CallContext) => {
  if (!ctx.viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in to choose notifications' });
  return ctx.viewer.id;
};

export const notificationsRouter = router({
  /** The viewer's preferences, what can be chosen, and which channels this server has (none: off). */
  preferences: procedure.meta({ permission: 'public' }).query(async ({ ctx }) => {
    const choices = {
      channels: [...CHANNELS],
      events: [...EVENT_KINDS],
      available: [...(ctx.notifications?.available ?? [])],
    };
    // An anonymous visitor has no preferences to read.
    if (!ctx.viewer) return { ...choices, preferences: null };
    return { ...choices, preferences: await getPreferences(ctx.store.db, ctx.viewer.id) };
  }),

  setPreferences: procedure
    .meta({ permission: 'public' })
    .input(
      z
        .object({
          channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length),
          events: z.array(z.enum(EVENT_KINDS)).max(EVENT_KINDS.length),
          email: z.email('field.email').max(254).nullable(),
          /** Mobile number for DingTalk's @-mention; left out: the stored one stays. */
          phone: z
            .string()
            .regex(/^\+?[0-9]{5,20}$/, 'field.phone')
            .nullable()
            .optional(),
          language: z.enum(LANGUAGES),
        })
        .strict()
        // Mail needs an address: said on the address's field.
        .refine((p) => !p.channels.includes('email') || !!p.email, {
          path: ['email'],
          message: 'notifications.emailNeeded',
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const user = self(ctx);
      // Audited like every change: who chose which channels, events and address, before and after.
      return ctx.store.db.transaction(async (tx) => {
        const before = await getPreferences(tx, user);
        const after = await setPreferences(tx, user, input);
        await audit(tx, {
          actor: user,
          action: 'notifications.preferences',
          objectType: 'user',
          objectId: user,
          before: auditablePreferences(before),
          after: auditablePreferences(after),
          requestId: ctx.requestId,
          at: ctx.clock(),
        });
        return after;
      });
    }),
});
