// The acceptance rule for data-sync reports (sync/acceptance.ts) and the body a tool posts
// (sync/report-body.ts): replays, regressions and clocks running ahead are refused, in words.
import { describe, expect, it } from 'vitest';
import { checksumState, judge, type RunMark } from '../src/sync/acceptance.ts';
import { ReportBody } from '../src/sync/report-body.ts';
import { fieldMessages, localizeFields } from '../src/api/errors/user-error.ts';

const now = new Date('2026-11-25T08:00:00Z');
const SKEW = 5 * 60_000;
const at = (iso: string) => new Date(iso);
const mark: RunMark = { sequence: 7, percent: 40, rowsCopied: 4_000, bytesCopied: null };

describe('judging a report against its run', () => {
  it("takes a run's first report, and one after the last with no measure lower", () => {
    expect(judge(null, { sequence: 0, measuredAt: now, percent: 0 }, now, SKEW)).toEqual({ ok: true });
    // Gaps in the sequence are fine; a measure the run never had (bytes) starts anywhere; equal is
    // no regression (a tool may report the same figure twice while it waits).
    expect(
      judge(
        mark,
        { sequence: 9, measuredAt: now, percent: 40, rowsCopied: 4_001, bytesCopied: 1 },
        now,
        SKEW,
      ),
    ).toEqual({ ok: true });
    // A report that omits a measure is not judged on it.
    expect(judge(mark, { sequence: 8, measuredAt: now, bytesCopied: 10 }, now, SKEW)).toEqual({ ok: true });
  });

  it('refuses the same sequence and any earlier one as a replay, naming the last accepted', () => {
    for (const sequence of [7, 3, 0])
      expect(judge(mark, { sequence, measuredAt: now, percent: 90 }, now, SKEW)).toEqual({
        ok: false,
        refusal: 'replayed',
        sequence,
        lastSequence: 7,
      });
  });

  it('refuses a regression of percent, rows or bytes, naming the field and both values', () => {
    expect(judge(mark, { sequence: 8, measuredAt: now, percent: 39.5 }, now, SKEW)).toEqual({
      ok: false,
      refusal: 'regressed',
      field: 'percent',
      last: 40,
      given: 39.5,
    });
    expect(
      judge(mark, { sequence: 8, measuredAt: now, percent: 41, rowsCopied: 10 }, now, SKEW),
    ).toMatchObject({
      refusal: 'regressed',
      field: 'rows.copied',
      last: 4_000,
      given: 10,
    });
    const withBytes = { ...mark, bytesCopied: 2 ** 40 };
    expect(judge(withBytes, { sequence: 8, measuredAt: now, bytesCopied: 2 ** 39 }, now, SKEW)).toMatchObject(
      {
        field: 'bytes.copied',
      },
    );
  });

  it("refuses a measurement later than the server's time beyond the skew, on the first report too", () => {
    const edge = at('2026-11-25T08:05:00Z');
    expect(judge(null, { sequence: 0, measuredAt: edge, percent: 1 }, now, SKEW)).toEqual({ ok: true });
    expect(
      judge(null, { sequence: 0, measuredAt: at('2026-11-25T08:05:01Z'), percent: 1 }, now, SKEW),
    ).toEqual({
      ok: false,
      refusal: 'future',
      measuredAt: at('2026-11-25T08:05:01Z'),
      latest: edge,
    });
    // A future time is refused before the sequence is looked at: its own problem, said first.
    expect(judge(mark, { sequence: 1, measuredAt: at('2026-11-26T00:00:00Z') }, now, SKEW)).toMatchObject({
      refusal: 'future',
    });
  });
});

describe('checksum state', () => {
  it('a mismatch is a problem whatever else; all verified is done; otherwise under way', () => {
    expect(checksumState({ verified: null, mismatched: null, total: null })).toBeNull();
    expect(checksumState({ verified: 10, mismatched: 1, total: 11 })).toBe('mismatch');
    expect(checksumState({ verified: 11, mismatched: 0, total: 11 })).toBe('verified');
    expect(checksumState({ verified: 5, mismatched: 0, total: 11 })).toBe('verifying');
    expect(checksumState({ verified: 5, mismatched: 0, total: null })).toBe('verifying');
  });
});

describe('the body a tool posts', () => {
  const base = { system: 'gat-archive', run: 'full-2026-11', sequence: 1 };
  const errors = (body: unknown, locale: 'zh-CN' | 'en' = 'en') => {
    const r = ReportBody.safeParse(body);
    return r.success ? null : localizeFields(fieldMessages(r.error), locale);
  };

  it('takes the smallest report: system, run, sequence and one measure', () => {
    expect(errors({ ...base, percent: 12.5 })).toBeNull();
    expect(
      errors({
        ...base,
        measuredAt: '2026-11-25T15:59:00+08:00',
        phase: 'verification',
        rows: { copied: 10, total: 10 },
        bytes: { copied: 2 ** 50 },
        checksums: { verified: 9, mismatched: 1, total: 10 },
      }),
    ).toBeNull();
  });

  it("answers field by field in the caller's language, never with the validator's text", () => {
    expect(errors(base)).toEqual({
      percent: ['Report at least one measure: percent, rows, bytes or checksums'],
    });
    expect(errors({ ...base, percent: 101, rows: { copied: 11, total: 10 }, speed: 3 }, 'zh-CN')).toEqual({
      '': ['不接受此项：speed'],
      percent: ['不能大于 100'],
      'rows.copied': ['已复制数量不能大于总数'],
    });
    expect(
      errors({
        system: 'a b',
        run: 'r'.repeat(129),
        sequence: -1,
        measuredAt: 'yesterday',
        phase: 'copy',
        percent: 1,
      }),
    ).toEqual({
      system: ['Use letters, digits, dots, underscores, colons and hyphens, starting with a letter or digit'],
      run: ['At most 128 characters'],
      sequence: ['Must be at least 0'],
      measuredAt: ['Not in the expected form'],
      phase: ['Choose one of the options'],
    });
  });
});
