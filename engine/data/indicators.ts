/**
 * Technical indicators over aligned daily columns.
 *
 * Every function here is
 *  - CAUSAL: output[i] depends only on input[0..i]. Computing on a prefix of
 *    the input gives bit-for-bit the prefix of computing on all of it.
 *  - O(length): rolling windows use running sums or monotonic deques kept in
 *    preallocated typed-array buffers; nothing is allocated per bar, and the
 *    cost does not depend on the window size.
 *  - SHAPE-PRESERVING: the result is a Float64Array of the input's length.
 *    Pass `out` (same length) to write into an existing buffer instead; `out`
 *    may even be the input itself (the input is then copied once first).
 *
 * Missing values
 * --------------
 * A value is *present* iff it is finite. NaN (and, defensively, ±Infinity)
 * means "no value that day". Rules:
 *  - Window indicators (rollingSum, sma, rollingMax, rollingMin, rollingStd,
 *    realizedVol) output NaN for any window x[i-n+1..i] that contains a
 *    missing value, and recover as soon as the window is clean again.
 *  - Point-to-point indicators (returns, logReturns, roc) are NaN when either
 *    endpoint is missing (or the ratio is undefined).
 *  - Recursive filters (ema, rsi) SKIP missing days: the output is NaN on
 *    that day and the internal state is carried unchanged to the next present
 *    value. Their warm-up counts present values (ema: seeded with the mean of
 *    the first n present values; rsi: seeded with the first n changes between
 *    consecutive present values, so a gap is bridged by one change).
 *  - Cumulative indicators (runningMax) ignore missing values; drawdown is
 *    NaN on missing days.
 *  - Warm-up: outputs are NaN until enough data exists; a window longer than
 *    the input gives all NaN.
 *
 * Window sizes must be positive integers (RangeError otherwise).
 */

import { checkWindow, io, rollingSum, sma, rollingMax, rollingMin, rollingStd, type NumericArray } from './rolling.ts';

export { rollingSum, sma, rollingMax, rollingMin, rollingStd };
export type { NumericArray };

/** Trading days per year used to annualise volatility. */
export const TRADING_DAYS_PER_YEAR = 252;

const SQRT_TRADING_DAYS = Math.sqrt(TRADING_DAYS_PER_YEAR);

// ---------------------------------------------------------------------------
// Recursive filters
// ---------------------------------------------------------------------------

/**
 * Exponential moving average, alpha = 2/(n+1), seeded with the simple mean of
 * the first n present values (output NaN before the seed). Missing days are
 * skipped: NaN output, state carried.
 */
export function ema(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  checkWindow(n, 'ema');
  const [src, dst] = io(x, out, 'ema');
  const len = src.length;
  const alpha = 2 / (n + 1);
  let count = 0;
  let seedSum = 0;
  let e = NaN;
  for (let i = 0; i < len; i++) {
    const v = src[i];
    if (!(v - v === 0)) {
      dst[i] = NaN;
      continue;
    }
    if (count < n) {
      seedSum += v;
      count++;
      if (count === n) {
        e = seedSum / n;
        dst[i] = e;
      } else {
        dst[i] = NaN;
      }
    } else {
      e += alpha * (v - e);
      dst[i] = e;
    }
  }
  return dst;
}

/**
 * Wilder's RSI. Changes are taken between consecutive present values. The
 * first average gain/loss is the simple mean of the first n changes (first
 * output at the (n+1)-th present value); thereafter
 * avg = (avg·(n-1) + current)/n. RSI = 100·avgGain/(avgGain+avgLoss), which
 * equals 100 - 100/(1+RS), lies in [0,100], is 100 for all gains, 0 for all
 * losses and 50 when there was no movement at all (0/0).
 */
export function rsi(x: NumericArray, n = 14, out?: Float64Array): Float64Array {
  checkWindow(n, 'rsi');
  const [src, dst] = io(x, out, 'rsi');
  const len = src.length;
  let prev = NaN;
  let count = 0;
  let avgGain = 0;
  let avgLoss = 0;
  for (let i = 0; i < len; i++) {
    const v = src[i];
    if (!(v - v === 0)) {
      dst[i] = NaN;
      continue;
    }
    if (prev !== prev) {
      prev = v;
      dst[i] = NaN;
      continue;
    }
    const d = v - prev;
    prev = v;
    const gain = d > 0 ? d : 0;
    const loss = d < 0 ? -d : 0;
    if (count < n) {
      avgGain += gain; // running sums until seeded
      avgLoss += loss;
      count++;
      if (count < n) {
        dst[i] = NaN;
        continue;
      }
      avgGain /= n;
      avgLoss /= n;
    } else {
      avgGain = (avgGain * (n - 1) + gain) / n;
      avgLoss = (avgLoss * (n - 1) + loss) / n;
    }
    const total = avgGain + avgLoss;
    dst[i] = total > 0 ? (100 * avgGain) / total : 50;
  }
  return dst;
}

// ---------------------------------------------------------------------------
// Point-to-point
// ---------------------------------------------------------------------------

/** Simple daily return x[i]/x[i-1] - 1; NaN at 0, on gaps, and when x[i-1] = 0. */
export function returns(x: NumericArray, out?: Float64Array): Float64Array {
  return roc(x, 1, out);
}

/** Daily log return ln(x[i]/x[i-1]); NaN at 0, on gaps, and unless both values are > 0. */
export function logReturns(x: NumericArray, out?: Float64Array): Float64Array {
  const [src, dst] = io(x, out, 'logReturns');
  const len = src.length;
  if (len > 0) dst[0] = NaN;
  for (let i = 1; i < len; i++) {
    const a = src[i - 1];
    const b = src[i];
    dst[i] = a > 0 && b > 0 && a - a === 0 && b - b === 0 ? Math.log(b / a) : NaN;
  }
  return dst;
}

/** Rate of change x[i]/x[i-n] - 1; NaN for i < n, on gaps, and when x[i-n] = 0. */
export function roc(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  checkWindow(n, 'roc');
  const [src, dst] = io(x, out, 'roc');
  const len = src.length;
  for (let i = 0; i < len; i++) {
    if (i < n) {
      dst[i] = NaN;
      continue;
    }
    const a = src[i - n];
    const b = src[i];
    dst[i] = a !== 0 && a - a === 0 && b - b === 0 ? b / a - 1 : NaN;
  }
  return dst;
}

/**
 * Annualised realised volatility: sample std (ddof = 1) of the last n daily
 * log returns (needs x[i-n..i], all present), × sqrt(252). First output at
 * index n; n = 1 gives all NaN.
 */
export function realizedVol(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  checkWindow(n, 'realizedVol');
  if (out !== undefined && out.length !== x.length) {
    throw new RangeError(`realizedVol: out has length ${out.length}, expected ${x.length}`);
  }
  const lr = logReturns(x);
  const dst = rollingStd(lr, n, out);
  for (let i = 0; i < dst.length; i++) dst[i] *= SQRT_TRADING_DAYS;
  return dst;
}

// ---------------------------------------------------------------------------
// Cumulative
// ---------------------------------------------------------------------------

/** Cumulative maximum of present values; NaN until the first present value. */
export function runningMax(x: NumericArray, out?: Float64Array): Float64Array {
  const [src, dst] = io(x, out, 'runningMax');
  const len = src.length;
  let peak = NaN;
  for (let i = 0; i < len; i++) {
    const v = src[i];
    if (v - v === 0 && !(v <= peak)) peak = v;
    dst[i] = peak;
  }
  return dst;
}

/**
 * Drawdown x[i]/runningMax[i] - 1 (≤ 0; exactly 0 at a new high). NaN on
 * missing days and while the running peak is not positive (intended for
 * price levels).
 */
export function drawdown(x: NumericArray, out?: Float64Array): Float64Array {
  const [src, dst] = io(x, out, 'drawdown');
  const len = src.length;
  let peak = NaN;
  for (let i = 0; i < len; i++) {
    const v = src[i];
    if (v - v === 0) {
      if (!(v <= peak)) peak = v;
      dst[i] = peak > 0 ? v / peak - 1 : NaN;
    } else {
      dst[i] = NaN;
    }
  }
  return dst;
}

/**
 * Bars since `cond` was last true (0 on a true bar); NaN before the first
 * true. A value counts as true when truthy (non-zero, non-NaN, or `true`).
 */
export function barsSince(
  cond: Uint8Array | ArrayLike<number> | ArrayLike<boolean>,
  out?: Float64Array,
): Float64Array {
  const len = cond.length;
  let dst: Float64Array;
  if (out === undefined) {
    dst = new Float64Array(len);
  } else {
    if (out.length !== len) {
      throw new RangeError(`barsSince: out has length ${out.length}, expected ${len}`);
    }
    dst = out; // reads cond[i] before writing out[i]: in-place safe
  }
  let last = -1;
  for (let i = 0; i < len; i++) {
    if (cond[i]) last = i;
    dst[i] = last < 0 ? NaN : i - last;
  }
  return dst;
}

// ---------------------------------------------------------------------------
// Caching
// ---------------------------------------------------------------------------

function formatParam(p: number): string {
  if (!Number.isFinite(p)) throw new RangeError(`indicatorKey: parameter must be finite, got ${p}`);
  return String(p); // String(-0) === '0'; 50 -> '50'; 0.5 -> '0.5'
}

const KEY_RESERVED = /[(),\s]/;

/**
 * Canonical cache key, e.g. indicatorKey('sma', 'close', 50) → "sma(close,50)".
 * Names and columns must be non-empty and free of '(', ')', ',' and spaces
 * (so distinct inputs can never produce the same key).
 */
export function indicatorKey(name: string, column: string, ...params: number[]): string {
  if (name.length === 0 || KEY_RESERVED.test(name)) {
    throw new RangeError(`indicatorKey: invalid indicator name ${JSON.stringify(name)}`);
  }
  if (column.length === 0 || KEY_RESERVED.test(column)) {
    throw new RangeError(`indicatorKey: invalid column name ${JSON.stringify(column)}`);
  }
  let key = `${name}(${column}`;
  for (let j = 0; j < params.length; j++) key += ',' + formatParam(params[j]);
  return key + ')';
}

/**
 * Memoises indicator columns by key so a dataset's indicators are computed
 * once and shared by every job. Returned arrays are shared: callers must not
 * mutate them.
 */
export class IndicatorCache {
  private readonly store = new Map<string, Float64Array>();
  private readonly pending = new Set<string>();

  /** The cached column for `key`, computing (once) with `compute` if absent. */
  get(key: string, compute: () => Float64Array): Float64Array {
    const hit = this.store.get(key);
    if (hit !== undefined) return hit;
    if (this.pending.has(key)) {
      throw new Error(`IndicatorCache: cyclic computation of ${key}`);
    }
    this.pending.add(key);
    let value: Float64Array;
    try {
      value = compute();
    } finally {
      this.pending.delete(key);
    }
    if (!(value instanceof Float64Array)) {
      throw new TypeError(`IndicatorCache: compute for ${key} did not return a Float64Array`);
    }
    this.store.set(key, value);
    return value;
  }

  has(key: string): boolean {
    return this.store.has(key);
  }

  /** Cached keys in insertion order. */
  keys(): string[] {
    return Array.from(this.store.keys());
  }

  get size(): number {
    return this.store.size;
  }

  clear(): void {
    this.store.clear();
  }
}
