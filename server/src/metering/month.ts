// Months of metering are China Standard Time months (UTC+8, no daylight saving): a statement for
// 2026-03 covers 2026-03-01T00:00+08:00 up to 2026-04-01T00:00+08:00, hour by hour.
const CST_OFFSET_MS = 8 * 3_600_000;
export const HOUR_MS = 3_600_000;

export interface MonthSpan {
  month: string;
  /** First instant of the month (ms). */
  start: number;
  /** First instant of the next month (ms). */
  end: number;
  hours: number;
}

export function parseMonth(month: string): MonthSpan {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const start = Date.UTC(y, mo - 1, 1) - CST_OFFSET_MS;
  const end = Date.UTC(y, mo, 1) - CST_OFFSET_MS;
  return { month, start, end, hours: (end - start) / HOUR_MS };
}

/** A date (YYYY-MM-DD) as its first instant in China Standard Time. */
export const dayStart = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);

/** The China Standard Time date of an instant. */
export const cstDate = (ms: number): string => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);

/** The month of an instant (China Standard Time). */
export const cstMonth = (ms: number): string => cstDate(ms).slice(0, 7);
