// The one rule for when an exception (不上云例外) holds: through its last day, a whole day in UTC as
// the plan's dates are. The tracker counts by it and the API states it; the console never recomputes it.

/** The last moment an exception whose last day is `until` (YYYY-MM-DD) holds. */
export function exceptionEnd(until: string): number {
  return Date.parse(`${until}T23:59:59.999Z`);
}

/** Whether an exception whose last day is `until` still holds at `now`. */
export function exceptionHolds(until: string, now: number): boolean {
  return now <= exceptionEnd(until);
}
