// Live updates over server-sent events (tRPC subscription). Every event carries its durable id
// (tracked()); a console that reconnects — to this replica or another — sends the last id it
// received and gets what it missed, in order, then the live stream. A new stream, or one whose
// missed events are no longer kept, starts with `hello`: the console refetches what it shows.
import { on } from 'node:events';
import { z } from 'zod';
import { inScope, provinceWide, type Scope } from '../../auth/policy.ts';
import { TRPCError, tracked } from '@trpc/server';
import type { LiveEvent, SessionEnd } from '../../service/live-feed.ts';
import type { LoggedEvent } from '../../service/event-log.ts';
import { procedure, router } from '../trpc.ts';

/** How often an open stream checks that its session has not ended (idle, expired). */
export const SESSION_CHECK_MS = 60_000;

/** The event as the viewer may see it: only their own systems' and requests' changes. */
export function scopedEvent(e: LiveEvent, scope: Scope): LiveEvent | null {
  if (provinceWide(scope)) return e;
  if (e.kind === 'sources') return scope.kind === 'none' ? null : e;
  if (e.kind === 'stages') {
    const changes = e.changes.filter((c) => inScope(scope, c.department, c.network));
    const systems = e.systems && e.systems.filter((s) => inScope(scope, s.department, s.network));
    return changes.length ? { ...e, changes, systems } : null;
  }
  return inScope(scope, e.department, e.network) ? e : null;
}

export const liveRouter = router({
  events: procedure
    .meta({ permission: 'live.read' })
    .input(
      z
        .object({
          lastEventId: z
            .string()
            .regex(/^\d{1,18}$/)
            .nullish(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const user = ctx.viewer!.id;
      // Accounts hold at most a few streams; the sandbox's demo roles are shared by every visitor.
      const counted = ctx.signedIn === true;
      if (counted && !ctx.live.openStream(user))
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: 'too many live streams open for this user',
        });
      // The stream ends with its session: signing out (here, or everywhere) stops what it hears.
      const stop = new AbortController();
      const abort = () => stop.abort();
      signal?.addEventListener('abort', abort);
      const ended = (e: SessionEnd) => {
        if (e.user === user && (e.everywhere || e.session === ctx.session)) abort();
      };
      ctx.live.on('ended', ended);
      // A session also ends by inactivity or expiry without anyone signing out: checked each
      // minute, so an unattended console stops hearing changes once its session is over.
      const check = counted
        ? setInterval(() => {
            void ctx.sessionValid?.().then((ok) => ok || abort(), abort);
          }, SESSION_CHECK_MS)
        : null;
      check?.unref();
      try {
        // Listening starts first: nothing logged while the missed events are read is lost.
        const live = on(ctx.live, 'event', { signal: stop.signal }) as AsyncIterable<[LoggedEvent]>;
        const resumeFrom = input?.lastEventId ? Number(input.lastEventId) : null;
        const missed = resumeFrom === null ? null : await ctx.live.since(resumeFrom);
        let last = resumeFrom ?? ctx.live.lastId();
        if (missed === null) {
          yield tracked(String(last), {
            kind: 'hello' as const,
            computedAt: ctx.data.computedAt(),
            sources: ctx.data.sources(),
          });
        } else {
          for (const e of missed) {
            last = e.id;
            const visible = scopedEvent(e.event, ctx.scope);
            if (visible) yield tracked(String(e.id), visible);
          }
        }
        for await (const [e] of live) {
          if (e.id <= last) continue;
          last = e.id;
          const visible = scopedEvent(e.event, ctx.scope);
          if (visible) yield tracked(String(e.id), visible);
        }
      } catch (e) {
        if (!stop.signal.aborted) throw e;
      } finally {
        if (check) clearInterval(check);
        ctx.live.off('ended', ended);
        signal?.removeEventListener('abort', abort);
        if (counted) ctx.live.closeStream(user);
      }
    }),
});
