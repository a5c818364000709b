/**
 * The columnar data model: series aligned on one trading calendar with an
 * as-of join that respects knowledge lags. Columns live in SharedArrayBuffers
 * so a Dataset can be posted to worker threads without copying.
 */
import type { ColumnMeta, Dataset, Frequency, Series } from '../types.ts';

/** A Float64Array over a SharedArrayBuffer (zero-copy across worker threads). */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(n, 1) * 8)).subarray(0, n);
}

export function sharedInt32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(n, 1) * 4)).subarray(0, n);
}

/**
 * How long (calendar days after the last observation became known) a value
 * may be carried forward before it is considered stale and shown as NaN.
 * Daily series bridge weekends and holidays; monthly ones bridge to the next
 * release; a series that stopped being published stops being visible.
 */
export function maxStaleDays(f: Frequency): number {
  switch (f) {
    case 'daily': return 7;
    case 'weekly': return 14;
    case 'monthly': return 70;
    case 'quarterly': return 200;
    case 'annual': return 400;
    default: return 31;
  }
}

/**
 * As-of join: out[i] = the latest non-missing value whose date + lag <= calendar[i],
 * or NaN if none, or if it became known more than maxStale days before calendar[i].
 */
export function asOfJoin(calendar: Int32Array, s: Series, out: Float64Array = sharedFloat64(calendar.length),
  maxStale = maxStaleDays(s.frequency)): Float64Array {
  const { dates, values, lagDays } = s;
  let j = 0;
  let last = NaN;
  let lastKnown = -Infinity;
  for (let i = 0; i < calendar.length; i++) {
    const c = calendar[i]!;
    while (j < dates.length && dates[j]! + lagDays <= c) {
      const v = values[j]!;
      if (!Number.isNaN(v)) { last = v; lastKnown = dates[j]! + lagDays; }
      j++;
    }
    out[i] = c - lastKnown <= maxStale ? last : NaN;
  }
  return out;
}

function firstFinite(x: Float64Array): number {
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) return i;
  return -1;
}

function metaOf(s: Series, col: Float64Array): ColumnMeta {
  return {
    name: s.name, frequency: s.frequency, lagDays: s.lagDays, source: s.source,
    missing: s.stats.missing, rejected: s.stats.rejected, firstKnownIndex: firstFinite(col),
  };
}

/**
 * Build a dataset on the calendar of `price` (the series named `close` in it,
 * or the first). Other price-file columns on the same dates are copied by
 * index; every extra series is as-of joined with its lag.
 */
export function buildDataset(id: string, price: Series[], extras: Series[] = []): Dataset {
  const primary = price.find((s) => s.name === 'close') ?? price[0];
  if (!primary) throw new Error('buildDataset: no price series');
  const n = primary.dates.length;
  const dates = sharedInt32(n);
  dates.set(primary.dates);
  const columns = new Map<string, Float64Array>();
  const meta = new Map<string, ColumnMeta>();
  for (const s of price) {
    let col: Float64Array;
    if (s.dates === primary.dates || sameDates(s.dates, primary.dates)) {
      col = sharedFloat64(n);
      col.set(s.values);
    } else col = asOfJoin(dates, s);
    columns.set(s.name, col);
    meta.set(s.name, metaOf(s, col));
  }
  for (const s of extras) {
    if (columns.has(s.name)) throw new Error(`buildDataset: two series named '${s.name}'`);
    const col = asOfJoin(dates, s);
    columns.set(s.name, col);
    meta.set(s.name, metaOf(s, col));
  }
  return { id, dates, columns, meta };
}

function sameDates(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A copy of the dataset with every column cut after index t (for leak tests and shards). */
export function truncateDataset(ds: Dataset, t: number): Dataset {
  const columns = new Map<string, Float64Array>();
  for (const [k, v] of ds.columns) columns.set(k, v.slice(0, t + 1));
  return { id: ds.id, dates: ds.dates.slice(0, t + 1), columns, meta: ds.meta, ...(ds.priceStart ? { priceStart: ds.priceStart } : {}) };
}

/** Series name → column, throwing a clear error for an unknown name. */
export function column(ds: Dataset, name: string): Float64Array {
  const c = ds.columns.get(name);
  if (!c) throw new Error(`dataset '${ds.id}' has no column '${name}' (has: ${[...ds.columns.keys()].join(', ')})`);
  return c;
}
