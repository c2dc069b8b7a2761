// A brief cache in front of Prometheus: a result is reused for `ttlMs`, and concurrent callers
// of the same query share one request in flight. Failures are not cached.
export class QueryCache {
  private readonly entries = new Map<string, { expires: number; value: Promise<unknown> }>();

  constructor(private readonly now: () => number = Date.now) {}

  get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { expires: this.now() + ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.prune();
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(): void {
    if (this.entries.size < 256) return;
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
  }
}
