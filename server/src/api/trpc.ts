// tRPC setup: every procedure declares its permission in `meta`; the shared middleware refuses
// a procedure that declares none (fails closed) and computes the viewer's data scope.
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { fieldMessages, localizeFields, UserError } from './errors/user-error.ts';
import { message, type Locale } from './errors/messages.ts';
import { can, scopeOf, type Permission, type Scope, type Viewer } from '../auth/policy.ts';
import type { ReadModel } from '../read-model/read-model.ts';
import { ViewerCatalog } from '../read-model/catalog.ts';
import type { EngineCommands } from '../engine/engine.ts';
import type { Store } from '../store/db.ts';
import type { WorkCalendar } from '../store/calendar.ts';
import type { ScorecardRules } from '../scorecard/score.ts';
import type { Lifecycle } from '../requests/lifecycle.ts';
import type { LiveFeed } from '../service/live-feed.ts';
import type { ChannelName } from '../notify/events.ts';
import type { PlanText } from '@yunqian/plan';

export interface Context {
  viewer: Viewer | null;
  /** The viewer signed in with an account (false for sandbox demo roles and anonymous visitors). */
  signedIn?: boolean;
  /** The session the call belongs to (a digest of its cookie), to end its live streams with it. */
  session?: string | null;
  /** Single sign-on is configured (the console offers it on the sign-in page). */
  /** The account's sign-in before this session's, shown once at sign-in (MLPS level 3). */
  previousSignIn?: { at: string; address: string | null } | null;
  /** Whether this request's session is still signed in (not ended, not idle): long streams ask. */
  sessionValid?: () => Promise<boolean>;
  /** Minutes of inactivity after which a session ends. */
  idleMinutes?: number;
  sso?: boolean;
  /**
   * The engine's current read model, unscoped. Only the procedure middleware below opens it: a
   * procedure sees `ctx.data`, the same model through the viewer's scope.
   */
  readModel: () => ReadModel;
  /** The plan folder's files as they stand (the planner's patch is made against them); absent: none to read. */
  planTexts?: () => Promise<PlanText[]>;
  /** Changes asked of the engine (the procedure that calls one audits it). */
  commands: EngineCommands;
  store: Store;
  calendar: WorkCalendar;
  /** The province's request lifecycle: its steps and their clocks. */
  lifecycle: Lifecycle;
  /** Exported files are signed (crypto.signingKeyFile is set). */
  signing?: boolean;
  /** The cut-over and retirement evidence's rules the sign-off gate applies. */
  evidence?: { requireNames: boolean };
  /** The province's scorecard rules: weights, efficiency goal, deductions. */
  scorecard: ScorecardRules;
  /** Changes pushed to open consoles. */
  live: LiveFeed;
  sandbox: boolean;
  /** The server's one clock (the sandbox's in the sandbox): SLA clocks, sign-offs and audit use it. */
  clock: () => Date;
  requestId: string;
  /** The language the console asked for (Accept-Language): error messages are written in it. */
  locale?: Locale;
  /** Notifications are on: the channels an event can be enqueued on (absent: off). */
  notifications?: { available: readonly ChannelName[] } | null;
  /** Structured log for changes (the audit log of the identity issue replaces it). */
  log: { info: (o: object, m: string) => void };
}

/** What a procedure sees: the context without the unscoped model (it reads through `data`). */
export type CallContext = Omit<Context, 'readModel'> & { scope: Scope; data: ViewerCatalog };

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
      const locale = ctx?.locale ?? 'zh-CN';
      const cause = error.cause;
      // Input the schema refused, or a rule a router checked: field-level, in the viewer's language.
      const fields =
        cause instanceof ZodError ? fieldMessages(cause) : error instanceof UserError ? error.fields : null;
      if (fields) {
        const summary = error instanceof UserError ? error.summary : { key: 'input.check' as const };
        return {
          ...shape,
          message: message(locale, summary.key, summary.params),
          data: { ...shape.data, fieldErrors: localizeFields(fields, locale) },
        };
      }
      const refusal = cause instanceof PermissionRefusal ? { permission: cause.permission } : null;
      return { ...shape, data: { ...shape.data, fieldErrors: null, refusal } };
    },
  });

/** The permission a call lacked (carried to the console as `data.refusal`). */
export class PermissionRefusal extends Error {
  constructor(readonly permission: Permission) {
    super(`needs ${permission}`);
  }
}

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
      // Which permission refused it: the console explains who holds it and who grants it.
      cause: new PermissionRefusal(meta.permission),
    });
  }
  // One version for the whole call: every read of this procedure sees the same state.
  const model = ctx.readModel();
  const scope: Scope = scopeOf(ctx.viewer, model.index);
  const data = new ViewerCatalog(model, scope);
  return next({ ctx: { ...ctx, scope, data, readModel: undefined } });
});

/** Who does a change, under which request, at the server's one clock (for audit rows). */
export const actorOf = (ctx: Pick<CallContext, 'viewer' | 'requestId' | 'clock'>) => ({
  id: ctx.viewer!.id,
  requestId: ctx.requestId,
  at: ctx.clock(),
});
