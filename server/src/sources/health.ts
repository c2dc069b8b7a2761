// Tracks one source's freshness: synced while reads succeed, stale (with the time last synced)
// once they fail or age past the limit, failed if it never succeeded.
import type { SourceStatus } from '../model/index.ts';

export class SourceHealth {
  private lastOk: number | null = null;
  private error: string | undefined;

  constructor(
    private readonly base: Pick<SourceStatus, 'id' | 'kind' | 'cluster'>,
    private readonly staleAfterMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  ok(): void {
    this.lastOk = this.clock().getTime();
    this.error = undefined;
  }

  fail(e: unknown): void {
    this.error = e instanceof Error ? e.message : String(e);
  }

  status(): SourceStatus {
    const lastSyncedAt = this.lastOk === null ? undefined : new Date(this.lastOk).toISOString();
    const fresh =
      this.lastOk !== null && !this.error && this.clock().getTime() - this.lastOk <= this.staleAfterMs;
    const state = this.lastOk === null ? (this.error ? 'failed' : 'connecting') : fresh ? 'synced' : 'stale';
    return { ...this.base, state, lastSyncedAt, error: this.error };
  }
}
