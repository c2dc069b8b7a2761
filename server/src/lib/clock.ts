// The server's one clock: wall time in production; in the sandbox, a simulated time that starts at
// `simStart` and runs `speed` times as fast. The origin is a plain value so that the API's thread
// and the engine's worker compute the same time from it.
export interface ClockOrigin {
  realStart: number;
  simStart: number;
  speed: number;
}

export function sandboxOrigin(speed: number, startAt?: string, now = Date.now()): ClockOrigin {
  return { realStart: now, simStart: startAt ? Date.parse(startAt) : now, speed };
}

/** The clock for an origin (null: wall time). */
export function clockOf(origin: ClockOrigin | null): () => Date {
  if (!origin) return () => new Date();
  const { realStart, simStart, speed } = origin;
  return () => new Date(simStart + (Date.now() - realStart) * speed);
}
