/**
 * Builders of small synthetic inputs for unit tests: calendars, series,
 * datasets and decision points. One home for what test files used to copy
 * (a Series literal, a weekday calendar, a dataset from named columns, a
 * decision at index t), so a change to those types is fixed here once.
 *
 * Everything is deterministic: no clock, no Math.random.
 */
import { buildDataset } from '../../engine/data/dataset.ts';
import { isoDate, parseIsoDay, ymdOf } from '../../engine/calendar.ts';
import type { Dataset, DecisionPoint, Frequency, Series } from '../../engine/types.ts';

/** `n` consecutive day numbers from `first` (weekends included: for tests that only need an ordered calendar). */
export function consecutiveDays(n: number, first = 18_000): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => first + i);
}

/** `n` consecutive weekdays (Monday to Friday) from the ISO date `start`, as day numbers. */
export function weekdays(start: string, n: number): Int32Array {
  const out = new Int32Array(n);
  let d = parseIsoDay(start);
  for (let i = 0; i < n; i++) {
    while ([0, 6].includes(ymdOf(d).weekday)) d++;
    out[i] = d++;
  }
  return out;
}

/** First-of-month day numbers for `n` months from `start` (YYYY-MM). */
export function monthStarts(start: string, n: number): Int32Array {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return Int32Array.from({ length: n }, (_, i) => Date.UTC(y, m - 1 + i, 1) / 86_400_000);
}

/** Day numbers of ISO dates. */
export function days(isoDates: readonly string[]): Int32Array {
  return Int32Array.from(isoDates.map(parseIsoDay));
}

export interface SeriesOptions {
  frequency?: Frequency;
  lagDays?: number;
}

/** A loaded series as a reader would return it (no source file, no missing or rejected values). */
export function series(name: string, dates: ArrayLike<number>, values: ArrayLike<number>, opts: SeriesOptions = {}): Series {
  if (dates.length !== values.length) throw new Error(`series ${name}: ${values.length} values for ${dates.length} dates`);
  return {
    name, dates: Int32Array.from(dates), values: Float64Array.from(values), frequency: opts.frequency ?? 'daily',
    lagDays: opts.lagDays ?? 0, source: null, stats: { rows: values.length, missing: 0, rejected: 0, notes: [] },
  };
}

/**
 * A dataset built the engine's way (buildDataset): daily columns on one
 * calendar, plus lower-frequency extras as-of joined with their lags.
 */
export function dataset(dates: Int32Array, daily: Record<string, ArrayLike<number>>, extras: Series[] = [], id = 'SYN'): Dataset {
  return buildDataset(id, Object.entries(daily).map(([name, v]) => series(name, dates, v)), extras);
}

/**
 * A rebound decision at index `t` of `ds`: by default its reference low is
 * 10 bars back and its peak 20 bars before the low; `over` replaces any field.
 */
export function decisionAt(ds: Dataset, t: number, over: Partial<DecisionPoint> = {}): DecisionPoint {
  const low = over.refLowIndex ?? Math.max(0, t - 10);
  const peak = over.peakIndex ?? Math.max(0, low - 20);
  const close = ds.columns.get(over.priceColumn ?? 'close');
  const iso = (i: number): string => isoDate(ds.dates[i]!);
  return {
    id: `${ds.id}:${over.kind ?? 'rebound'}:${iso(t)}`, market: ds.id, kind: 'rebound', decisionIndex: t, decisionDate: iso(t),
    refLowIndex: low, refLowDate: iso(low), refLow: close ? close[low]! : NaN,
    peakIndex: peak, peakDate: iso(peak), peak: close ? close[peak]! : NaN, priceColumn: 'close', ...over,
  };
}

/** The error `fn` throws, checked to be a `type` (fails the test when nothing or something else is thrown). */
export function thrown<E extends Error>(type: abstract new (...a: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}

/** The error a promise rejects with, checked to be a `type`. */
export async function rejection<E extends Error>(type: abstract new (...a: never[]) => E, p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`);
}
