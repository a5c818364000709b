/**
 * The one home of date and trading-day arithmetic.
 *
 * Calendar dates are day numbers (whole days since 1970-01-01, UTC): compact,
 * Int32Array-friendly and free of time zones. A trading calendar is a sorted
 * Int32Array of day numbers (a dataset's `dates`, or a view's `dates` cut at
 * the decision); the functions below find bars in it by date, by month and by
 * calendar months back. Parsing accepts the formats researchers' files use;
 * anything else is reported (NaN), never guessed.
 *
 * Anchors (a month's n-th trading day, a calendar day) and named seasonal
 * windows such as the Santa Claus window live in engine/calendar-windows.ts,
 * built on this file.
 */
import type { DayNumber } from './types.ts';

const MS_PER_DAY = 86_400_000;

export type DateFormat = 'iso' | 'yyyymmdd' | 'yyyymm' | 'yyyy' | 'ymd-slash' | 'mdy-slash';

// ---------------------------------------------------------------- day numbers

function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month m (1-12) of year y. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!;
}

/** Day number of a valid y/m/d, or NaN when the date does not exist (years 1000-9999). */
export function dayFromYmd(y: number, m: number, d: number): DayNumber {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return NaN;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** ISO `YYYY-MM-DD` of a day number ('' when not finite). */
export function isoDate(day: DayNumber): string {
  if (!Number.isFinite(day)) return '';
  const { y, m, d } = ymdOf(day);
  // Years 1-9999 by integer arithmetic (no Date per row); others as Date writes them.
  if (y < 1 || y > 9999) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Calendar parts of a day number (weekday 0 = Sunday), by integer arithmetic
 * (H. Hinnant's civil-from-days), so hot loops allocate no Date. NaN parts
 * for a day that is not finite.
 */
export function ymdOf(day: DayNumber): { y: number; m: number; d: number; weekday: number } {
  const z = Math.floor(day) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return {
    y: yoe + era * 400 + (m <= 2 ? 1 : 0),
    m,
    d: doy - Math.floor((153 * mp + 2) / 5) + 1,
    weekday: (((Math.floor(day) + 4) % 7) + 7) % 7,
  };
}

/** Year of a day number. */
export function yearOf(day: DayNumber): number {
  return ymdOf(day).y;
}

/** Month (1-12) of a day number. */
export function monthOf(day: DayNumber): number {
  return ymdOf(day).m;
}

/** Calendar months since January 1970: equal exactly for days of the same month of the same year. */
export function monthSerial(day: DayNumber): number {
  const { y, m } = ymdOf(day);
  return (y - 1970) * 12 + m - 1;
}

/** The same day of the month `months` calendar months earlier (clamped to that month's end). */
export function monthsEarlier(day: DayNumber, months: number): DayNumber {
  const { y, m, d } = ymdOf(day);
  const serial = y * 12 + (m - 1) - months;
  const y2 = Math.floor(serial / 12), m2 = serial - y2 * 12 + 1;
  return Date.UTC(y2, m2 - 1, 1) / MS_PER_DAY + Math.min(d, daysInMonth(y2, m2)) - 1;
}

// ---------------------------------------------------------------- trading calendars

/** First index with dates[i] >= day in a sorted calendar (dates.length when none). */
export function firstIndexOnOrAfter(dates: Int32Array, day: DayNumber): number {
  let lo = 0, hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! < day) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Last index with dates[i] <= day in a sorted calendar, or -1. */
export function lastIndexOnOrBefore(dates: Int32Array, day: DayNumber): number {
  let lo = 0, hi = dates.length - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! <= day) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}

/**
 * The bar `months` calendar months before bar i (the last trading day on or
 * before the same day of that month), or -1 when the calendar does not reach
 * back so far.
 */
export function indexMonthsBefore(dates: Int32Array, i: number, months: number): number {
  return lastIndexOnOrBefore(dates, monthsEarlier(dates[i]!, months));
}

/**
 * Whether bar i is the last bar of its calendar month in `dates`: the next bar
 * is in another month, or there is no next bar (in a view cut at the
 * decision, the decision is its month's last bar so far).
 */
export function isLastBarOfMonth(dates: Int32Array, i: number): boolean {
  return i === dates.length - 1 || monthSerial(dates[i]!) !== monthSerial(dates[i + 1]!);
}

// ---------------------------------------------------------------- parsing

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const MDY_SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const COMPACT8 = /^(\d{4})(\d{2})(\d{2})$/;
const COMPACT6 = /^(\d{4})(\d{2})$/;
const YEAR = /^(\d{4})$/;

/** Which supported format a date string is in, or null. */
export function detectDateFormat(s: string): DateFormat | null {
  const t = s.trim();
  if (ISO.test(t)) return 'iso';
  if (COMPACT8.test(t)) return 'yyyymmdd';
  if (COMPACT6.test(t)) return 'yyyymm';
  if (YEAR.test(t)) return 'yyyy';
  if (YMD_SLASH.test(t)) return 'ymd-slash';
  if (MDY_SLASH.test(t)) return 'mdy-slash';
  return null;
}

/**
 * Parse a date in any supported format. Returns NaN for an unsupported or
 * impossible date; the caller turns that into an InputError with position.
 * `yyyymm` (and `yyyy`) dates are placed on the first day of the period unless `monthAnchor` is 'end'.
 */
export function parseDate(s: string, monthAnchor: 'start' | 'end' = 'start'): DayNumber {
  const t = s.trim();
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(t))) return dayFromYmd(+m[1]!, +m[2]!, +m[3]!);
  if ((m = COMPACT8.exec(t))) return dayFromYmd(+m[1]!, +m[2]!, +m[3]!);
  if ((m = COMPACT6.exec(t))) {
    const y = +m[1]!, mo = +m[2]!;
    if (mo < 1 || mo > 12) return NaN;
    return monthAnchor === 'end' ? dayFromYmd(y, mo, daysInMonth(y, mo)) : dayFromYmd(y, mo, 1);
  }
  if ((m = YEAR.exec(t))) return monthAnchor === 'end' ? dayFromYmd(+m[1]!, 12, 31) : dayFromYmd(+m[1]!, 1, 1);
  if ((m = YMD_SLASH.exec(t))) return dayFromYmd(+m[1]!, +m[2]!, +m[3]!);
  if ((m = MDY_SLASH.exec(t))) return dayFromYmd(+m[3]!, +m[1]!, +m[2]!);
  return NaN;
}

/** Parse an ISO date string given by a user (config, flags); NaN when invalid. */
export function parseIsoDay(s: string): DayNumber {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  return m ? dayFromYmd(+m[1]!, +m[2]!, +m[3]!) : NaN;
}
