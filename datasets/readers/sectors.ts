/**
 * Sector data for the `sector-lead` episodes: sector total-return index levels
 * (`sector:<name>`) and a market index (`market`), from a Ken French returns
 * file or from one OHLCV price file per sector.
 *
 * Rules (the brief's, plus the choices it leaves open):
 *  - Levels from returns (Ken French) follow `returnsToLevels`: the level at
 *    the end of the sector's first day is 1 and level[t] = level[t-1]*(1+r[t]);
 *    a missing return (NaN, from -99.99/-999) inside the sector's history
 *    counts as 0 (the level carries). A sector whose returns start later than
 *    the file (leading missing returns) does not exist yet: its level is NaN
 *    until its first known return, where it is 1 (compounded from 1 on ITS
 *    first day, exactly what returnsToLevels gives for a file starting there).
 *  - The composite market (`compositeMarket`) is equal-weighted over the
 *    sectors' DAILY RETURNS: each day, the mean of the sector returns that are
 *    known that day (a missing return is left out of the mean); a day with no
 *    sector return at all has a market return of 0; compounded like
 *    returnsToLevels: level[0] = 1, level[t] = level[t-1]*(1+mean[t]).
 *    Inputs on different dates are aligned on the union of their dates (a
 *    series without a row on a date has a missing return there).
 *  - Price files: a sector's level is its close (adjusted close when the file
 *    has one) on the file's own dates. Without a market file the market is the
 *    composite of the sectors' daily returns, where a sector's return on a
 *    date of the union calendar is its close over its own previous close
 *    (a date the sector's file lacks is a missing return; the next one spans
 *    the gap), and the first date of each file has no return.
 *    With a market file, its close is the market.
 *  - `sectorDataset` puts everything on the sectors' own calendar (the union
 *    of their dates; for a French file, the file's dates): columns
 *    `sector:<name>`, `market`, and `close` = the market level, so rebound
 *    and seasonal episodes can run on the market of the same dataset. Sector
 *    levels and a market file are as-of joined onto it (daily series bridge
 *    at most 7 calendar days, see engine/dataset.ts), so a sector missing a
 *    day carries its last level and one whose file ended is NaN afterwards.
 */
import { ConfigError, printable } from '../../engine/errors.ts';
import { asOfJoin, buildDataset } from '../../engine/data/dataset.ts';
import { Columns, type Dataset, type Series, type SourceInfo } from '../../engine/types.ts';
import { readFrench, type FrenchOptions } from './french.ts';
import { readOhlcv } from './ohlcv.ts';
import { emptyStats } from './table.ts';

export interface SectorData {
  /** Sector index levels, named `sector:<name>`, each on its own dates. */
  sectors: Series[];
  /** The market index level, named `market`. */
  market: Series;
  /** Where the market came from: the equal-weighted composite of the sectors or a market file. */
  marketFrom: 'composite' | 'file';
}

export const MARKET_SERIES = 'market';

/** Sorted union of several date arrays. */
export function unionDates(all: Int32Array[]): Int32Array {
  if (all.length === 0) return new Int32Array(0);
  const first = all[0]!;
  if (all.every((d) => d === first || sameDates(d, first))) return first;
  const set = new Set<number>();
  for (const d of all) for (const x of d) set.add(x);
  return Int32Array.from([...set].sort((a, b) => a - b));
}

function sameDates(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Values of `s` placed on `calendar` by exact date (NaN where `s` has no row). */
function onCalendar(calendar: Int32Array, s: Series): Float64Array {
  if (s.dates === calendar || sameDates(s.dates, calendar)) return s.values;
  const out = new Float64Array(calendar.length).fill(NaN);
  let j = 0;
  for (let i = 0; i < calendar.length; i++) {
    while (j < s.dates.length && s.dates[j]! < calendar[i]!) j++;
    if (j < s.dates.length && s.dates[j] === calendar[i]) out[i] = s.values[j]!;
  }
  return out;
}

function commonSource(all: Series[]): SourceInfo | null {
  const s0 = all[0]?.source ?? null;
  if (!s0) return null;
  return all.every((s) => s.source && s.source.file === s0.file && s.source.sha256 === s0.sha256) ? s0 : null;
}

/**
 * The equal-weighted composite market of sector DAILY RETURNS (fractions, NaN =
 * missing), compounded into a level from 1 on the first day (see the header).
 */
export function compositeMarket(returns: Series[]): Series {
  if (returns.length === 0) throw new Error('compositeMarket: no sector return series');
  const dates = unionDates(returns.map((s) => s.dates));
  const cols = returns.map((s) => onCalendar(dates, s));
  const n = dates.length;
  const values = new Float64Array(n);
  let level = 1, emptyDays = 0, leftOut = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0, count = 0;
    for (const c of cols) {
      const r = c[i]!;
      if (Number.isNaN(r)) continue;
      sum += r;
      count++;
    }
    if (i > 0) {
      leftOut += cols.length - count;
      if (count === 0) emptyDays++;
      else level *= 1 + sum / count;
    }
    values[i] = level;
  }
  const stats = emptyStats();
  stats.rows = n;
  stats.notes.push(`equal-weighted composite of ${returns.length} sectors' daily returns, compounded from 1 on ${n > 0 ? 'the first day' : 'no days'}`);
  if (leftOut > 0) stats.notes.push(`${leftOut} missing sector returns left out of the daily mean`);
  if (emptyDays > 0) stats.notes.push(`${emptyDays} days with no sector return (market return 0)`);
  return {
    name: MARKET_SERIES, dates, values, frequency: returns[0]!.frequency,
    lagDays: Math.max(...returns.map((s) => s.lagDays)), source: commonSource(returns), stats,
  };
}

/**
 * Levels from a return series: NaN before the first known return, 1 there,
 * then compounded; a later missing return counts as 0 (the level carries).
 */
export function sectorLevelsFromReturns(s: Series, name = s.name): Series {
  const n = s.values.length;
  const values = new Float64Array(n).fill(NaN);
  let first = 0;
  while (first < n && Number.isNaN(s.values[first]!)) first++;
  let level = 1, carried = 0;
  for (let i = first; i < n; i++) {
    const r = s.values[i]!;
    if (i > first) { if (Number.isNaN(r)) carried++; else level *= 1 + r; }
    values[i] = level;
  }
  const stats = { ...s.stats, notes: [...s.stats.notes] };
  if (first > 0 && first < n) stats.notes.push(`no return before row ${first + 1}: the sector's level starts there (at 1)`);
  if (carried > 0) stats.notes.push(`${carried} missing returns count as 0 in the compounded level`);
  return { ...s, name, values, stats };
}

/** Sector levels (`sector:<name>`) and the composite market from a Ken French returns file. */
export function sectorLevelsFromFrench(file: string, opts: FrenchOptions = {}): SectorData {
  const returns = readFrench(file, { ...opts, prefix: opts.prefix ?? Columns.sectorPrefix });
  return {
    sectors: returns.map((s) => sectorLevelsFromReturns(s)),
    market: compositeMarket(returns),
    marketFrom: 'composite',
  };
}

/** Daily returns of a price series on its own dates: close[t]/close[t-1] - 1, NaN on the first date. */
function priceReturns(s: Series): Series {
  const values = new Float64Array(s.values.length);
  values[0] = NaN;
  for (let i = 1; i < s.values.length; i++) values[i] = s.values[i]! / s.values[i - 1]! - 1;
  return { ...s, values };
}

/**
 * Sector levels from one OHLCV price file per sector (`{name: path}`); the
 * market from `marketFile`'s close, or else the composite of the sectors'
 * daily returns on the union of their dates. `key` names the config entry in
 * errors (e.g. `datasets[0].sectors`).
 */
export function sectorLevelsFromPriceFiles(files: Record<string, string>, marketFile?: string,
  key = 'sectors'): SectorData {
  const names = Object.keys(files);
  if (names.length === 0) throw new ConfigError(key, 'no sector files given (expected {"<sector name>": "<file>", ...})');
  const sectors: Series[] = [];
  for (const name of names) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new ConfigError(`${key}.${printable(name, 200)}`, `invalid sector name '${printable(name)}': use letters, digits, '.', '_' or '-'`);
    }
    const file = files[name];
    if (typeof file !== 'string' || file === '') throw new ConfigError(`${key}.${name}`, 'expected a file path');
    const [close] = readOhlcv(file, { closeName: `${Columns.sectorPrefix}${name}` });
    sectors.push(close!);
  }
  if (marketFile !== undefined) {
    const [close] = readOhlcv(marketFile, { closeName: MARKET_SERIES });
    return { sectors, market: close!, marketFrom: 'file' };
  }
  return { sectors, market: compositeMarket(sectors.map(priceReturns)), marketFrom: 'composite' };
}

/**
 * A Dataset on the sectors' own calendar (the union of their dates) with
 * columns `sector:<name>`, `market` and `close` (= the market level).
 */
export function sectorDataset(id: string, built: SectorData): Dataset {
  if (built.sectors.length === 0) throw new Error('sectorDataset: no sector series');
  const calendar = unionDates(built.sectors.map((s) => s.dates));
  const m = built.market;
  const mValues = m.dates === calendar || sameDates(m.dates, calendar) ? m.values : asOfJoin(calendar, m, new Float64Array(calendar.length));
  const market: Series = { ...m, name: MARKET_SERIES, dates: calendar, values: mValues };
  const close: Series = { ...market, name: Columns.close };
  return buildDataset(id, [close, market], built.sectors);
}
