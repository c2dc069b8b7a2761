// An API replica's side of replication: it runs no engine of its own (no informers, no Prometheus
// queries). It applies the versions the engine wrote, in order, to its mirror, reads the engine's
// health and capacity figures, and passes commands to the engine through the database, answering
// once the version that carries their effect has been applied here.
import { deserialize } from 'node:v8';
import type pg from 'pg';
import type { EngineMirror } from '../mirror.ts';
import { VersionGap, type VersionDelta } from '../wire/delta.ts';
import type { CapacityView } from '../../read-model/read-model.ts';
import type { DbHistory } from '../../store/history.ts';
import { CHANNELS } from './channels.ts';
import { SingleFlight } from '../../lib/single-flight.ts';
import type { CommandKind, PublishedStatus } from './publisher.ts';

/** Versions and status are also read this often (a notification can be missed). */
const POLL_MS = 2_000;
/** A command the engine has not answered by then fails (no engine, or a stuck one). */
const COMMAND_TIMEOUT_MS = 30_000;

export class VersionFollower {
  private epoch: string | null = null;
  private seq = 0;
  private published: PublishedStatus | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly waiting = new Map<string, () => void>();

  readonly capacity: CapacityView = {
    report: async () => this.published?.capacity?.report ?? null,
    trends: async () => this.published?.capacity?.trends ?? { trends: [], stale: true },
  };

  constructor(
    private readonly db: pg.Client,
    private readonly mirror: EngineMirror,
    private readonly history: DbHistory,
    private readonly log: { warn: (o: object, m: string) => void },
  ) {}

  async start(): Promise<void> {
    this.db.on('notification', this.onNotification);
    await this.db.query(`LISTEN ${CHANNELS.version}`);
    await this.db.query(`LISTEN ${CHANNELS.status}`);
    await this.db.query(`LISTEN ${CHANNELS.done}`);
    await this.catchUp();
    await this.readStatus();
    this.timer = setInterval(() => {
      void this.catchUp();
      void this.readStatus();
    }, POLL_MS);
  }

  /** Stops following (this process becomes the engine, or closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.db.off('notification', this.onNotification);
    await this.db.query(
      `UNLISTEN ${CHANNELS.version}; UNLISTEN ${CHANNELS.status}; UNLISTEN ${CHANNELS.done}`,
    );
    // Waits for a read in progress (a new one finds the follower stopped and reads nothing).
    await this.reading.run();
  }

  /** Queues a command for the engine; resolves once its effect is in this replica's mirror. */
  async command(kind: CommandKind, ...args: unknown[]): Promise<void> {
    const r = await this.db.query<{ id: string }>(
      'INSERT INTO engine_commands (kind, args) VALUES ($1, $2) RETURNING id',
      [kind, JSON.stringify(args)],
    );
    const id = r.rows[0]!.id;
    const done = new Promise<void>((resolve) => this.waiting.set(id, resolve));
    await this.db.query('SELECT pg_notify($1, $2)', [CHANNELS.command, id]);
    const deadline = Date.now() + COMMAND_TIMEOUT_MS;
    for (;;) {
      const row = await this.db.query<{
        done_at: Date | null;
        error: string | null;
        epoch: string | null;
        version: number | null;
      }>('SELECT done_at, error, epoch, version FROM engine_commands WHERE id = $1', [id]);
      const c = row.rows[0];
      if (c?.done_at) {
        this.waiting.delete(id);
        if (c.error) throw new Error(c.error);
        await this.until(c.epoch ?? '', c.version ?? 0, deadline);
        return;
      }
      if (Date.now() > deadline) {
        this.waiting.delete(id);
        throw new Error('the engine did not answer in time; try again');
      }
      await Promise.race([done, new Promise((r) => setTimeout(r, 500))]);
    }
  }

  /** Waits until this replica has applied `version` of the engine `epoch` (or a later engine's). */
  private async until(epoch: string, version: number, deadline: number) {
    const applied = () => this.epoch === epoch && this.mirror.current().version >= version;
    while (!applied()) {
      // A newer engine took over meanwhile: its first version already holds the effect.
      if (this.epoch !== epoch && this.epochs.has(epoch)) return;
      if (Date.now() > deadline) throw new Error('the engine did not answer in time; try again');
      await this.catchUp();
      if (!applied()) await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Engines seen, oldest first (an epoch seen before the current one has been replaced). */
  private readonly epochs = new Set<string>();

  private readonly onNotification = (n: pg.Notification) => {
    if (n.channel === CHANNELS.version) void this.catchUp();
    else if (n.channel === CHANNELS.status) void this.readStatus();
    else if (n.channel === CHANNELS.done) this.waiting.get(n.payload ?? '')?.();
  };

  /** Applies every version row after the last one applied (one reader at a time). */
  catchUp(): Promise<void> {
    return this.stopped ? Promise.resolve() : this.reading.run();
  }

  private readonly reading = new SingleFlight<void>(() =>
    this.readVersions().catch((err: Error) =>
      this.log.warn({ err: err.message }, 'engine versions not read'),
    ),
  );

  private async readVersions(): Promise<void> {
    if (this.stopped) return;
    // From the last whole version when starting; otherwise every row after the last applied.
    const r = await this.db.query<{ seq: string; epoch: string; whole: boolean; body: Buffer }>(
      this.seq === 0
        ? `SELECT seq, epoch, whole, body FROM engine_versions
           WHERE seq >= (SELECT coalesce(max(seq), 0) FROM engine_versions WHERE whole) ORDER BY seq`
        : 'SELECT seq, epoch, whole, body FROM engine_versions WHERE seq > $1 ORDER BY seq',
      this.seq === 0 ? [] : [this.seq],
    );
    for (const row of r.rows) {
      if (this.stopped) return;
      // A new engine (after a failover) starts its epoch with a whole version.
      if (row.epoch !== this.epoch) {
        if (!row.whole) continue;
        if (this.epoch) this.epochs.add(this.epoch);
        this.epoch = row.epoch;
      }
      const d = deserialize(row.body) as VersionDelta;
      // The engine recorded these transitions before publishing the version: read them first, so
      // the version and its history arrive together.
      if (d.changes.length || row.whole) await this.history.refresh();
      try {
        this.mirror.apply(d);
      } catch (e) {
        if (!(e instanceof VersionGap)) throw e;
        // A version was missed (not written, or removed before it was read): start again from
        // the last whole version.
        this.log.warn({ err: e.message }, 'engine version missed; reading from the last whole one');
        this.seq = 0;
        return this.readVersions();
      }
      this.seq = Number(row.seq);
    }
  }

  private async readStatus() {
    try {
      const r = await this.db.query<{ body: Buffer }>('SELECT body FROM engine_status WHERE id = 1');
      if (!r.rows[0]) return;
      this.published = deserialize(r.rows[0].body) as PublishedStatus;
      this.mirror.setStatus(this.published.status);
      if (this.published.capacity)
        this.mirror.setCapacity(this.published.capacity.report, this.published.status.capacitySources);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'engine status not read');
    }
  }
}
