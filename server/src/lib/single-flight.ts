// At most one run in progress and at most one waiting: every trigger (the poll, a burst of cluster
// events, a sign-off) joins the waiting run instead of starting its own. Two runs never diff
// against the same previous state, and a run that starts later always finishes later, so an older
// state can never overwrite a newer one.
const ignore = () => undefined;

export class SingleFlight<T> {
  private running: Promise<T> | null = null;
  private waiting: Promise<T> | null = null;

  constructor(private readonly work: () => Promise<T>) {}

  /** Resolves with the result of a run that started after this call. */
  run(): Promise<T> {
    // A waiting run has not started yet, so it starts after this call too.
    if (this.waiting) return this.waiting;
    if (!this.running) return this.start();
    const afterCurrent = this.running.then(ignore, ignore);
    return (this.waiting = afterCurrent.then(() => {
      this.waiting = null;
      return this.start();
    }));
  }

  /** True while a run is in progress or waiting. */
  get busy(): boolean {
    return this.running !== null || this.waiting !== null;
  }

  private start(): Promise<T> {
    const p = this.work();
    this.running = p;
    p.then(
      () => this.done(p),
      () => this.done(p),
    );
    return p;
  }

  private done(p: Promise<T>): void {
    if (this.running === p) this.running = null;
  }
}
