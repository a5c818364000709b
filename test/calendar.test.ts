/**
 * The calendar's day-number formatting: isoDate writes dates by integer
 * arithmetic (no Date per row) and must agree with what Date writes, for
 * every day of years 1-9999, fractional days included, and beyond them.
 */
import { describe, expect, it } from 'vitest';
import { isoDate, parseIsoDay } from '../engine/calendar.ts';

const MS_PER_DAY = 86_400_000;
const byDate = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

describe('isoDate', () => {
  it('agrees with Date on days of years 1-9999 (whole and fractional) and just beyond', () => {
    const dayOne = -719_162; // 0001-01-01 (parseIsoDay reads years from 1000 only)
    expect(byDate(dayOne)).toBe('0001-01-01');
    const first = dayOne - 3, last = parseIsoDay('9999-12-31') + 3;
    const wrong: string[] = [];
    const check = (day: number): void => {
      for (const x of [day, day + 0.5, day - 0.25]) if (isoDate(x) !== byDate(x)) wrong.push(`${x}: ${isoDate(x)} vs ${byDate(x)}`);
    };
    // Every day of 1800-2199 (every month end and leap day of the data's era), and every 97th day (a
    // step prime to 7, 365 and 1461) of years 1-9999 and the days just beyond them.
    for (let day = parseIsoDay('1800-01-01'); day < parseIsoDay('2200-01-01'); day++) check(day);
    for (let day = first; day <= last; day += 97) check(day);
    for (let day = last - 6; day <= last; day++) check(day);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('round-trips with parseIsoDay, and is empty for a day that is not finite', () => {
    for (const s of ['1927-12-30', '2000-02-29', '1900-03-01', '2023-12-28']) expect(isoDate(parseIsoDay(s))).toBe(s);
    expect(isoDate(NaN)).toBe('');
    expect(isoDate(Infinity)).toBe('');
  });
});
