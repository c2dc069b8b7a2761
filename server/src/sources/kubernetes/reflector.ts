// List, then watch from the list's resourceVersion, forever: one reflector per cluster and kind.
// - A watch that ends (server timeout, idle connection, network error) resumes from the last
//   resourceVersion seen, after a backoff when it failed.
// - 410 Gone (the resourceVersion was compacted away) means relist: the cache kind is replaced,
//   so nothing deleted meanwhile lingers and nothing is duplicated.
// - The client aborts a watch that has been silent for `idleMs`, so a connection that stalls
//   without closing (a known client-node failure) is noticed and renewed.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { ClusterCache, EventType } from './cluster-cache.ts';
import type { KindApi } from './kinds.ts';

export interface ReflectorOptions {
  pageSize: number;
  /** Server-side watch timeout; the watch is then renewed from the last resourceVersion. */
  watchTimeoutSeconds: number;
  /** Client-side inactivity limit for a watch connection. */
  idleMs: number;
  backoff: { initialMs: number; maxMs: number };
  /** How often a kind the cluster does not serve (an optional kind's 404) is looked for again. */
  absentRecheckMs?: number;
}

export const DEFAULT_REFLECTOR: ReflectorOptions = {
  pageSize: 500,
  watchTimeoutSeconds: 300,
  idleMs: 90_000,
  backoff: { initialMs: 500, maxMs: 30_000 },
};

export type ReflectorState = {
  synced: boolean;
  error: string | null;
  relists: number;
  lastEventAt: number | null;
};

class GoneError extends Error {}
const isNotFound = (e: unknown) => (e as { code?: number; statusCode?: number }).code === 404;

export class Reflector {
  private resourceVersion = '';
  private stopped = false;
  private abort: AbortController | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  readonly state: ReflectorState = { synced: false, error: null, relists: 0, lastEventAt: null };

  constructor(
    private readonly kc: KubeConfig,
    private readonly api: KindApi,
    private readonly cache: ClusterCache,
    private readonly onState: () => void,
    private readonly o: ReflectorOptions = DEFAULT_REFLECTOR,
  ) {}

  /** An add-on's kind (Velero's): see KindApi.optional. */
  get optional(): boolean {
    return this.api.optional === true;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
  }

  private async run(): Promise<void> {
    let delay = this.o.backoff.initialMs;
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          if ((await this.list()) === 'absent') {
            await this.sleep(this.o.absentRecheckMs ?? 60_000);
            continue;
          }
          needList = false;
        }
        await this.watchOnce();
        delay = this.o.backoff.initialMs;
      } catch (e) {
        if (this.stopped) break;
        if (e instanceof GoneError) {
          needList = true;
          this.state.relists++;
          continue;
        }
        this.fail(e);
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.o.backoff.maxMs);
        // After a failure we cannot know what was missed if the version is too old: the next
        // watch tells us with 410, and a list error keeps needList set.
      }
    }
  }

  private async list(): Promise<'listed' | 'absent'> {
    const items: unknown[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      let page;
      try {
        page = await this.api.list({ limit: this.o.pageSize, _continue: cont });
      } catch (e) {
        if (!this.api.optional || !isNotFound(e)) throw e;
        // The cluster does not serve this kind (no CRD): synced, with nothing in it.
        this.cache.markAbsent(this.api.kind);
        this.ok();
        return 'absent';
      }
      items.push(...page.items);
      rv = page.metadata?.resourceVersion ?? rv;
      cont = page.metadata?._continue || undefined;
    } while (cont);
    this.cache.replace(this.api.kind, items as never[]);
    this.resourceVersion = rv;
    this.ok();
    return 'listed';
  }

  private watchOnce(): Promise<void> {
    return new Promise((resolve, reject) => {
      const w = new Watch(this.kc);
      // client-node's inactivity timer (private in its types): our watchdog for silent connections.
      (w as unknown as { requestTimeoutMs: number }).requestTimeoutMs = this.o.idleMs;
      let gone = false;
      let finished = false;
      const params = {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: this.o.watchTimeoutSeconds,
      };
      w.watch(
        this.api.watchPath,
        params,
        (type: string, obj: { metadata?: { resourceVersion?: string }; code?: number; message?: string }) => {
          this.state.lastEventAt = Date.now();
          if (type === 'ERROR') {
            if (obj.code === 410) gone = true;
            else reject(new Error(`watch error ${obj.code ?? ''}: ${obj.message ?? ''}`));
            return;
          }
          const rv = obj.metadata?.resourceVersion;
          if (rv) this.resourceVersion = rv;
          if (type !== 'BOOKMARK') this.cache.apply(this.api.kind, type as EventType, obj as never);
          this.ok();
        },
        (err: (Error & { statusCode?: number }) | null) => {
          finished = true;
          this.abort = null;
          if (gone || err?.statusCode === 410) reject(new GoneError('resourceVersion too old'));
          // An optional kind's CRD was removed: list again, which finds it absent.
          else if (this.api.optional && err?.statusCode === 404)
            reject(new GoneError('kind no longer served'));
          else if (err && err.name !== 'TimeoutError' && !this.stopped) reject(err);
          else resolve();
        },
      ).then((controller) => {
        if (finished) return;
        // Connected: the cache is current again even if nothing changes for a while.
        this.abort = controller;
        if (this.stopped) controller.abort();
        else this.ok();
      }, reject);
    });
  }

  private ok(): void {
    if (this.api.optional) this.cache.markFailing(this.api.kind, null);
    if (this.state.synced && this.state.error === null) return;
    this.state.synced = true;
    this.state.error = null;
    this.onState();
  }

  private fail(e: unknown): void {
    const err = e as Error & { code?: number; body?: unknown; cause?: { code?: string } };
    this.state.error = err.cause?.code ?? (err.code ? `HTTP ${err.code}` : err.message || String(e));
    if (this.api.optional) this.cache.markFailing(this.api.kind, this.state.error);
    this.onState();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }
}
