/**
 * Anchors and seasonal windows on a trading calendar: "the fifth-last trading
 * day of December", "the first trading day on or after October 15", and named
 * windows built from two anchors, such as the Santa Claus window (the last 5
 * trading days of December and the first 2 of January). The seasonal episode
 * detector (engine/episodes/seasonal.ts) and the seasonality criterion both
 * resolve windows here, so a window means the same trading days everywhere.
 *
 * Window specs (JSON, as a researcher writes them in a run config)
 * ---------------------------------------------------------------
 * A window is either the name of a built-in (`"santa-claus"`,
 * `"first-five-days"`) or an object:
 *
 *   { "name": "last-3-of-march",
 *     "start": { "month": 3, "tradingDay": -3 },
 *     "end":   { "month": 3, "tradingDay": -1 } }
 *
 *   { "name": "late-october", "start": { "month": 10, "day": 15 }, "end": { "month": 10, "day": 31 } }
 *
 *   { "name": "ten-after-halloween", "start": { "month": 11, "day": 1 }, "tradingDays": 10 }
 *
 *   { "name": "winter", "start": { "month": 11, "day": 20 }, "end": { "month": 2, "tradingDay": 5 } }
 *
 *  - `name`: letters, digits, '.', '_', '-' (it is part of the episode id); not a built-in's name.
 *  - `start` (required): an anchor. Then exactly one of `end` (an anchor) or
 *    `tradingDays` (the window's length in trading days, >= 1: e = s + n - 1).
 *  - An anchor is `{ "month": 1..12 }` plus exactly one of
 *      `"day": 1..31`      a calendar day. As `start` it means the first trading
 *                          day ON OR AFTER that date; as `end`, the last trading
 *                          day ON OR BEFORE it (so the window holds exactly the
 *                          trading days between the two dates). A day past the
 *                          month's end means the month's last day (Feb 29/30/31).
 *      `"tradingDay": n`   the n-th trading day of the month (1 = first);
 *                          negative counts from the end (-1 = last, -5 = fifth
 *                          from last). |n| <= 31; a month with fewer trading
 *                          days has no window that year.
 *  - Years: a window belongs to the year of its start month. An `end` month
 *    EARLIER than the start month is in the next year (Dec..Jan spans the year
 *    end); the same or a later month is in the same year. A window whose end
 *    resolves before its start in some year is not evaluated that year (an
 *    end statically before the start in the same month is a ConfigError).
 *
 * Built-ins: `santa-claus` = start {month 12, tradingDay -5}, end {month 1,
 * tradingDay 2} (last 5 trading days of December and first 2 of January);
 * `first-five-days` = start {month 1, tradingDay 1}, end {month 1, tradingDay 5}.
 *
 * When an anchor resolves
 * -----------------------
 * The calendar is taken as the list of trading days (no gaps inside the
 * data). An anchor is resolved by counting from an edge (a month's first or
 * last calendar day, or an anchor date), and the count is trusted only when
 * the data extends past that edge: a bar before the month's first day (or
 * on it) for `tradingDay: n > 0`; a bar after the month's last day (or on
 * it) for `tradingDay: n < 0`; a bar before (or on) the date for a `day`
 * start, after (or on) it for a `day` end. A `tradingDays` end must be in the
 * calendar. Finally s >= 1 (a bar before s exists) and s <= e. Hence a window
 * does not resolve when the calendar starts inside it or on its first day, or
 * ends inside it or before the month end it counts back from (e.g. a calendar
 * ending on 2023-12-28 has no 2023 santa-claus window). On a view's calendar
 * (cut at the decision) a window resolves only once it has ended.
 */
import { ConfigError } from './errors.ts';
import { dayFromYmd, daysInMonth, firstIndexOnOrAfter, yearOf } from './calendar.ts';

export type Anchor = { month: number; day: number } | { month: number; tradingDay: number };

export interface WindowSpec {
  name: string;
  start: Anchor;
  /** Exactly one of `end` and `tradingDays`. */
  end?: Anchor;
  tradingDays?: number;
}

/** The Santa Claus window: the last 5 trading days of December and the first 2 of January. */
export const SANTA_CLAUS: Readonly<WindowSpec> = Object.freeze({
  name: 'santa-claus', start: { month: 12, tradingDay: -5 }, end: { month: 1, tradingDay: 2 },
});

/** The first five trading days of January. */
export const FIRST_FIVE_DAYS: Readonly<WindowSpec> = Object.freeze({
  name: 'first-five-days', start: { month: 1, tradingDay: 1 }, end: { month: 1, tradingDay: 5 },
});

export const BUILTIN_WINDOWS: Readonly<Record<string, WindowSpec>> = Object.freeze({
  'santa-claus': SANTA_CLAUS,
  'first-five-days': FIRST_FIVE_DAYS,
});

// ---------------------------------------------------------------- window specs from a config

const NAME_RE = /^[A-Za-z0-9._-]+$/;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  return typeof x === 'string' ? `'${x}'` : JSON.stringify(x) ?? String(x);
}

function intIn(v: unknown, lo: number, hi: number, key: string, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new ConfigError(key, `${what} must be an integer from ${lo} to ${hi}, got ${show(v)}`);
  }
  return v;
}

function parseAnchor(json: unknown, key: string): Anchor {
  if (!isPlainObject(json)) {
    throw new ConfigError(key, `expected an anchor object such as {"month": 12, "tradingDay": -5} or {"month": 10, "day": 15}, got ${show(json)}`);
  }
  for (const k of Object.keys(json)) {
    if (k !== 'month' && k !== 'day' && k !== 'tradingDay') {
      throw new ConfigError(`${key}.${k}`, `unknown anchor field '${k}' (allowed: month, and one of day or tradingDay)`);
    }
  }
  if (!('month' in json)) throw new ConfigError(`${key}.month`, 'missing: an anchor needs a month (1-12)');
  const month = intIn(json.month, 1, 12, `${key}.month`, 'month');
  const hasDay = 'day' in json, hasTd = 'tradingDay' in json;
  if (hasDay && hasTd) throw new ConfigError(key, 'give either day or tradingDay, not both');
  if (!hasDay && !hasTd) throw new ConfigError(key, 'missing day or tradingDay (e.g. "day": 15 or "tradingDay": -5 for the fifth-last trading day)');
  if (hasDay) return { month, day: intIn(json.day, 1, 31, `${key}.day`, 'day') };
  const td = json.tradingDay;
  if (td === 0) throw new ConfigError(`${key}.tradingDay`, 'tradingDay counts from 1 (first) or from -1 (last); 0 is not a trading day');
  return { month, tradingDay: intIn(td, -31, 31, `${key}.tradingDay`, 'tradingDay') };
}

/**
 * Validate one window spec from a config: a built-in's name or an object as
 * in the file header. Errors are ConfigErrors naming the key (e.g.
 * `episodes[1].windows[0].start.month`).
 */
export function parseWindowSpec(json: unknown, key: string): WindowSpec {
  if (typeof json === 'string') {
    const b = Object.hasOwn(BUILTIN_WINDOWS, json) ? BUILTIN_WINDOWS[json] : undefined;
    if (!b) throw new ConfigError(key, `unknown built-in window '${json}' (built-ins: ${Object.keys(BUILTIN_WINDOWS).join(', ')}; or define one as {"name", "start", "end"})`);
    return b;
  }
  if (!isPlainObject(json)) {
    throw new ConfigError(key, `expected a window name or an object {"name", "start", "end" | "tradingDays"}, got ${show(json)}`);
  }
  for (const k of Object.keys(json)) {
    if (!['name', 'start', 'end', 'tradingDays'].includes(k)) {
      throw new ConfigError(`${key}.${k}`, `unknown window field '${k}' (allowed: name, start, end, tradingDays)`);
    }
  }
  const name = json.name;
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new ConfigError(`${key}.name`, `expected a window name of letters, digits, '.', '_' or '-', got ${show(name)}`);
  }
  if (Object.hasOwn(BUILTIN_WINDOWS, name)) {
    throw new ConfigError(`${key}.name`, `'${name}' is a built-in window; write "${name}" to use it, or choose another name`);
  }
  if (!('start' in json)) throw new ConfigError(`${key}.start`, 'missing: a window needs a start anchor');
  const start = parseAnchor(json.start, `${key}.start`);
  const hasEnd = 'end' in json, hasLen = 'tradingDays' in json;
  if (hasEnd && hasLen) throw new ConfigError(key, 'give either end or tradingDays, not both');
  if (!hasEnd && !hasLen) throw new ConfigError(`${key}.end`, 'missing: a window needs an end anchor or a tradingDays length');
  if (hasLen) return { name, start, tradingDays: intIn(json.tradingDays, 1, 366, `${key}.tradingDays`, 'tradingDays') };
  const end = parseAnchor(json.end, `${key}.end`);
  if (end.month === start.month) {
    const before = 'day' in start && 'day' in end ? end.day < start.day
      : 'tradingDay' in start && 'tradingDay' in end && Math.sign(start.tradingDay) === Math.sign(end.tradingDay)
        ? end.tradingDay < start.tradingDay : false;
    if (before) {
      throw new ConfigError(`${key}.end`, 'the end is before the start in the same month (an end month earlier than the start month means the next year; the same month means the same year)');
    }
  }
  return { name, start, end };
}

/** Validate a list of window specs (`key` names the list); names must be unique. */
export function parseWindowSpecs(json: unknown, key: string): WindowSpec[] {
  if (!Array.isArray(json) || json.length === 0) {
    throw new ConfigError(key, `expected a non-empty list of windows (built-in names or window objects), got ${show(json)}`);
  }
  const out: WindowSpec[] = [];
  const seen = new Set<string>();
  json.forEach((w, i) => {
    const spec = parseWindowSpec(w, `${key}[${i}]`);
    if (seen.has(spec.name)) throw new ConfigError(`${key}[${i}]`, `window '${spec.name}' is listed twice`);
    seen.add(spec.name);
    out.push(spec);
  });
  return out;
}

// ---------------------------------------------------------------- resolution

/**
 * Index of an anchor in year y, or -1 when it cannot be resolved from the
 * calendar (see "When an anchor resolves" above).
 */
export function resolveAnchor(dates: Int32Array, y: number, a: Anchor, role: 'start' | 'end'): number {
  const n = dates.length;
  if (n === 0) return -1;
  const first = dayFromYmd(y, a.month, 1);
  if (Number.isNaN(first)) return -1;
  const last = dayFromYmd(y, a.month, daysInMonth(y, a.month));
  if ('day' in a) return resolveDay(dates, dayFromYmd(y, a.month, Math.min(a.day, daysInMonth(y, a.month))), role);
  return nthTradingDayOfMonth(dates, first, last, a.tradingDay);
}

/** A `day` anchor: as start the first bar on or after `d`, as end the last bar on or before it. */
function resolveDay(dates: Int32Array, d: number, role: 'start' | 'end'): number {
  const n = dates.length;
  if (role === 'start') {
    const i = firstIndexOnOrAfter(dates, d);
    return i < n && (i >= 1 || dates[i] === d) ? i : -1;
  }
  const i = firstIndexOnOrAfter(dates, d + 1) - 1;
  return i >= 0 && (i + 1 < n || dates[i] === d) ? i : -1;
}

/**
 * The k-th trading day of the month spanning days first..last (k >= 1 from
 * its start, k <= -1 from its end), or -1 when the calendar does not cover
 * the edge it counts from or the month has fewer trading days.
 */
export function nthTradingDayOfMonth(dates: Int32Array, first: number, last: number, k: number): number {
  const n = dates.length;
  if (k > 0) {
    const i0 = firstIndexOnOrAfter(dates, first);
    if (!(i0 < n && (i0 >= 1 || dates[i0] === first))) return -1;
    const i = i0 + k - 1;
    return i < n && dates[i]! <= last ? i : -1;
  }
  const j0 = firstIndexOnOrAfter(dates, last + 1) - 1;
  if (!(j0 >= 0 && (j0 + 1 < n || dates[j0] === last))) return -1;
  const i = j0 + k + 1;
  return i >= 0 && dates[i]! >= first ? i : -1;
}

/** The window's trading-day span [s, e] for the year of its start month, or null if it does not resolve. */
export function resolveWindow(dates: Int32Array, w: WindowSpec, year: number): { s: number; e: number } | null {
  const s = resolveAnchor(dates, year, w.start, 'start');
  if (s < 1) return null; // unresolved, or no bar before s
  let e: number;
  if (w.end) {
    const endYear = w.end.month < w.start.month ? year + 1 : year;
    e = resolveAnchor(dates, endYear, w.end, 'end');
    if (e < 0) return null;
  } else {
    e = s + w.tradingDays! - 1;
    if (e >= dates.length) return null;
  }
  return e >= s ? { s, e } : null;
}

/** Every resolved span of a window on a calendar, by year of its start (the year before the first bar's through the last bar's). */
export function windowSpans(dates: Int32Array, w: WindowSpec): Array<{ year: number; s: number; e: number }> {
  const out: Array<{ year: number; s: number; e: number }> = [];
  if (dates.length === 0) return out;
  const y1 = yearOf(dates[dates.length - 1]!);
  for (let y = yearOf(dates[0]!) - 1; y <= y1; y++) {
    const span = resolveWindow(dates, w, y);
    if (span) out.push({ year: y, ...span });
  }
  return out;
}

