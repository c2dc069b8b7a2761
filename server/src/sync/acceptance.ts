// Whether a data-sync report is taken: the one rule, pure, so the push endpoint, its tests and
// anyone reading the README see the same thing. A run's reports only move forward: a sequence
// not after the last accepted one is a replay (a retried or captured request), and progress lower
// than already reported is a regression (a tool restarted its count, or reports of two jobs are
// mixed under one run id); either would make the timeline tell an untrue story, so both are
// refused rather than stored and explained away later.

/** What a run has accepted so far: its last sequence and the highest of each measure. */
export interface RunMark {
  sequence: number;
  percent: number | null;
  rowsCopied: number | null;
  bytesCopied: number | null;
}

export interface Measured {
  sequence: number;
  measuredAt: Date;
  percent?: number | undefined;
  rowsCopied?: number | undefined;
  bytesCopied?: number | undefined;
}

/** The measures that never go back within a run, as the API names them. */
export const MONOTONE = [
  ['percent', 'percent'],
  ['rowsCopied', 'rows.copied'],
  ['bytesCopied', 'bytes.copied'],
] as const;
export type MonotoneField = (typeof MONOTONE)[number][1];

export type Verdict =
  | { ok: true }
  | { ok: false; refusal: 'future'; measuredAt: Date; latest: Date }
  | { ok: false; refusal: 'replayed'; sequence: number; lastSequence: number }
  | { ok: false; refusal: 'regressed'; field: MonotoneField; last: number; given: number };

/**
 * Judges a report against its run's mark (null: the run's first report) at the server's time
 * `now`. A tool's clock may run a little ahead of ours (`skewMs`); a measurement further in the
 * future is not one.
 */
export function judge(mark: RunMark | null, r: Measured, now: Date, skewMs: number): Verdict {
  const latest = new Date(now.getTime() + skewMs);
  if (r.measuredAt > latest) return { ok: false, refusal: 'future', measuredAt: r.measuredAt, latest };
  if (!mark) return { ok: true };
  if (r.sequence <= mark.sequence)
    return { ok: false, refusal: 'replayed', sequence: r.sequence, lastSequence: mark.sequence };
  for (const [key, field] of MONOTONE) {
    const last = mark[key];
    const given = r[key];
    if (last !== null && given !== undefined && given < last)
      return { ok: false, refusal: 'regressed', field, last, given };
  }
  return { ok: true };
}

export type ChecksumState = 'verified' | 'verifying' | 'mismatch';

/**
 * What a report says of the checksums: a mismatch is a problem whatever else is said; all of them
 * verified is done; otherwise verification is under way. Null: the report says nothing of them.
 */
export function checksumState(c: {
  verified: number | null;
  mismatched: number | null;
  total: number | null;
}): ChecksumState | null {
  if (c.verified === null) return null;
  if ((c.mismatched ?? 0) > 0) return 'mismatch';
  return c.total !== null && c.verified >= c.total ? 'verified' : 'verifying';
}
