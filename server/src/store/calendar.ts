// Working days for SLA clocks: weekdays, minus public holidays, plus the weekends declared working
// days in exchange (调休). The calendar is configuration: it changes every year by State Council notice.
export interface WorkCalendar {
  /** ISO dates that are days off although weekdays. */
  holidays: readonly string[];
  /** ISO dates that are working days although weekends. */
  workingWeekends: readonly string[];
  /** IANA zone the dates are in (China: Asia/Shanghai). */
  timeZone: string;
}

const DAY = 86_400_000;

function localDate(t: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(t);
}

export function isWorkingDay(isoDate: string, c: WorkCalendar): boolean {
  if (c.holidays.includes(isoDate)) return false;
  if (c.workingWeekends.includes(isoDate)) return true;
  const dow = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The moment `days` working days after `from`: the same time of day on the n-th working day
 * after it (a request made on a holiday starts counting from the next working day).
 */
export function addWorkingDays(from: Date, days: number, c: WorkCalendar): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += DAY;
    if (isWorkingDay(localDate(t, c.timeZone), c)) left--;
  }
  return new Date(t);
}

/**
 * Working days from `from` to `to`, by their dates in the calendar's zone: the working days after
 * `from`'s date up to and including `to`'s (negative once past). A clock due on Monday, seen on
 * the Thursday before, has two left (Friday, Monday) whatever the hour.
 */
export function workingDaysBetween(from: Date, to: Date, c: WorkCalendar): number {
  const a = localDate(from.getTime(), c.timeZone);
  const b = localDate(to.getTime(), c.timeZone);
  const sign = b >= a ? 1 : -1;
  let n = 0;
  for (let d = a; d !== b;) {
    d = new Date(Date.parse(`${d}T12:00:00Z`) + sign * DAY).toISOString().slice(0, 10);
    // Going back, the day left behind counts (the due date itself, not today's).
    const counted = sign > 0 ? d : new Date(Date.parse(`${d}T12:00:00Z`) + DAY).toISOString().slice(0, 10);
    if (isWorkingDay(counted, c)) n += sign;
  }
  return n;
}

/**
 * An example calendar in the shape of the State Council's yearly notice (holidays and the
 * weekends worked in exchange). Illustrative dates: configure the year's real notice.
 */
export const EXAMPLE_CALENDAR: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-23',
    '2026-04-06',
    '2026-05-01',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19',
    '2026-09-25',
    '2026-10-01',
    '2026-10-02',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workingWeekends: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
