// The endpoint the clusters' API servers send their audit events to (kube-apiserver
// --audit-webhook-config-file: a kubeconfig whose cluster.server is this URL and whose
// user.token is the cluster's token here). Which cluster sent a batch comes from the token alone,
// never from the body. The token is checked before the body is read, so an unauthenticated
// sender costs no parsing and nothing is kept; the answer comes as soon as the batch is stored,
// because the API server waits for it (blocking mode) or holds its buffer (batch mode).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Store } from '../store/db.ts';
import { forgetChangesBefore, keepChanges } from '../store/kube-changes.ts';
import { changesOf, NotAnEventList } from './events.ts';

export const KUBE_AUDIT_PATH = '/webhooks/kubernetes-audit';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The cluster whose token the Authorization header carries (null: none). Every configured token
 * is compared, in constant time over digests, whatever matched first: how long the check takes
 * says nothing about which token, or how much of one, was right.
 */
export function clusterOfToken(
  header: string | undefined,
  tokens: ReadonlyMap<string, Buffer>,
): string | null {
  const m = /^Bearer (\S+)$/.exec(header ?? '');
  const given = digest(m?.[1] ?? '');
  let found: string | null = null;
  for (const [cluster, want] of tokens) if (timingSafeEqual(given, want) && m) found ??= cluster;
  return found;
}

export interface KubeAuditOptions {
  store: Store;
  /** Cluster id → the bearer token its webhook sends. */
  tokens: ReadonlyMap<string, string>;
  clock: () => Date;
  retentionDays: number;
  bodyLimit: number;
  log: FastifyBaseLogger;
}

/** How often a receiver forgets changes past the retention (each replica; deleting twice is harmless). */
const PRUNE_EVERY_MS = 3_600_000;

export function registerKubeAuditWebhook(http: FastifyInstance, o: KubeAuditOptions) {
  const tokens = new Map([...o.tokens].map(([c, t]) => [c, digest(t)]));
  const clusterOf = new WeakMap<object, string>();
  let prunedAt = -Infinity;
  const prune = (now: Date) => {
    if (now.getTime() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now.getTime();
    forgetChangesBefore(o.store.db, new Date(now.getTime() - o.retentionDays * 86_400_000))
      .then((n) => n && o.log.info({ forgotten: n }, 'kubernetes changes past their retention forgotten'))
      .catch((err: Error) => o.log.warn({ err: err.message }, 'kubernetes changes not pruned'));
  };
  http.post(
    KUBE_AUDIT_PATH,
    {
      bodyLimit: o.bodyLimit,
      // Before the body is read: a sender without a cluster's token is refused unparsed.
      onRequest: async (req, reply) => {
        const cluster = clusterOfToken(req.headers.authorization, tokens);
        if (!cluster) {
          req.log.warn({ ip: req.ip }, 'audit webhook refused: no cluster has this token');
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="yunqian-kubernetes-audit"')
            .send({ error: 'a cluster audit webhook token is required' });
        }
        clusterOf.set(req.raw, cluster);
      },
    },
    async (req, reply) => {
      const cluster = clusterOf.get(req.raw)!;
      let parsed;
      try {
        parsed = changesOf(req.body);
      } catch (e) {
        if (!(e instanceof NotAnEventList)) throw e;
        req.log.warn({ cluster }, e.message);
        return reply.code(400).send({ error: e.message });
      }
      const now = o.clock();
      const kept = await keepChanges(o.store.db, cluster, parsed.changes, now);
      prune(now);
      return reply.send({ cluster, changes: parsed.changes.length, kept, ignored: parsed.ignored });
    },
  );
}
