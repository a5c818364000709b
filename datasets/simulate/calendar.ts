/**
 * The simulated market's calendar: weekdays from the first business day of
 * the start year to the last of the end year, without the exchange holidays
 * below (observed on the nearest weekday as the NYSE does: a Saturday holiday
 * on the Friday before, a Sunday one on the Monday after; New Year's Day
 * falling on a Saturday is not moved into December).
 *
 *   New Year's Day, Presidents' Day (3rd Monday of February), Good Friday,
 *   Memorial Day (last Monday of May), Independence Day, Labor Day (1st
 *   Monday of September), Thanksgiving (4th Thursday of November), Christmas.
 *
 * Daily FRED files list every weekday and mark these holidays with `.`.
 */
import { dayFromYmd, ymdOf } from '../../engine/calendar.ts';

export interface SimCalendar {
  /** Trading days (day numbers). */
  days: Int32Array;
  /** Every weekday of the span, holidays included (the FRED daily layout). */
  weekdays: Int32Array;
  /** Holiday day numbers (weekdays that are not trading days). */
  holidays: Set<number>;
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(y: number): number {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromYmd(y, month, day);
}

/** The n-th given weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = dayFromYmd(y, m, 1);
    const off = (weekday - ymdOf(first).weekday + 7) % 7;
    return first + off + 7 * (n - 1);
  }
  const end = m === 12 ? dayFromYmd(y, 12, 31) : dayFromYmd(y, m + 1, 1) - 1;
  const back = (ymdOf(end).weekday - weekday + 7) % 7;
  return end - back;
}

/** A fixed-date holiday observed on the nearest weekday (Saturday → Friday unless that leaves the year). */
function observed(day: number, allowFridayBefore: boolean): number | null {
  const w = ymdOf(day).weekday;
  if (w === 6) return allowFridayBefore ? day - 1 : null;
  if (w === 0) return day + 1;
  return day;
}

export function holidaysOf(y: number): number[] {
  const out: number[] = [];
  const push = (d: number | null): void => { if (d !== null) out.push(d); };
  push(observed(dayFromYmd(y, 1, 1), false));
  push(nthWeekday(y, 2, 1, 3));
  push(easter(y) - 2);
  push(nthWeekday(y, 5, 1, -1));
  push(observed(dayFromYmd(y, 7, 4), true));
  push(nthWeekday(y, 9, 1, 1));
  push(nthWeekday(y, 11, 4, 4));
  push(observed(dayFromYmd(y, 12, 25), true));
  return out;
}

export function simCalendar(startYear: number, endYear: number): SimCalendar {
  const holidays = new Set<number>();
  for (let y = startYear; y <= endYear; y++) for (const h of holidaysOf(y)) holidays.add(h);
  const first = dayFromYmd(startYear, 1, 1), last = dayFromYmd(endYear, 12, 31);
  const weekdays: number[] = [];
  const days: number[] = [];
  for (let d = first; d <= last; d++) {
    const w = ymdOf(d).weekday;
    if (w === 0 || w === 6) continue;
    weekdays.push(d);
    if (!holidays.has(d)) days.push(d);
  }
  return { days: Int32Array.from(days), weekdays: Int32Array.from(weekdays), holidays };
}
