// Live updates over server-sent events (tRPC subscription). The first message tells the console
// where the server is, so a console that reconnects after losing the stream refetches what it shows.
import { on } from 'node:events';
import { inScope, type Scope } from '../../auth/policy.ts';
import { TRPCError } from '@trpc/server';
import type { LiveEvent, SessionEnd } from '../../service/live-feed.ts';
import { procedure, router } from '../trpc.ts';

/** The event as the viewer may see it: only their own systems' and requests' changes. */
export function scopedEvent(e: LiveEvent, scope: Scope): LiveEvent | null {
  if (scope.kind === 'all') return e;
  if (e.kind === 'sources') return e;
  if (e.kind === 'stages') {
    const changes = e.changes.filter((c) => inScope(scope, c.department));
    return changes.length ? { ...e, changes } : null;
  }
  return inScope(scope, e.department) ? e : null;
}

export const liveRouter = router({
  events: procedure.meta({ permission: 'live.read' }).subscription(async function* ({ ctx, signal }) {
    const user = ctx.viewer!.id;
    // Accounts hold at most a few streams; the sandbox's demo roles are shared by every visitor.
    const counted = ctx.signedIn === true;
    if (counted && !ctx.live.openStream(user))
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'too many live streams open for this user' });
    // The stream ends with its session: signing out (here, or everywhere) stops what it hears.
    const stop = new AbortController();
    const abort = () => stop.abort();
    signal?.addEventListener('abort', abort);
    const ended = (e: SessionEnd) => {
      if (e.user === user && (e.everywhere || e.session === ctx.session)) abort();
    };
    ctx.live.on('ended', ended);
    try {
      yield {
        kind: 'hello' as const,
        computedAt: ctx.data.computedAt(),
        sources: ctx.data.sources(),
      };
      for await (const [e] of on(ctx.live, 'event', { signal: stop.signal }) as AsyncIterable<[LiveEvent]>) {
        const visible = scopedEvent(e, ctx.scope);
        if (visible) yield visible;
      }
    } catch (e) {
      if (!stop.signal.aborted) throw e;
    } finally {
      ctx.live.off('ended', ended);
      signal?.removeEventListener('abort', abort);
      if (counted) ctx.live.closeStream(user);
    }
  }),
});
