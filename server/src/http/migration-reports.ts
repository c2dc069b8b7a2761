// The push endpoint for migration tools (#23): POST /api/v1/migration-reports, plain JSON with
// `Authorization: Bearer <token>`, for tools that are not browsers (no session, no CSRF cookie).
// Every refusal is JSON `{ error: { code, message, … } }` in the caller's language
// (Accept-Language; Chinese unless English is asked for), field by field for a body that does not
// validate — never the validator's own text.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/db.ts';
import { FailureWindow } from '../store/signin-state.ts';
import { tokenBySecret, tokenState, type SyncToken } from '../store/sync-tokens.ts';
import { acceptReport, TokenGoneError, type Outcome } from '../store/sync-reports.ts';
import { ReportBody } from '../sync/report-body.ts';
import { fieldMessages, localizeFields } from '../api/errors/user-error.ts';
import {
  localeOf,
  message,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../api/errors/messages.ts';
import type { ReadModel } from '../read-model/read-model.ts';
import { ViewerCatalog } from '../read-model/catalog.ts';
import type { Network } from '../model/network.ts';

export const REPORTS_PATH = '/api/v1/migration-reports';
/** A report is a few hundred bytes; anything near this is not one. */
export const REPORT_BODY_LIMIT = 16 * 1024;
/** A tool's clock may run this far ahead of the server's. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Wrong tokens from one address, per minute, before it is told to wait (as for sign-ins). */
const BAD_TOKENS_PER_MINUTE = 10;
/** Reports per token per minute on one replica: a tool reports progress, it does not stream. */
export const REPORTS_PER_TOKEN_PER_MINUTE = 120;
const MINUTE = 60_000;

export interface MigrationReportOptions {
  store: Store;
  /** The server's one clock: receipt times and the future check. */
  clock: () => Date;
  /** Rate windows count real seconds, as sign-in failures do (the sandbox's clock may stand still). */
  wallClock: () => Date;
  readModel: () => ReadModel;
}

/** The systems a token may report on: its unit's subtree (its network, its list, when it has them). */
function allowed(model: ReadModel, token: SyncToken, system: string): boolean {
  const ids = model.index?.subtree.get(token.department);
  if (!ids) return false;
  const catalog = new ViewerCatalog(model, {
    kind: 'departments',
    ids,
    unit: token.department,
    network: (token.network as Network | null) ?? undefined,
  });
  return !!catalog.planned(system) && (token.systems.length === 0 || token.systems.includes(system));
}

/** Counts per key in fixed one-minute windows (per replica: a bound, not an accounting). */
class PerMinute {
  private readonly windows = new Map<number, { start: number; n: number }>();
  constructor(private readonly limit: number) {}
  take(key: number, now: number): boolean {
    const w = this.windows.get(key);
    if (!w || now - w.start >= MINUTE) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { start: now, n: 1 });
      return true;
    }
    return ++w.n <= this.limit;
  }
}

export async function registerMigrationReports(http: FastifyInstance, o: MigrationReportOptions) {
  const badTokens = new FailureWindow(o.store.db, 'sync-token-address', BAD_TOKENS_PER_MINUTE, MINUTE);
  const perToken = new PerMinute(REPORTS_PER_TOKEN_PER_MINUTE);

  const refuse = (
    reply: FastifyReply,
    locale: Locale,
    status: number,
    code: string,
    key: MessageKey,
    params: MessageParams = {},
    extra: object = {},
  ) => reply.code(status).send({ error: { code, message: message(locale, key, params), ...extra } });

  await http.register(async (scope) => {
    // Bodies that are not JSON, too large or of another type get the same JSON shape as the rest.
    scope.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
      const locale = localeOf(req.headers['accept-language']);
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return refuse(reply, locale, 413, 'too-large', 'sync.tooLarge', { max: REPORT_BODY_LIMIT });
      if (err.statusCode === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        return refuse(reply, locale, 415, 'not-json', 'sync.notJson');
      if (err.statusCode === 400) return refuse(reply, locale, 400, 'not-json', 'sync.notJson');
      req.log.error({ errorId: req.id, err }, 'migration report failed');
      return reply.code(500).send({ error: { code: 'internal', message: `internal error (id ${req.id})` } });
    });

    scope.post(REPORTS_PATH, { bodyLimit: REPORT_BODY_LIMIT }, async (req: FastifyRequest, reply) => {
      const locale = localeOf(req.headers['accept-language']);
      const wall = o.wallClock();
      if (await badTokens.exceeded(req.ip, wall))
        return refuse(reply.header('retry-after', '60'), locale, 429, 'too-many', 'sync.tooManyBadTokens');

      // 1. Who: a valid token, or 401 (unknown, revoked and expired each say so: whoever holds a
      // revoked or expired secret learns only that it no longer works).
      const secret = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(req.headers.authorization ?? '')?.[1];
      const token = secret ? await tokenBySecret(o.store.db, secret) : null;
      const now = o.clock();
      const state = token ? tokenState(token, now) : null;
      if (!token || state !== 'active') {
        await badTokens.fail(req.ip, wall);
        // RFC 6750 §3 and §3.1: a 401 carries a Bearer challenge; a token that was given but is
        // expired, revoked or unknown adds error="invalid_token", a request with none adds no code.
        reply.header(
          'www-authenticate',
          `Bearer realm="yunqian-migration-reports"${secret ? ', error="invalid_token"' : ''}`,
        );
        return state === 'revoked'
          ? refuse(reply, locale, 401, 'token-revoked', 'sync.tokenRevoked')
          : state === 'expired'
            ? refuse(reply, locale, 401, 'token-expired', 'sync.tokenExpired', {
                expiredAt: token!.expiresAt.toISOString(),
              })
            : refuse(reply, locale, 401, 'token-invalid', 'sync.tokenInvalid');
      }

      // 2. What: the body, field by field.
      const parsed = ReportBody.safeParse(req.body);
      if (!parsed.success)
        return refuse(
          reply,
          locale,
          400,
          'invalid',
          'input.check',
          {},
          {
            fieldErrors: localizeFields(fieldMessages(parsed.error), locale),
          },
        );
      const body = parsed.data;

      // 3. Which system: one of the token's, else 403 — the same answer for another unit's system
      // and for one that does not exist, so a token cannot map the province.
      if (!allowed(o.readModel(), token, body.system))
        return refuse(reply, locale, 403, 'system-not-allowed', 'sync.systemNotAllowed', {
          system: body.system,
        });

      if (!perToken.take(token.id, wall.getTime()))
        return refuse(reply.header('retry-after', '60'), locale, 429, 'too-many', 'sync.tooManyReports', {
          max: REPORTS_PER_TOKEN_PER_MINUTE,
        });

      // 4. Whether: the acceptance rule, inside the run's lock.
      let outcome: Outcome;
      try {
        outcome = await acceptReport(o.store, token, body, {
          now,
          skewMs: CLOCK_SKEW_MS,
          requestId: String(req.id),
          from: req.ip,
        });
      } catch (e) {
        if (e instanceof TokenGoneError)
          return refuse(reply, locale, 401, 'token-revoked', 'sync.tokenRevoked');
        throw e;
      }
      if (outcome.accepted) {
        const r = outcome.report;
        return reply.code(201).send({
          accepted: {
            id: r.id,
            system: r.system,
            run: r.run,
            sequence: r.sequence,
            receivedAt: r.receivedAt,
          },
        });
      }
      const v = outcome.verdict;
      if (v.refusal === 'future')
        return refuse(
          reply,
          locale,
          400,
          'invalid',
          'input.check',
          {},
          {
            fieldErrors: {
              measuredAt: [message(locale, 'sync.future', { latest: v.latest.toISOString() })],
            },
          },
        );
      if (v.refusal === 'replayed')
        return refuse(
          reply,
          locale,
          409,
          'replayed',
          outcome.sameAsStored ? 'sync.replayedSame' : 'sync.replayed',
          { run: body.run, sequence: v.sequence, lastSequence: v.lastSequence },
          { lastSequence: v.lastSequence, sameAsStored: outcome.sameAsStored },
        );
      return refuse(
        reply,
        locale,
        409,
        'regressed',
        'sync.regressed',
        {
          run: body.run,
          field: { key: `sync.field.${v.field}` as MessageKey },
          last: v.last,
          given: v.given,
        },
        { field: v.field, last: v.last, given: v.given },
      );
    });
  });
}
