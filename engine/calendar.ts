/**
 * Calendar dates as day numbers (whole days since 1970-01-01, UTC): compact,
 * Int32Array-friendly and free of time zones. Parsing accepts the formats
 * researchers' files use; anything else is reported, never guessed.
 */
import type { DayNumber } from './types.ts';

const MS_PER_DAY = 86_400_000;

export type DateFormat = 'iso' | 'yyyymmdd' | 'yyyymm' | 'yyyy' | 'ymd-slash' | 'mdy-slash';

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Day number of a valid y/m/d, or NaN when the date does not exist. */
export function dayFromYmd(y: number, m: number, d: number): DayNumber {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return NaN;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** ISO `YYYY-MM-DD` of a day number. */
export function isoDate(day: DayNumber): string {
  if (!Number.isFinite(day)) return '';
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function ymdOf(day: DayNumber): { y: number; m: number; d: number; weekday: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), weekday: dt.getUTCDay() };
}

export function yearOf(day: DayNumber): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Last day of the month containing `day`. */
export function monthEnd(day: DayNumber): DayNumber {
  const { y, m } = ymdOf(day);
  return dayFromYmd(y, m, daysInMonth(y, m));
}

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
