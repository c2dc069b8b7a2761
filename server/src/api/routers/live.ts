// Live updates over server-sent events (tRPC subscription). The first message tells the console
// where the server is, so a console that reconnects after losing the stream refetches what it shows.
import { on } from 'node:events';
import { inScope, type Scope } from '../../auth/policy.ts';
import type { LiveEvent } from '../../service/live-feed.ts';
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
    yield {
      kind: 'hello' as const,
      computedAt: ctx.tracker.state()?.computedAt ?? null,
      sources: ctx.tracker.sourceStatuses(),
    };
    for await (const [e] of on(ctx.live, 'event', { signal }) as AsyncIterable<[LiveEvent]>) {
      const visible = scopedEvent(e, ctx.scope);
      if (visible) yield visible;
    }
  }),
});
