// tRPC setup: every procedure declares its permission in `meta`; the shared middleware refuses
// a procedure that declares none (fails closed) and computes the viewer's data scope.
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { can, scopeOf, type Permission, type Scope, type Viewer } from '../auth/policy.ts';
import type { TrackerService } from '../service/tracker-service.ts';
import type { PlanSource } from '../sources/plan/plan-source.ts';
import type { HistoryStore } from '../service/history-store.ts';
import type { ClusterSource } from '../sources/types.ts';
import type { CapacityService } from '../service/capacity-service.ts';
import type { Store } from '../store/db.ts';
import type { WorkCalendar } from '../store/calendar.ts';
import type { TenancyConfig } from '../sources/kubernetes/tenancy.ts';
import type { LiveFeed } from '../service/live-feed.ts';

export interface Context {
  viewer: Viewer | null;
  /** The viewer signed in with an account (false for sandbox demo roles and anonymous visitors). */
  signedIn?: boolean;
  /** The session the call belongs to (a digest of its cookie), to end its live streams with it. */
  session?: string | null;
  /** Single sign-on is configured (the console offers it on the sign-in page). */
  sso?: boolean;
  tracker: TrackerService;
  plan: PlanSource;
  history: HistoryStore;
  clusters: ClusterSource;
  capacity: CapacityService;
  store: Store;
  calendar: WorkCalendar;
  /** Re-reads sign-offs and blockers and recomputes stages after a change. */
  workflowsChanged?: (system: string) => Promise<void>;
  tenancy: TenancyConfig;
  /** Changes pushed to open consoles. */
  live: LiveFeed;
  sandbox: boolean;
  /** The server's one clock (the sandbox's in the sandbox): SLA clocks, sign-offs and audit use it. */
  clock: () => Date;
  requestId: string;
  /** Structured log for changes (the audit log of the identity issue replaces it). */
  log: { info: (o: object, m: string) => void };
}

export interface Meta {
  permission?: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never send server stack traces to browsers; errors are logged server-side.
    isDev: false,
    // Keep idle event streams open through proxies, and let the browser reconnect after silence.
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
    errorFormatter({ shape, error, ctx }) {
      // An internal error's text can hold SQL and its parameters: the caller gets an id to quote,
      // the log has the details under the same id.
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        const id = ctx?.requestId ?? 'unknown';
        return {
          ...shape,
          message: `internal error (id ${id})`,
          data: { ...shape.data, fieldErrors: null, errorId: id },
        };
      }
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          fieldErrors:
            cause instanceof ZodError
              ? z.flattenError(cause).fieldErrors
              : cause && 'fieldErrors' in cause
                ? (cause as { fieldErrors: Record<string, string[]> }).fieldErrors
                : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const procedure = t.procedure.use(({ ctx, meta, path, next }) => {
  if (!meta?.permission)
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: `procedure ${path} declares no permission`,
    });
  if (!can(ctx.viewer, meta.permission)) {
    throw new TRPCError({
      code: ctx.viewer ? 'FORBIDDEN' : 'UNAUTHORIZED',
      message: `${meta.permission} is not granted to ${ctx.viewer?.role ?? 'anonymous visitors'}`,
    });
  }
  const scope: Scope = scopeOf(ctx.viewer, ctx.tracker.planIndex());
  return next({ ctx: { ...ctx, scope } });
});

export const readState = (tracker: TrackerService) => {
  const state = tracker.state();
  if (!state) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'no plan is in force yet' });
  return state;
};
