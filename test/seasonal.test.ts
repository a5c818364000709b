import { readFileSync } from 'node:fs';
import { beforeAll, describe, it, expect } from 'vitest';
import { SEASONAL_DEFAULTS, SEASONAL_VERSION, findSeasonal, seasonalOnCloses } from '../engine/episodes/seasonal.ts';
import {
  BUILTIN_WINDOWS, parseWindowSpec, parseWindowSpecs, resolveAnchor, resolveWindow, type WindowSpec,
} from '../engine/calendar-windows.ts';
import { ConfigError } from '../engine/errors.ts';
import {
  firstIndexOnOrAfter, indexMonthsBefore, isLastBarOfMonth, isoDate, lastIndexOnOrBefore, monthOf, monthsEarlier,
  parseIsoDay, yearOf, ymdOf,
} from '../engine/calendar.ts';
import { createView, prepare } from '../engine/data/view.ts';
import { santaReturn } from '../strategies/seasonality.ts';
import type { Dataset, Episode } from '../engine/types.ts';
import { loadPriceDataset } from '../datasets/load.ts';
import { describeShared, shared } from './support/shared-data.ts';

const santa = BUILTIN_WINDOWS['santa-claus']!;
const ffd = BUILTIN_WINDOWS['first-five-days']!;

/** Weekdays from..to (ISO, inclusive) minus the given holidays. */
function tradingDays(from: string, to: string, holidays: string[] = []): Int32Array {
  const hol = new Set(holidays.map(parseIsoDay));
  const out: number[] = [];
  for (let d = parseIsoDay(from); d <= parseIsoDay(to); d++) {
    const wd = ymdOf(d).weekday;
    if (wd !== 0 && wd !== 6 && !hol.has(d)) out.push(d);
  }
  return Int32Array.from(out);
}

// US market holidays around the windows tested below.
const HOLIDAYS = [
  '2019-11-28', '2019-12-25', '2020-01-01', '2020-01-20', '2020-02-17', '2020-04-10',
  '2020-11-26', '2020-12-25', '2021-01-01', '2021-01-18', '2021-02-15', '2021-04-02',
  '2021-11-25', '2021-12-24', '2022-01-17',
];
const CAL = tradingDays('2019-11-01', '2022-02-28', HOLIDAYS);
const at = (dates: Int32Array, i: number): string => isoDate(dates[i]!);
const idx = (dates: Int32Array, iso: string): number => dates.indexOf(parseIsoDay(iso));
const span = (dates: Int32Array, w: WindowSpec, y: number): [string, string] | null => {
  const r = resolveWindow(dates, w, y);
  return r ? [at(dates, r.s), at(dates, r.e)] : null;
};
const cut = (dates: Int32Array, from: string, to: string): Int32Array =>
  dates.filter((d) => d >= parseIsoDay(from) && d <= parseIsoDay(to));

function dsOf(dates: Int32Array, close: Float64Array, id = 'T'): Dataset {
  return { id, dates, columns: new Map([['close', close]]), meta: new Map() };
}

describe('seasonal window resolution (calendar, weekends, holidays, year ends)', () => {
  it('santa-claus: last 5 trading days of December and first 2 of January', () => {
    // Dec 2019: 24 (Tue), [25 holiday], 26, 27, 30, 31; Jan 2020: [1 holiday], 2 (Thu), 3 (Fri).
    expect(span(CAL, santa, 2019)).toEqual(['2019-12-24', '2020-01-03']);
    // Dec 2020: 24 (Thu), [25 Fri holiday], 28..31; Jan 2021: [1 Fri holiday], 4 (Mon), 5 (Tue).
    expect(span(CAL, santa, 2020)).toEqual(['2020-12-24', '2021-01-05']);
    // Dec 2021: Christmas on Saturday, observed Fri 24: last five = 27..31; Jan 2022: 3 (Mon), 4.
    expect(span(CAL, santa, 2021)).toEqual(['2021-12-27', '2022-01-04']);
  });
  it('first-five-days: the first five trading days of January', () => {
    expect(span(CAL, ffd, 2020)).toEqual(['2020-01-02', '2020-01-08']);
    expect(span(CAL, ffd, 2021)).toEqual(['2021-01-04', '2021-01-08']);
    expect(span(CAL, ffd, 2022)).toEqual(['2022-01-03', '2022-01-07']);
  });
  it('a day anchor starts on the first trading day on or after the date and ends on or before it', () => {
    const w = parseWindowSpec({ name: 'mid-feb', start: { month: 2, day: 15 }, end: { month: 2, day: 29 } }, 'w');
    // 2020-02-15 is a Saturday and Monday 17 is Presidents' Day: start Tue 18. Feb 29, 2020 is a Saturday: end Fri 28.
    expect(span(CAL, w, 2020)).toEqual(['2020-02-18', '2020-02-28']);
    // 2021: day 29 means the month's last day (Feb 28, a Sunday): end Fri 26.
    expect(span(CAL, w, 2021)).toEqual(['2021-02-16', '2021-02-26']);
  });
  it('negative tradingDay counts from the month end; a month with too few trading days has no window', () => {
    const w = parseWindowSpec({ name: 'last-3-of-march', start: { month: 3, tradingDay: -3 }, end: { month: 3, tradingDay: -1 } }, 'w');
    expect(span(CAL, w, 2021)).toEqual(['2021-03-29', '2021-03-31']);
    expect(resolveAnchor(CAL, 2020, { month: 1, tradingDay: 22 }, 'end')).toBe(-1); // January 2020 has 21 trading days
    expect(at(CAL, resolveAnchor(CAL, 2020, { month: 1, tradingDay: 21 }, 'end'))).toBe('2020-01-31');
  });
  it('an end month earlier than the start month is in the next year; tradingDays gives a length', () => {
    const w = parseWindowSpec({ name: 'winter', start: { month: 11, day: 20 }, end: { month: 2, tradingDay: 5 } }, 'w');
    expect(span(CAL, w, 2020)).toEqual(['2020-11-20', '2021-02-05']);
    const l = parseWindowSpec({ name: 'ten-from-dec-24', start: { month: 12, day: 24 }, tradingDays: 10 }, 'w');
    expect(span(CAL, l, 2020)).toEqual(['2020-12-24', '2021-01-08']);
  });
  describe('not evaluated unless all its trading days and the close before s are in the data', () => {
    it('data ending inside the window, or before the month end it counts back from', () => {
      expect(span(cut(CAL, '2020-06-01', '2020-12-30'), santa, 2020)).toBeNull(); // December not complete
      expect(span(cut(CAL, '2020-06-01', '2020-12-31'), santa, 2020)).toBeNull(); // January not in the data
      expect(span(cut(CAL, '2020-06-01', '2021-01-04'), santa, 2020)).toBeNull(); // ends inside the window
      expect(span(cut(CAL, '2020-06-01', '2021-01-05'), santa, 2020)).toEqual(['2020-12-24', '2021-01-05']); // ends on e
      // first-five-days 2021 needs Jan 8; data ending Jan 7 cannot have it.
      expect(span(cut(CAL, '2020-06-01', '2021-01-07'), ffd, 2021)).toBeNull();
    });
    it('data starting inside the window or on its first day (no close before s)', () => {
      expect(span(cut(CAL, '2019-12-24', '2020-06-30'), santa, 2019)).toBeNull(); // starts on s
      expect(span(cut(CAL, '2019-12-23', '2020-06-30'), santa, 2019)).toEqual(['2019-12-24', '2020-01-03']);
      expect(span(cut(CAL, '2019-12-27', '2020-06-30'), santa, 2019)).toBeNull(); // inside December's last five
      expect(span(cut(CAL, '2020-01-02', '2020-06-30'), ffd, 2020)).toBeNull(); // January's start not known
      expect(span(cut(CAL, '2019-12-31', '2020-06-30'), ffd, 2020)).toEqual(['2020-01-02', '2020-01-08']);
      const d = parseWindowSpec({ name: 'oct', start: { month: 10, day: 15 }, end: { month: 10, day: 31 } }, 'w');
      const oct = tradingDays('2020-10-15', '2020-11-30');
      expect(span(oct, d, 2020)).toBeNull(); // starts on the anchor date: no close before s
      expect(span(tradingDays('2020-10-14', '2020-10-30'), d, 2020)).toBeNull(); // Oct 31 (Sat) past the data: end unknown
      expect(span(tradingDays('2020-10-14', '2020-11-02'), d, 2020)).toEqual(['2020-10-15', '2020-10-30']);
    });
    it('an anchor counted from an edge the data does not reach is unresolved', () => {
      // Data from Fri 2020-10-16: the first trading day on or after Oct 15 may be before the data.
      expect(resolveAnchor(tradingDays('2020-10-16', '2020-11-30'), 2020, { month: 10, day: 15 }, 'start')).toBe(-1);
      expect(resolveAnchor(tradingDays('2020-10-15', '2020-11-30'), 2020, { month: 10, day: 15 }, 'start')).toBe(0);
      // Data from 2020-01-02: is that January's first trading day? Not knowable from the data.
      expect(resolveAnchor(cut(CAL, '2020-01-02', '2020-06-30'), 2020, { month: 1, tradingDay: 5 }, 'end')).toBe(-1);
      const w = parseWindowSpec({ name: 'x', start: { month: 1, day: 3 }, end: { month: 1, tradingDay: 5 } }, 'w');
      expect(span(cut(CAL, '2020-01-02', '2020-06-30'), w, 2020)).toBeNull();
      expect(span(cut(CAL, '2019-12-31', '2020-06-30'), w, 2020)).toEqual(['2020-01-03', '2020-01-08']);
      // Data to 2020-12-30: the last trading day on or before Dec 31 may be after the data.
      expect(resolveAnchor(cut(CAL, '2020-06-01', '2020-12-30'), 2020, { month: 12, day: 31 }, 'end')).toBe(-1);
      expect(resolveAnchor(cut(CAL, '2020-06-01', '2020-12-30'), 2020, { month: 12, tradingDay: -1 }, 'end')).toBe(-1);
    });
    it('a missing close inside the window skips that year', () => {
      const dates = cut(CAL, '2020-06-01', '2021-06-30');
      const c = new Float64Array(dates.length).fill(100);
      const e = idx(dates, '2021-01-05');
      c[e] = 110;
      const w = { horizon: 5, windows: [santa] };
      expect(findSeasonal(dsOf(dates, c), w)).toHaveLength(1);
      c[idx(dates, '2020-12-28')] = NaN;
      expect(findSeasonal(dsOf(dates, c), w)).toHaveLength(0);
    });
  });
});

describe('trading calendar (engine/calendar.ts)', () => {
  it('calendar parts by integer arithmetic agree with Date for every day of 1800..2200', () => {
    const from = parseIsoDay('1800-01-01'), to = parseIsoDay('2200-12-31');
    let bad = 0;
    for (let d = from; d <= to; d++) {
      const dt = new Date(d * 86_400_000), r = ymdOf(d);
      if (r.y !== dt.getUTCFullYear() || r.m !== dt.getUTCMonth() + 1 || r.d !== dt.getUTCDate() || r.weekday !== dt.getUTCDay()) bad++;
    }
    expect(bad).toBe(0);
    expect(yearOf(parseIsoDay('1999-12-31'))).toBe(1999);
    expect(monthOf(parseIsoDay('2000-02-29'))).toBe(2);
  });
  it('months back keep the day of the month, clamped to the shorter month', () => {
    const back = (iso: string, k: number): string => isoDate(monthsEarlier(parseIsoDay(iso), k));
    expect(back('2020-03-31', 1)).toBe('2020-02-29');
    expect(back('2020-03-31', 13)).toBe('2019-02-28');
    expect(back('2021-01-15', 12)).toBe('2020-01-15');
    expect(back('2021-01-15', 0)).toBe('2021-01-15');
  });
  it('bars by date: on or after, on or before, months before a bar', () => {
    expect(at(CAL, firstIndexOnOrAfter(CAL, parseIsoDay('2019-12-25')))).toBe('2019-12-26');
    expect(at(CAL, lastIndexOnOrBefore(CAL, parseIsoDay('2019-12-25')))).toBe('2019-12-24');
    expect(lastIndexOnOrBefore(CAL, parseIsoDay('2019-10-31'))).toBe(-1);
    expect(firstIndexOnOrAfter(CAL, parseIsoDay('2023-01-01'))).toBe(CAL.length);
    // 2020-06-01 minus 6 months is 2019-12-01, a Sunday: the last bar on or before it is 2019-11-29.
    expect(at(CAL, indexMonthsBefore(CAL, idx(CAL, '2020-06-01'), 6))).toBe('2019-11-29');
    expect(indexMonthsBefore(CAL, idx(CAL, '2020-06-01'), 12)).toBe(-1);
  });
  it('the last bar of a month, and of a calendar cut at a decision', () => {
    expect(isLastBarOfMonth(CAL, idx(CAL, '2019-12-31'))).toBe(true);
    expect(isLastBarOfMonth(CAL, idx(CAL, '2019-12-30'))).toBe(false);
    expect(isLastBarOfMonth(CAL, idx(CAL, '2020-07-31'))).toBe(true); // Friday, the month's last day
    expect(isLastBarOfMonth(CAL.subarray(0, idx(CAL, '2019-12-30') + 1), idx(CAL, '2019-12-30'))).toBe(true);
  });
  it('the seasonality criterion reads the same Santa Claus window as the detector, once it has ended', () => {
    const close = Float64Array.from(CAL, (_, i) => 100 + 10 * Math.sin(i / 7) + i / 50);
    const ds = dsOf(CAL, close);
    const eps = findSeasonal(ds, { horizon: 5, windows: [santa] });
    let checked = 0;
    for (let y = 2019; y <= 2021; y++) {
      const r = resolveWindow(CAL, santa, y)!;
      const view = (t: number) => createView(prepare(ds), { ...eps[0]!, decisionIndex: t }, { copy: false, seed: '' });
      expect(santaReturn(view(r.e), 'close')).toBe(close[r.e]! / close[r.s - 1]! - 1);
      expect(santaReturn(view(r.e - 1), 'close')).toBeNaN();
      checked++;
    }
    expect(checked).toBe(3);
  });
});

describe('seasonal episode rule (brief v1)', () => {
  // Santa 2020 on CAL: s-1 = 2020-12-23, s = 2020-12-24, e = 2021-01-05.
  const dates = cut(CAL, '2019-11-01', '2021-12-31');
  const s1 = idx(dates, '2020-12-23'), e = idx(dates, '2021-01-05');
  const H = 5;
  function closes(patch: Record<number, number>, n = dates.length): Float64Array {
    const c = new Float64Array(n).fill(100);
    for (const [k, v] of Object.entries(patch)) c[+k] = v;
    return c;
  }
  const run = (c: Float64Array) =>
    seasonalOnCloses('T', dates.subarray(0, c.length), c, santa, H).filter((x) => x.decisionIndex === e);

  it('an episode only when C[e] / C[s-1] > 1 (equal is not)', () => {
    expect(run(closes({ [e]: 100 }))).toHaveLength(0);
    expect(run(closes({ [e]: 99 }))).toHaveLength(0);
    const ep = run(closes({ [e]: 101 }));
    expect(ep).toHaveLength(1);
    expect(ep[0]!.refLowIndex).toBe(s1);
    expect(ep[0]!.refLow).toBe(100);
    expect(ep[0]!.windowStartIndex).toBe(s1 + 1);
    expect(ep[0]!.decisionDate).toBe('2021-01-05');
  });
  it('failed when a close in e+1..e+H is strictly below C[s-1]; equal to it is not', () => {
    expect(run(closes({ [e]: 101, [e + 5]: 101, [e + 3]: 99.99 }))[0]!.outcome).toBe('failed');
    expect(run(closes({ [e]: 101, [e + 5]: 101, [e + 3]: 100 }))[0]!.outcome).toBe('durable');
    // e+H+1 is outside the horizon
    expect(run(closes({ [e]: 101, [e + 5]: 101, [e + 6]: 50 }))[0]!.outcome).toBe('durable');
  });
  it('durable when C[e+H] >= C[e], else stalled', () => {
    expect(run(closes({ [e]: 101, [e + 5]: 102 }))[0]!.outcome).toBe('durable');
    expect(run(closes({ [e]: 101, [e + 5]: 101 }))[0]!.outcome).toBe('durable');
    expect(run(closes({ [e]: 101, [e + 5]: 100.5 }))[0]!.outcome).toBe('stalled');
    expect(run(closes({ [e]: 101, [e + 5]: 100.5 }))[0]!.label).toBe(0);
  });
  it('censored when e+H is past the data; failed takes precedence over censored', () => {
    const short = closes({ [e]: 101 }, e + 5); // last index e+4
    expect(run(short)[0]!.outcome).toBe('censored');
    expect(run(short)[0]!.label).toBeNull();
    const failing = closes({ [e]: 101, [e + 2]: 99 }, e + 5);
    expect(run(failing)[0]!.outcome).toBe('failed');
    expect(run(closes({ [e]: 101, [e + 5]: 101 }, e + 6))[0]!.outcome).toBe('durable'); // e+H is the last close
  });
  it('ids, fields, the trailing-high peak, and ordering by decision then window name', () => {
    const c = closes({ [e]: 101, [s1 - 10]: 120, [s1 - 4]: 120 });
    const ds = dsOf(dates, c, 'MKT');
    const w2 = parseWindowSpec({ name: 'a-window', start: { month: 12, tradingDay: -5 }, end: { month: 1, tradingDay: 2 } }, 'w');
    const eps = findSeasonal(ds, { horizon: H, windows: [santa, ffd, w2] });
    const atE = eps.filter((x) => x.decisionIndex === e);
    expect(atE.map((x) => x.id)).toEqual(['MKT:seasonal:a-window:2021-01-05', 'MKT:seasonal:santa-claus:2021-01-05']);
    const ep = atE[1]!;
    expect(ep.kind).toBe('seasonal');
    expect(ep.window).toBe('santa-claus');
    expect(ep.priceColumn).toBe('close');
    expect(ep.peakIndex).toBe(s1 - 10); // first occurrence of the 52-week high before the window
    expect(ep.peak).toBe(120);
    expect(ep.drawdown).toBeCloseTo(1 - 100 / 120, 12);
    expect(ep.daysPeakToLow).toBe(10);
    for (let i = 1; i < eps.length; i++) expect(eps[i]!.decisionIndex).toBeGreaterThanOrEqual(eps[i - 1]!.decisionIndex);
  });
  it('defaults and version', () => {
    expect(SEASONAL_VERSION).toBe('seasonal/v1');
    expect(SEASONAL_DEFAULTS.horizon).toBe(126);
    expect(SEASONAL_DEFAULTS.windows.map((w) => w.name)).toEqual(['santa-claus', 'first-five-days']);
  });
});

describe('window specs from a run config', () => {
  const config = JSON.parse(`{
    "episodes": [
      { "kind": "rebound" },
      { "kind": "seasonal", "horizon": 126, "windows": [
        "santa-claus",
        { "name": "last-3-of-march", "start": { "month": 3, "tradingDay": -3 }, "end": { "month": 3, "tradingDay": -1 } },
        { "name": "late-october", "start": { "month": 10, "day": 15 }, "end": { "month": 10, "day": 31 } },
        { "name": "ten-after-halloween", "start": { "month": 11, "day": 1 }, "tradingDays": 10 }
      ] }
    ]
  }`) as { episodes: Array<{ windows?: unknown }> };

  it('parses built-in names and user windows', () => {
    const ws = parseWindowSpecs(config.episodes[1]!.windows, 'episodes[1].windows');
    expect(ws.map((w) => w.name)).toEqual(['santa-claus', 'last-3-of-march', 'late-october', 'ten-after-halloween']);
    expect(ws[0]).toBe(santa);
    expect(ws[1]).toEqual({ name: 'last-3-of-march', start: { month: 3, tradingDay: -3 }, end: { month: 3, tradingDay: -1 } });
    expect(ws[3]).toEqual({ name: 'ten-after-halloween', start: { month: 11, day: 1 }, tradingDays: 10 });
    expect(span(CAL, ws[2]!, 2020)).toEqual(['2020-10-15', '2020-10-30']);
    // Nov 2020: 2..6, 9..13 (Nov 1 is a Sunday)
    expect(span(CAL, ws[3]!, 2020)).toEqual(['2020-11-02', '2020-11-13']);
  });

  const bad: Array<[string, unknown, string, RegExp]> = [
    ['month out of range', { name: 'x', start: { month: 13, day: 1 }, end: { month: 1, day: 5 } }, 'episodes[1].windows[0].start.month', /month must be an integer from 1 to 12, got 13/],
    ['month missing', { name: 'x', start: { day: 1 }, end: { month: 1, day: 5 } }, 'episodes[1].windows[0].start.month', /missing/],
    ['day 32', { name: 'x', start: { month: 1, day: 1 }, end: { month: 1, day: 32 } }, 'episodes[1].windows[0].end.day', /day must be an integer from 1 to 31/],
    ['tradingDay 0', { name: 'x', start: { month: 1, tradingDay: 0 }, tradingDays: 3 }, 'episodes[1].windows[0].start.tradingDay', /counts from 1/],
    ['tradingDay not an integer', { name: 'x', start: { month: 1, tradingDay: 1.5 }, tradingDays: 3 }, 'episodes[1].windows[0].start.tradingDay', /integer/],
    ['both day and tradingDay', { name: 'x', start: { month: 1, day: 2, tradingDay: 1 }, tradingDays: 3 }, 'episodes[1].windows[0].start', /either day or tradingDay/],
    ['neither day nor tradingDay', { name: 'x', start: { month: 1 }, tradingDays: 3 }, 'episodes[1].windows[0].start', /missing day or tradingDay/],
    ['typo in an anchor field', { name: 'x', start: { month: 3, lastTradingDays: 3 }, tradingDays: 3 }, 'episodes[1].windows[0].start.lastTradingDays', /unknown anchor field/],
    ['unknown window field', { name: 'x', start: { month: 1, day: 1 }, tradingDays: 3, length: 2 }, 'episodes[1].windows[0].length', /unknown window field 'length'/],
    ['no name', { start: { month: 1, day: 1 }, tradingDays: 3 }, 'episodes[1].windows[0].name', /expected a window name/],
    ['name with a colon', { name: 'a:b', start: { month: 1, day: 1 }, tradingDays: 3 }, 'episodes[1].windows[0].name', /letters, digits/],
    ['name of a built-in', { name: 'santa-claus', start: { month: 1, day: 1 }, tradingDays: 3 }, 'episodes[1].windows[0].name', /built-in window/],
    ['no start', { name: 'x', end: { month: 1, day: 1 } }, 'episodes[1].windows[0].start', /needs a start anchor/],
    ['start not an object', { name: 'x', start: 'jan', tradingDays: 2 }, 'episodes[1].windows[0].start', /expected an anchor object/],
    ['neither end nor length', { name: 'x', start: { month: 1, day: 1 } }, 'episodes[1].windows[0].end', /end anchor or a tradingDays length/],
    ['both end and length', { name: 'x', start: { month: 1, day: 1 }, end: { month: 1, day: 9 }, tradingDays: 2 }, 'episodes[1].windows[0]', /either end or tradingDays/],
    ['zero length', { name: 'x', start: { month: 1, day: 1 }, tradingDays: 0 }, 'episodes[1].windows[0].tradingDays', /from 1 to 366/],
    ['end before start in the same month', { name: 'x', start: { month: 3, day: 20 }, end: { month: 3, day: 10 } }, 'episodes[1].windows[0].end', /before the start/],
    ['end before start, trading days', { name: 'x', start: { month: 3, tradingDay: -1 }, end: { month: 3, tradingDay: -3 } }, 'episodes[1].windows[0].end', /before the start/],
    ['unknown built-in', 'santa', 'episodes[1].windows[0]', /unknown built-in window 'santa'/],
    ['not an object', 42, 'episodes[1].windows[0]', /expected a window name or an object/],
  ];
  it.each(bad)('%s', (_what, json, key, msg) => {
    let err: unknown;
    try { parseWindowSpec(json, 'episodes[1].windows[0]'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toBe(key);
    expect((err as ConfigError).message).toContain(`${key}: `);
    expect((err as ConfigError).message).toMatch(msg);
  });
  it('lists must be non-empty and names unique', () => {
    expect(() => parseWindowSpecs([], 'episodes[1].windows')).toThrow(/episodes\[1\]\.windows: expected a non-empty list/);
    expect(() => parseWindowSpecs(['santa-claus', 'santa-claus'], 'episodes[1].windows'))
      .toThrow(/episodes\[1\]\.windows\[1\]: window 'santa-claus' is listed twice/);
  });
});

describeShared('seasonal windows on the real S&P 500 (GSPC.csv, 1927-12-30 .. 2023-12-28)', () => {
  // Loaded in beforeAll: a skipped suite's body still runs, and must not touch the absent files.
  let ds!: Dataset;
  let eps!: Episode[];
  let rows!: Array<{ d: string; c: number }>;
  beforeAll(() => {
    const file = shared('sp500', 'GSPC.csv');
    ds = loadPriceDataset(file);
    eps = findSeasonal(ds, SEASONAL_DEFAULTS);
    // The raw file, read independently: [date, adjusted close] per line.
    rows = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => {
      const c = l.split(',');
      return { d: c[0]!, c: Number(c[5]) };
    });
  });
  const row = (d: string): number => rows.findIndex((r) => r.d === d);

  it('hand-checked: santa-claus 2022/23 (failed the next day)', () => {
    // Last five trading days of Dec 2022 in the file: 12-23, 12-27, 12-28, 12-29, 12-30 (12-26 was a holiday);
    // first two of Jan 2023: 01-03, 01-04. s = 2022-12-23, e = 2023-01-04, s-1 = 2022-12-22.
    const dec = rows.filter((r) => r.d.startsWith('2022-12-')).slice(-5).map((r) => r.d);
    const jan = rows.filter((r) => r.d.startsWith('2023-01-')).slice(0, 2).map((r) => r.d);
    expect(dec).toEqual(['2022-12-23', '2022-12-27', '2022-12-28', '2022-12-29', '2022-12-30']);
    expect(jan).toEqual(['2023-01-03', '2023-01-04']);
    const s = row('2022-12-23'), e = row('2023-01-04');
    expect(rows[s - 1]).toEqual({ d: '2022-12-22', c: 3822.389892578125 }); // C[s-1]
    expect(rows[e]!.c).toBe(3852.969970703125); // C[e]: 3852.97 / 3822.39 = 1.0080 > 1, an episode
    // 2023-01-05 (e+1) closed at 3808.10 < 3822.39: failed.
    expect(rows[e + 1]).toEqual({ d: '2023-01-05', c: 3808.10009765625 });
    expect(rows[e + 1]!.c < rows[s - 1]!.c).toBe(true);
    const ep = eps.find((x) => x.id === 'GSPC:seasonal:santa-claus:2023-01-04')!;
    expect(ep).toBeDefined();
    expect(ds.dates[ep.windowStartIndex!]).toBe(parseIsoDay('2022-12-23'));
    expect(ep.refLowDate).toBe('2022-12-22');
    expect(ep.refLow).toBe(3822.389892578125);
    expect(ep.outcome).toBe('failed');
  });

  it('hand-checked: santa-claus 2018/19 (durable) and first-five-days 2023 (durable)', () => {
    // santa 2018/19: s = 2018-12-24 (12-24, 26, 27, 28, 31), e = 2019-01-03 (01-02, 01-03).
    // C[s-1] = 2018-12-21: 2416.6201171875; C[e] = 2447.889892578125 (ratio 1.0129 > 1).
    // Closes e+1..e+126 (2019-01-04 .. 2019-07-05): minimum 2531.94 on 2019-01-04, never below 2416.62;
    // C[e+126] = 2019-07-05: 2990.409912109375 >= 2447.89: durable.
    // ffd 2023: s = 2023-01-03, e = 2023-01-09; C[s-1] = 2022-12-30: 3839.5; C[e] = 3892.090087890625;
    // minimum over e+1..e+126 is 3855.76 (2023-03-13) > 3839.5; C[e+126] = 2023-07-12: 4472.16015625 >= C[e]: durable.
    const check = (sD: string, eD: string, low: number, ce: number, hD: string, ch: number, minC: number) => {
      const s = row(sD), e = row(eD);
      expect(rows[s - 1]!.c).toBe(low);
      expect(rows[e]!.c).toBe(ce);
      let m = Infinity;
      for (let i = e + 1; i <= e + 126; i++) m = Math.min(m, rows[i]!.c);
      expect(m).toBe(minC);
      expect(m >= low).toBe(true);
      expect(rows[e + 126]).toEqual({ d: hD, c: ch });
      expect(ch >= ce).toBe(true);
    };
    check('2018-12-24', '2019-01-03', 2416.6201171875, 2447.889892578125, '2019-07-05', 2990.409912109375, 2531.93994140625);
    check('2023-01-03', '2023-01-09', 3839.5, 3892.090087890625, '2023-07-12', 4472.16015625, 3855.760009765625);
    const a = eps.find((x) => x.id === 'GSPC:seasonal:santa-claus:2019-01-03')!;
    expect([a.refLowDate, a.refLow, a.outcome]).toEqual(['2018-12-21', 2416.6201171875, 'durable']);
    const b = eps.find((x) => x.id === 'GSPC:seasonal:first-five-days:2023-01-09')!;
    expect([b.refLowDate, b.refLow, b.outcome, isoDate(ds.dates[b.windowStartIndex!]!)]).toEqual(['2022-12-30', 3839.5, 'durable', '2023-01-03']);
  });

  it('no 2023 santa-claus window: the data ends on 2023-12-28, inside it', () => {
    expect(resolveWindow(ds.dates, santa, 2023)).toBeNull();
    expect(eps.filter((x) => x.decisionDate >= '2023-12-01')).toHaveLength(0);
    // Nor for December 1927: the file has one December 1927 close.
    expect(resolveWindow(ds.dates, santa, 1927)).toBeNull();
  });

  /** Independent recomputation from the raw lines: trading days grouped by month. */
  function independent(name: string, startMonth: string, startPick: (days: number[]) => number | undefined,
    endPick: (days: number[]) => number | undefined, nextYear: boolean, endMonth: string): Map<string, string> {
    const byMonth = new Map<string, number[]>();
    rows.forEach((r, i) => { const k = r.d.slice(0, 7); if (!byMonth.has(k)) byMonth.set(k, []); byMonth.get(k)!.push(i); });
    const out = new Map<string, string>();
    for (let y = 1927; y <= 2023; y++) {
      const sm = `${y}-${startMonth}`, em = `${nextYear ? y + 1 : y}-${endMonth}`;
      // A month counts only when the file has lines before and after it (it is complete).
      const complete = (k: string) => byMonth.has(k) && byMonth.get(k)![0]! > 0 && byMonth.get(k)!.at(-1)! < rows.length - 1;
      if (!complete(sm) || !complete(em)) continue;
      const s = startPick(byMonth.get(sm)!), e = endPick(byMonth.get(em)!);
      if (s === undefined || e === undefined || s < 1 || e < s) continue;
      const low = rows[s - 1]!.c;
      if (!(rows[e]!.c / low > 1)) continue;
      let failed = false;
      for (let i = e + 1; i <= Math.min(e + 126, rows.length - 1); i++) if (rows[i]!.c < low) failed = true;
      const outcome = failed ? 'failed' : e + 126 > rows.length - 1 ? 'censored' : rows[e + 126]!.c >= rows[e]!.c ? 'durable' : 'stalled';
      out.set(`GSPC:seasonal:${name}:${rows[e]!.d}`, outcome);
    }
    return out;
  }
  const fromEngine = (es: Episode[], name: string) =>
    new Map(es.filter((x) => x.window === name).map((x) => [x.id, x.outcome as string]));

  it('every built-in window matches an independent month-by-month recomputation', () => {
    const sc = independent('santa-claus', '12', (d) => d.at(-5), (d) => d[1], true, '01');
    const ff = independent('first-five-days', '01', (d) => d[0], (d) => d[4], false, '01');
    expect(fromEngine(eps, 'santa-claus')).toEqual(sc);
    expect(fromEngine(eps, 'first-five-days')).toEqual(ff);
    const count = (m: Map<string, string>) => [...m.values()].reduce<Record<string, number>>((a, o) => ({ ...a, [o]: (a[o] ?? 0) + 1 }), {});
    // Regression pins (seasonal/v1, H = 126).
    expect(count(sc)).toEqual({ durable: 26, failed: 49 });
    expect(count(ff)).toEqual({ durable: 20, failed: 44 });
  });

  it('a user-defined window from a JSON config runs on the real data', () => {
    const cfg = JSON.parse('{"windows": [{"name": "last-3-of-march", "start": {"month": 3, "tradingDay": -3}, "end": {"month": 3, "tradingDay": -1}}]}') as { windows: unknown };
    const windows = parseWindowSpecs(cfg.windows, 'windows');
    const user = findSeasonal(ds, { horizon: 126, windows });
    const ref = independent('last-3-of-march', '03', (d) => d.at(-3), (d) => d.at(-1), false, '03');
    expect(user.length).toBeGreaterThan(30);
    expect(fromEngine(user, 'last-3-of-march')).toEqual(ref);
    // March 2021: the last three trading days are 03-29, 03-30, 03-31 (s-1 = 03-26).
    const r = resolveWindow(ds.dates, windows[0]!, 2021)!;
    expect([at(ds.dates, r.s - 1), at(ds.dates, r.s), at(ds.dates, r.e)]).toEqual(['2021-03-26', '2021-03-29', '2021-03-31']);
  });
});
