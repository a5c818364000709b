/**
 * History before the first price: a dataset's calendar may start before its
 * price file, so that a series with earlier history (BAA10Y from 1986 in a
 * run on an index file that starts in 2000) is usable for a criterion's
 * lookback. The extra days are the observation dates of the bundle's daily
 * series (weekdays only) within `years` before the first price; the price
 * columns are NaN there, and `Dataset.priceStart` marks where the prices
 * begin. Episodes are decided from priceStart on only (`fromPriceStart`).
 */
import { ymdOf } from '../calendar.ts';
import type { Dataset, Series } from '../types.ts';
import { buildDataset } from './dataset.ts';

/** Days per year for the lookback window (calendar days). */
const DAYS_PER_YEAR = 365.25;

/**
 * The calendar days before `first` that daily `series` observed (finite
 * values), weekdays only, at most `years` before `first`, ascending.
 */
export function historyDates(series: readonly Series[], first: number, years: number): Int32Array {
  if (!(years > 0)) return new Int32Array(0);
  const from = first - Math.floor(years * DAYS_PER_YEAR);
  const days = new Set<number>();
  for (const s of series) {
    if (s.frequency !== 'daily') continue;
    for (let i = 0; i < s.dates.length; i++) {
      const d = s.dates[i]!;
      if (d >= first) break;
      if (d < from || !Number.isFinite(s.values[i]!)) continue;
      const wd = ymdOf(d).weekday;
      if (wd !== 0 && wd !== 6) days.add(d);
    }
  }
  return Int32Array.from([...days].sort((a, b) => a - b));
}

/** Price series with `prefix` days (all before their first date) prepended as missing values. */
export function withPrefix(price: readonly Series[], prefix: Int32Array): Series[] {
  if (prefix.length === 0) return [...price];
  return price.map((s) => {
    const dates = new Int32Array(prefix.length + s.dates.length);
    dates.set(prefix);
    dates.set(s.dates, prefix.length);
    const values = new Float64Array(dates.length).fill(NaN);
    values.set(s.values, prefix.length);
    return { ...s, dates, values };
  });
}

/** The part of a dataset from its first price on (zero-copy subarrays); the dataset itself when it has no history. */
export function fromPriceStart(ds: Dataset): Dataset {
  const k = ds.priceStart ?? 0;
  if (k <= 0) return ds;
  const columns = new Map<string, Float64Array>();
  for (const [name, c] of ds.columns) columns.set(name, c.subarray(k));
  return { id: ds.id, dates: ds.dates.subarray(k), columns, meta: ds.meta };
}

/**
 * buildDataset on the price calendar with up to `years` of history before
 * the first price, from the extras' daily dates (none when they start later).
 */
export function buildDatasetWithHistory(id: string, price: Series[], extras: Series[], years: number): Dataset {
  const primary = price.find((s) => s.name === 'close') ?? price[0];
  const prefix = primary && primary.dates.length > 0 ? historyDates(extras, primary.dates[0]!, years) : new Int32Array(0);
  const ds = buildDataset(id, withPrefix(price, prefix), extras);
  return prefix.length > 0 ? { ...ds, priceStart: prefix.length } : ds;
}
