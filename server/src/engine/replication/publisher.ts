// The engine's side of replication: every version the engine's worker publishes in this process
// is written to the database, in order, and announced; API replicas apply the same deltas this
// process's mirror applied. A new leader first writes a whole version (its epoch starts there), and
// from time to time a whole one again so that a replica joining late reads little. It also writes
// health and capacity figures, and runs the commands replicas queue.
import { randomUUID } from 'node:crypto';
import { serialize } from 'node:v8';
import type pg from 'pg';
import type { EngineMirror } from '../mirror.ts';
import type { EngineClient } from '../engine-client.ts';
import { encodeVersion, type VersionDelta } from '../wire/delta.ts';
import type { EngineStatus } from '../worker/protocol.ts';
import type { CapacityTrend, CapacityReport } from '../../model/index.ts';
import { CHANNELS } from './channels.ts';

/** Deltas between two whole versions in the table. */
const WHOLE_EVERY = 200;
/** How often capacity figures are refreshed for replicas (they run no Prometheus queries). */
const CAPACITY_MS = 15_000;

/** What replicas read from engine_status. */
export interface PublishedStatus {
  status: EngineStatus;
  capacity: { report: CapacityReport | null; trends: { trends: CapacityTrend[]; stale: boolean } } | null;
}

type Command =
  | { kind: 'workflowsChanged'; args: [string] }
  | { kind: 'labelNamespace'; args: [string, string, Record<string, string>] }
  | { kind: 'recompute'; args: [] };
export type CommandKind = Command['kind'];

export class VersionPublisher {
  readonly epoch = randomUUID();
  private writing: Promise<unknown> = Promise.resolve();
  private sinceWhole = 0;
  private status: EngineStatus | null = null;
  private capacity: PublishedStatus['capacity'] = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly db: pg.Client,
    private readonly mirror: EngineMirror,
    private readonly engine: EngineClient,
    private readonly log: { warn: (o: object, m: string) => void },
  ) {}

  /** Starts with a whole version of what the mirror holds, then follows it. */
  async start(): Promise<void> {
    this.publish(this.whole(), true);
    this.mirror.on('delta', this.onDelta);
    this.mirror.on('status', this.onStatus);
    await this.db.query(`LISTEN ${CHANNELS.command}`);
    this.db.on('notification', (n) => {
      if (n.channel === CHANNELS.command) void this.runCommands();
    });
    await this.refreshCapacity();
    this.timers.push(
      setInterval(() => void this.refreshCapacity(), CAPACITY_MS),
      // Notifications can be missed (a reconnect): the queue is also looked at every few seconds.
      setInterval(() => void this.runCommands(), 2_000),
    );
    await this.runCommands();
    await this.writing;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.mirror.off('delta', this.onDelta);
    this.mirror.off('status', this.onStatus);
    await this.running;
    await this.writing.catch(() => undefined);
  }

  private whole(): VersionDelta {
    return encodeVersion(null, this.mirror.current(), []).delta;
  }

  private readonly onDelta = (d: VersionDelta) => {
    // A whole version every so often, and after a version could not be written (a replica
    // cannot apply a delta whose base it never received).
    if (++this.sinceWhole >= WHOLE_EVERY || this.lostWrite) {
      this.sinceWhole = 0;
      this.lostWrite = false;
      return this.publish({ ...this.whole(), changes: d.changes }, true);
    }
    this.publish(d, false);
  };

  /** A version failed to be written: the next one goes whole. */
  private lostWrite = false;

  private readonly onStatus = (s: EngineStatus) => {
    this.status = s;
    this.writeStatus();
  };

  /** Writes in order: a replica applies rows by seq, and a delta only after its base. */
  private publish(d: VersionDelta, whole: boolean) {
    const body = serialize(d);
    this.chain(
      () => {
        this.lostWrite = true;
      },
      async () => {
        const r = await this.db.query<{ seq: string }>(
          'INSERT INTO engine_versions (epoch, version, whole, body) VALUES ($1, $2, $3, $4) RETURNING seq',
          [this.epoch, d.version, whole, body],
        );
        const seq = r.rows[0]!.seq;
        // Rows before a whole version are read by nobody any more.
        if (whole) await this.db.query('DELETE FROM engine_versions WHERE seq < $1', [seq]);
        await this.db.query('SELECT pg_notify($1, $2)', [CHANNELS.version, seq]);
      },
    );
  }

  private writeStatus() {
    if (!this.status) return;
    const body = serialize({ status: this.status, capacity: this.capacity } satisfies PublishedStatus);
    this.chain(
      () => undefined,
      async () => {
        await this.db.query(
          `INSERT INTO engine_status (id, epoch, body, at) VALUES (1, $1, $2, now())
         ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, body = excluded.body, at = excluded.at`,
          [this.epoch, body],
        );
        await this.db.query('SELECT pg_notify($1, $2)', [CHANNELS.status, '']);
      },
    );
  }

  private chain(failed: () => void, f: () => Promise<void>) {
    this.writing = this.writing.then(f).catch((err: Error) => {
      failed();
      this.log.warn({ err: err.message }, 'engine version not published');
    });
  }

  private async refreshCapacity() {
    const view = this.engine.capacity;
    if (!view || this.closed) return;
    try {
      const [report, trends] = await Promise.all([view.report(), view.trends()]);
      this.capacity = { report, trends };
      this.writeStatus();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'capacity figures not published');
    }
  }

  private running: Promise<void> | null = null;

  /** Runs queued commands one at a time, oldest first; each answers with the version after it. */
  private runCommands(): Promise<void> {
    return (this.running ??= this.drain()
      .catch((err: Error) => this.log.warn({ err: err.message }, 'engine commands not run'))
      .finally(() => (this.running = null)));
  }

  private async drain() {
    for (;;) {
      if (this.closed) return;
      const r = await this.db.query<{ id: string; kind: CommandKind; args: unknown[] }>(
        'SELECT id, kind, args FROM engine_commands WHERE done_at IS NULL ORDER BY id LIMIT 20',
      );
      if (!r.rows.length) return;
      for (const c of r.rows) {
        let error: string | null = null;
        try {
          await this.execute({ kind: c.kind, args: c.args } as Command);
        } catch (e) {
          error = (e as Error).message;
        }
        await this.writing;
        await this.db.query(
          'UPDATE engine_commands SET done_at = now(), error = $2, epoch = $3, version = $4 WHERE id = $1',
          [c.id, error, this.epoch, this.mirror.current().version],
        );
        await this.db.query('SELECT pg_notify($1, $2)', [CHANNELS.done, c.id]);
      }
      await this.db.query("DELETE FROM engine_commands WHERE done_at < now() - interval '1 hour'");
    }
  }

  private execute(c: Command): Promise<void> {
    if (c.kind === 'workflowsChanged') return this.engine.workflowsChanged(...c.args);
    if (c.kind === 'labelNamespace') return this.engine.labelNamespace(...c.args);
    return this.engine.recompute();
  }
}
