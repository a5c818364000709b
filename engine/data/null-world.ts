/**
 * Null worlds: alternate histories of a dataset that look like the market
 * but in which the past says nothing about the future beyond one block.
 *
 * Days are resampled by the stationary bootstrap (Politis & Romano 1994):
 * path day k takes source day s(k); the first block starts at a uniform day,
 * each next day continues the block (s + 1, wrapping) with probability
 * 1 - 1/B or starts a new block at a uniform day, so block lengths are
 * geometric with mean B. Every column moves together (one day map for the
 * whole dataset), so a day's cross-section (close, sectors, VIX, breadth,
 * macro) stays a real day's:
 *   - level columns (close; open, high and low through the close; the sector
 *     indices and the sector market) are rebuilt from the source day's
 *     return, level[k] = level[k-1] * X[s] / X[s-1], starting from the real
 *     first level (a level unknown the day before restarts at the source
 *     day's value);
 *   - every other column (volume, VIX, breadth, macro series) takes the
 *     source day's value.
 * The calendar, the history kept before the first price and the dataset's id
 * stay, so episode ids keep their form. A block that is long enough keeps
 * volatility regimes and trends (and with them the number of corrections,
 * rebounds and their outcomes) while cutting every link between a decision's
 * past and its future beyond the block. Pure: the same dataset, block and
 * random stream give the same world.
 */
import type { Dataset } from '../types.ts';
import { sharedFloat64 } from './dataset.ts';
import { ymdOf } from '../calendar.ts';

/** A uniform draw in [0, 1) and an integer in [0, n): what the day map needs from a seeded stream. */
export interface UniformSource {
  uniform(): number;
  index(n: number): number;
}

/**
 * The day map of a null world: out[k] = the source day of path day k.
 * Days before `start + 1` map to themselves; later days are drawn from
 * [start + 1, n) by the stationary bootstrap with mean block `block`.
 */
export function nullWorldDays(n: number, start: number, block: number, rng: UniformSource): Int32Array {
  const out = new Int32Array(n);
  for (let k = 0; k <= Math.min(start, n - 1); k++) out[k] = k;
  const lo = start + 1;
  const m = n - lo;
  if (m <= 0) return out;
  const p = 1 / block;
  let s = lo + rng.index(m);
  for (let k = lo; k < n; k++) {
    if (k > lo) s = rng.uniform() < p ? lo + rng.index(m) : (s + 1 < n ? s + 1 : lo);
    out[k] = s;
  }
  return out;
}

/** First month of a resampled year: July-June years keep December and January (the seasonal windows) together. */
export const YEAR_START_MONTH = 7;

/** Index ranges [first, last] of the July-June years of days[lo..n). */
function yearRanges(dates: Int32Array, lo: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cur = NaN;
  for (let k = lo; k < dates.length; k++) {
    const { y, m } = ymdOf(dates[k]!);
    const year = m >= YEAR_START_MONTH ? y : y - 1;
    if (year !== cur) { out.push([k, k]); cur = year; } else out[out.length - 1]![1] = k;
  }
  return out;
}

/**
 * The day map that resamples whole July-June years: each year of the path
 * (on the real calendar) takes a uniformly drawn complete year of the source
 * (at least 90% of the median year's trading days), day by day in order (a
 * shorter source year repeats its last day). Calendar effects survive
 * (December and January stay December and January); every link between
 * years is cut.
 */
export function nullWorldYearDays(dates: Int32Array, start: number, rng: UniformSource): Int32Array {
  const n = dates.length;
  const out = new Int32Array(n);
  for (let k = 0; k <= Math.min(start, n - 1); k++) out[k] = k;
  const years = yearRanges(dates, start + 1);
  if (years.length === 0) return out;
  const lengths = years.map(([a, b]) => b - a + 1).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)]!;
  const pool = years.filter(([a, b]) => b - a + 1 >= 0.9 * median);
  for (const [a, b] of years) {
    const [sa, sb] = pool[rng.index(pool.length)]!;
    for (let k = a; k <= b; k++) out[k] = Math.min(sa + (k - a), sb);
  }
  return out;
}

/** Columns rebuilt from returns (levels); every other column takes the source day's value. */
export function isLevelColumn(name: string): boolean {
  return name === 'close' || name === 'market' || name.startsWith('sector:');
}

const BAR_COLUMNS = ['open', 'high', 'low'] as const;

function rebuildLevel(x: Float64Array, days: Int32Array, start: number): Float64Array {
  const out = sharedFloat64(x.length);
  for (let k = 0; k < x.length; k++) {
    if (k <= start) { out[k] = x[k]!; continue; }
    const s = days[k]!;
    const prev = out[k - 1]!;
    const r = x[s]! / x[s - 1]!;
    out[k] = Number.isFinite(prev) && Number.isFinite(r) && r > 0 ? prev * r : x[s]!;
  }
  return out;
}

function sourceValues(x: Float64Array, days: Int32Array): Float64Array {
  const out = sharedFloat64(x.length);
  for (let k = 0; k < x.length; k++) out[k] = x[days[k]!]!;
  return out;
}

/** The null world of `ds` under the day map `days` (nullWorldDays). */
export function nullWorldDataset(ds: Dataset, days: Int32Array): Dataset {
  const start = ds.priceStart ?? 0;
  const columns = new Map<string, Float64Array>();
  for (const [name, x] of ds.columns) {
    if (isLevelColumn(name)) columns.set(name, rebuildLevel(x, days, start));
  }
  const close = ds.columns.get('close');
  const newClose = columns.get('close');
  for (const [name, x] of ds.columns) {
    if (columns.has(name)) continue;
    if (close && newClose && (BAR_COLUMNS as readonly string[]).includes(name)) {
      // A bar travels with its day: its open/high/low relative to that day's close.
      const out = sharedFloat64(x.length);
      for (let k = 0; k < x.length; k++) out[k] = k <= start ? x[k]! : (newClose[k]! * x[days[k]!]!) / close[days[k]!]!;
      columns.set(name, out);
    } else {
      columns.set(name, sourceValues(x, days));
    }
  }
  const ordered = new Map([...ds.columns.keys()].map((k) => [k, columns.get(k)!] as const));
  const meta = new Map([...ds.meta].map(([k, m]) => [k, { ...m, firstKnownIndex: firstKnown(ordered.get(k)) }] as const));
  return { ...ds, columns: ordered, meta };
}

function firstKnown(x: Float64Array | undefined): number {
  if (!x) return -1;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) return i;
  return -1;
}
