// Which process runs the engine. With the embedded database there is one process, and it does.
// With PostgreSQL every process serves the API, and the one holding a PostgreSQL session advisory
// lock also runs the engine (informers, Prometheus, tracker, history, reconciliation) and publishes
// its versions; the others apply them (follower.ts) and try for the lock every few seconds, so a
// standby takes over within seconds of the engine's death (PostgreSQL releases the lock when the
// session ends). A process that loses its session exits: a supervisor restarts it as a replica.
import type pg from 'pg';
import type { Config } from '../../config/config.ts';
import type { ClockOrigin } from '../../lib/clock.ts';
import type { CapacityView } from '../../read-model/read-model.ts';
import type { DbHistory } from '../../store/history.ts';
import type { Store } from '../../store/db.ts';
import type { WorkflowRows } from '../../sources/signoffs/store-source.ts';
import { labelsFor } from '../engine.ts';
import { EngineClient, type EngineAccess } from '../engine-client.ts';
import type { EngineMirror } from '../mirror.ts';
import { ENGINE_LOCK, sessionClient } from './channels.ts';
import { VersionFollower } from './follower.ts';
import { VersionPublisher } from './publisher.ts';

/** How often a replica tries to become the engine. */
export const TAKEOVER_MS = 3_000;

export interface EngineRoleOptions {
  config: Config;
  sandbox: boolean;
  clock: ClockOrigin | null;
  store: Store;
  history: DbHistory;
  mirror: EngineMirror;
  readWorkflows: () => Promise<WorkflowRows>;
  /** True when Prometheus is configured (capacity figures exist, here or on the engine). */
  capacityConfigured: boolean;
  log: {
    error: (o: object, m: string) => void;
    warn: (o: object, m: string) => void;
    info: (o: object, m: string) => void;
  };
}

export interface EngineRole extends EngineAccess {
  /** True in the process that runs the engine. */
  leading(): boolean;
  onLeading(f: () => void): void;
}

/** The engine in this process, always (embedded database, or the sandbox's own database). */
export async function soleEngine(o: EngineRoleOptions): Promise<EngineRole> {
  const client = await EngineClient.start(o);
  return Object.assign(client, { leading: () => true, onLeading: (f: () => void) => f() });
}

/** Elected among the processes sharing one PostgreSQL database. */
export async function electedEngine(o: EngineRoleOptions, url: string): Promise<EngineRole> {
  const lost = (e: Error) => {
    if (closing) return;
    o.log.error(
      { err: e },
      'database session of the engine election lost; exiting so that the server is restarted',
    );
    process.exit(70);
  };
  let closing = false;
  // One session holds the lock (and runs the engine's writes), one listens as a replica.
  const [lockSession, replicaSession] = await Promise.all([
    sessionClient(url, lost),
    sessionClient(url, lost),
  ]);
  const follower = new VersionFollower(replicaSession, o.mirror, o.history, o.log);
  let leader: { client: EngineClient; publisher: VersionPublisher } | null = null;
  const onLeading: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;

  const tryLead = async (): Promise<boolean> => {
    const r = await lockSession.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      ENGINE_LOCK,
    ]);
    if (!r.rows[0]!.ok) return false;
    if (timer) clearInterval(timer);
    await follower.stop();
    // Start from every transition recorded so far (the previous engine's included).
    await o.history.refresh();
    const client = await EngineClient.start(o);
    const publisher = new VersionPublisher(lockSession as pg.Client, o.mirror, client, o.log);
    await publisher.start();
    leader = { client, publisher };
    o.log.info({ epoch: publisher.epoch }, 'this process runs the engine');
    for (const f of onLeading) f();
    return true;
  };

  await follower.start();
  let trying = false;
  if (!(await tryLead()))
    timer = setInterval(() => {
      // One attempt at a time: the lock is re-entrant on its session, so a slow attempt must not
      // be joined by a second one that would start a second engine.
      if (leader || closing || trying) return;
      trying = true;
      // Holding the lock without an engine would leave every replica without one: exit instead.
      tryLead()
        .catch((err: Error) => lost(err))
        .finally(() => (trying = false));
    }, TAKEOVER_MS);

  const capacity: CapacityView | null = o.capacityConfigured
    ? {
        report: () => (leader?.client.capacity ?? follower.capacity).report(),
        trends: () => (leader?.client.capacity ?? follower.capacity).trends(),
      }
    : null;
  return {
    capacity,
    leading: () => leader !== null,
    onLeading: (f) => {
      onLeading.push(f);
      if (leader) f();
    },
    recompute: () => leader?.client.recompute() ?? follower.command('recompute'),
    workflowsChanged: (system) =>
      leader?.client.workflowsChanged(system) ?? follower.command('workflowsChanged', system),
    labelNamespace: (cluster, namespace, labels) =>
      leader?.client.labelNamespace(cluster, namespace, labels) ??
      follower.command('labelNamespace', cluster, namespace, labels),
    tenantLabels: (a) => labelsFor(o.config.tenancy, a),
    async close() {
      closing = true;
      if (timer) clearInterval(timer);
      if (leader) {
        await leader.publisher.close();
        await leader.client.close();
      } else await follower.stop().catch(() => undefined);
      await Promise.all([lockSession.end(), replicaSession.end()]).catch(() => undefined);
    },
  };
}
