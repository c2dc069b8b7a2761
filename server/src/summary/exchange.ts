// The summary's two drop folders, run where the engine runs. The exporting side keeps the latest
// counts in the database (at most once a minute, after a new state; the command line exports
// them too) and writes a signed, numbered file into its export folder on a schedule, for the
// one-way exchange (a data diode or a removable-media procedure) to carry. The importing side
// watches its import folder — by polling, since a folder a diode writes into may not raise file
// events — imports each new file, and moves it to `imported/` or to `refused/` beside a
// `.reason.txt` an operator can read.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Store } from '../store/db.ts';
import type { Network } from '../model/index.ts';
import type { ReadModel } from '../read-model/read-model.ts';
import type { SigningKey } from '../crypto/signature.ts';
import { exportSummary, importSummary, saveSnapshot } from '../store/summaries.ts';
import { summaryOf } from './content.ts';

export interface ExchangeOptions {
  store: Store;
  log: Logger;
  clock: () => Date;
  leading: () => boolean;
  model: () => ReadModel;
  /** The networks whose counts this instance keeps (its own, or both). */
  networks: readonly Network[];
  ownNetwork: Network | null;
  export?: { dir: string; everyMs: number; key: SigningKey } | undefined;
  import?: { dir: string; trusted: readonly string[]; everyMs?: number } | undefined;
}

const ACTOR = { id: 'system:summary-exchange', requestId: 'summary-exchange' };

export class SummaryExchange {
  private savedAt = 0;
  private savedState: string | null = null;
  private timers: NodeJS.Timeout[] = [];
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ExchangeOptions) {}

  start(): void {
    const every = (ms: number, f: () => Promise<unknown>) => {
      const t = setInterval(() => void this.serial(f), ms);
      t.unref();
      this.timers.push(t);
    };
    if (this.o.export) every(this.o.export.everyMs, () => this.exportNow());
    if (this.o.import) every(this.o.import.everyMs ?? 5_000, () => this.importFolder());
    // A minute's pass keeps the counts fresh when no new state comes (a quiet night).
    every(60_000, () => this.snapshot());
  }

  stop(): Promise<unknown> {
    for (const t of this.timers) clearInterval(t);
    return this.busy;
  }

  /** After a new state: keeps the counts, at most once a minute. */
  stateChanged(): void {
    if (Date.now() - this.savedAt >= 60_000) void this.serial(() => this.snapshot());
  }

  /** One pass at a time: a slow disk never runs two exports or imports over each other. */
  private serial(f: () => Promise<unknown>): Promise<unknown> {
    this.busy = this.busy
      .then(f)
      .catch((err: Error) => this.o.log.warn({ err: err.message }, 'summary exchange'));
    return this.busy;
  }

  /** Saves the counts of each kept network from the current state (the leader only). */
  async snapshot(): Promise<void> {
    const m = this.o.model();
    if (!this.o.leading() || !m.plan || !m.index || !m.state) return;
    // Never counts from a cluster not yet read; a stale one's last good figures, marked as such.
    const sources = m.sources();
    if (sources.some((s) => s.kind === 'kubernetes' && s.state === 'connecting')) return;
    const stale = sources.some((s) => s.state === 'stale' || s.state === 'failed');
    if (this.savedState === m.state.computedAt && Date.now() - this.savedAt < 60_000) return;
    const capacity = m.capacity ? await m.capacity.report().catch(() => null) : null;
    for (const n of this.o.networks)
      await saveSnapshot(
        this.o.store.db,
        summaryOf(n, m.plan, m.index, m.state, capacity, stale),
        this.o.clock(),
      );
    this.savedAt = Date.now();
    this.savedState = m.state.computedAt;
  }

  /** Writes the next numbered, signed file into the export folder (whole, then renamed). */
  async exportNow(): Promise<string | null> {
    const x = this.o.export;
    const network = this.o.ownNetwork;
    if (!x || !network || !this.o.leading()) return null;
    await this.snapshot();
    const r = await exportSummary(this.o.store, network, x.key, ACTOR, this.o.clock());
    await mkdir(x.dir, { recursive: true });
    const name = `yunqian-summary-${network}-${String(r.sequence).padStart(8, '0')}.json`;
    await writeFile(join(x.dir, `.${name}.part`), r.text, { mode: 0o640 });
    await rename(join(x.dir, `.${name}.part`), join(x.dir, name));
    this.o.log.info({ file: name, asOf: r.asOf }, 'network summary exported');
    return name;
  }

  /** Imports every summary file waiting in the import folder, oldest name first. */
  async importFolder(): Promise<void> {
    const x = this.o.import;
    if (!x || !this.o.leading()) return;
    const files = (await readdir(x.dir).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .sort();
    for (const f of files) {
      const r = await importSummary(
        this.o.store,
        await readFile(join(x.dir, f)),
        { trusted: x.trusted, ownNetwork: this.o.ownNetwork, source: f },
        ACTOR,
        this.o.clock(),
      );
      const to = join(x.dir, r.ok ? 'imported' : 'refused');
      await mkdir(to, { recursive: true });
      await rename(join(x.dir, f), join(to, f));
      if (r.ok) this.o.log.info({ file: f, sequence: r.sequence, asOf: r.asOf }, 'network summary imported');
      else {
        await writeFile(join(to, `${f}.reason.txt`), `${r.reason}: ${r.detail}\n`);
        this.o.log.warn({ file: f, reason: r.reason, detail: r.detail }, 'network summary refused');
      }
    }
  }
}
