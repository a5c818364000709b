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

/** Any indexable numeric column (Float64Array in the engine; arrays in tests). */
export type NumericArray = ArrayLike<number>;

/** Trading days per year used to annualise volatility. */
export const TRADING_DAYS_PER_YEAR = 252;

const SQRT_TRADING_DAYS = Math.sqrt(TRADING_DAYS_PER_YEAR);

// ---------------------------------------------------------------------------
// Internal helpers
// ---------------------------------------------------------------------------

function checkWindow(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`${name}: window must be a positive integer, got ${n}`);
  }
}

/** True when `a` and `b` are typed-array views over overlapping memory. */
function overlaps(a: NumericArray, b: Float64Array): boolean {
  if (!ArrayBuffer.isView(a)) return false;
  const v = a as unknown as ArrayBufferView;
  if (v.buffer !== b.buffer) return false;
  const aStart = v.byteOffset;
  const aEnd = aStart + v.byteLength;
  const bStart = b.byteOffset;
  const bEnd = bStart + b.byteLength;
  return aStart < bEnd && bStart < aEnd;
}

/**
 * Validate/allocate the output and return a source safe to read while
 * writing the output (a one-off copy when `out` aliases `x`).
 */
function io(x: NumericArray, out: Float64Array | undefined, name: string): [NumericArray, Float64Array] {
  const len = x.length;
  if (out === undefined) return [x, new Float64Array(len)];
  if (out.length !== len) {
    throw new RangeError(`${name}: out has length ${out.length}, expected ${len}`);
  }
  if (overlaps(x, out)) return [Float64Array.from(x), out];
  return [x, out];
}

// ---------------------------------------------------------------------------
// Rolling windows
// ---------------------------------------------------------------------------

/**
 * Rolling sum over x[i-n+1..i]. NaN until i >= n-1 and for windows containing
 * a missing value. Uses a compensated (Neumaier) running sum.
 */
export function rollingSum(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  return windowSum(x, n, out, false, 'rollingSum');
}

/** Simple moving average over x[i-n+1..i] (rollingSum / n). */
export function sma(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  return windowSum(x, n, out, true, 'sma');
}

function windowSum(
  x: NumericArray,
  n: number,
  out: Float64Array | undefined,
  mean: boolean,
  name: string,
): Float64Array {
  checkWindow(n, name);
  const [src, dst] = io(x, out, name);
  const len = src.length;
  let s = 0; // running sum of present values in the window
  let c = 0; // Neumaier compensation
  let present = 0; // present values in the window
  let missing = 0; // missing values in the window
  for (let i = 0; i < len; i++) {
    const v = src[i];
    if (v - v === 0) {
      const u = s + v;
      c += Math.abs(s) >= Math.abs(v) ? s - u + v : v - u + s;
      s = u;
      present++;
    } else {
      missing++;
    }
    if (i >= n) {
      const w = src[i - n];
      if (w - w === 0) {
        const t = -w;
        const u = s + t;
        c += Math.abs(s) >= Math.abs(t) ? s - u + t : t - u + s;
        s = u;
        present--;
        if (present === 0) {
          s = 0;
          c = 0;
        }
      } else {
        missing--;
      }
    }
    if (i >= n - 1 && missing === 0) {
      const total = s + c;
      dst[i] = mean ? total / n : total;
    } else {
      dst[i] = NaN;
    }
  }
  return dst;
}

/** Rolling maximum over x[i-n+1..i] (monotonic deque). */
export function rollingMax(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  return windowExtreme(x, n, out, true, 'rollingMax');
}

/** Rolling minimum over x[i-n+1..i] (monotonic deque). */
export function rollingMin(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  return windowExtreme(x, n, out, false, 'rollingMin');
}

function windowExtreme(
  x: NumericArray,
  n: number,
  out: Float64Array | undefined,
  isMax: boolean,
  name: string,
): Float64Array {
  checkWindow(n, name);
  const [src, dst] = io(x, out, name);
  const len = src.length;
  // Each index enters the deque at most once, so `len` slots never overflow.
  const dq = new Int32Array(len);
  let head = 0;
  let tail = 0;
  let lastMissing = -1 - n; // index of the most recent missing value
  for (let i = 0; i < len; i++) {
    const v = src[i];
    if (v - v === 0) {
      if (isMax) {
        while (tail > head && src[dq[tail - 1]] <= v) tail--;
      } else {
        while (tail > head && src[dq[tail - 1]] >= v) tail--;
      }
      dq[tail++] = i;
    } else {
      lastMissing = i;
    }
    const start = i - n + 1;
    while (head < tail && dq[head] < start) head++;
    dst[i] = start >= 0 && lastMissing < start ? src[dq[head]] : NaN;
  }
  return dst;
}

/**
 * Rolling sample standard deviation (ddof = 1) over x[i-n+1..i].
 * n = 1 gives all NaN (the sample std of one value is undefined).
 *
 * Numerics: Welford add/remove updates of (count, mean, M2) on values shifted
 * by an anchor K (y = x - K), where K is re-set to the window mean by an exact
 * corrected two-pass computation over the current window
 *  - at least every n bars (bounds accumulated rounding drift), and
 *  - early (at most once per n bars) when the data has moved more than
 *    1000 standard deviations away from the anchor (e.g. after a level shift).
 * Both are amortised O(1) per bar. Because the running mean is of the small
 * shifted values, data with a large offset (1e6 ± tiny noise) keeps full
 * relative precision.
 */
export function rollingStd(x: NumericArray, n: number, out?: Float64Array): Float64Array {
  checkWindow(n, 'rollingStd');
  const [src, dst] = io(x, out, 'rollingStd');
  const len = src.length;
  if (n === 1) {
    dst.fill(NaN);
    return dst;
  }
  let anchor = 0; // K
  let k = 0; // present values in the window
  let mean = 0; // mean of (x - K) over present values
  let m2 = 0; // sum of squared deviations
  let missing = 0;
  let sinceExact = n; // bars since the last exact recomputation
  let sinceEarly = n; // bars since the last drift-triggered recomputation
  for (let i = 0; i < len; i++) {
    const v = src[i];
    if (v - v === 0) {
      if (k === 0) {
        anchor = v;
        k = 1;
        mean = 0;
        m2 = 0;
      } else {
        const y = v - anchor;
        k++;
        const d = y - mean;
        mean += d / k;
        m2 += d * (y - mean);
      }
    } else {
      missing++;
    }
    if (i >= n) {
      const w = src[i - n];
      if (w - w === 0) {
        if (k === 1) {
          k = 0;
          mean = 0;
          m2 = 0;
        } else {
          const y = w - anchor;
          k--;
          const d = y - mean;
          mean -= d / k;
          m2 -= d * (y - mean);
        }
      } else {
        missing--;
      }
    }
    sinceExact++;
    sinceEarly++;
    if (i >= n - 1 && missing === 0) {
      let recompute = sinceExact >= n;
      if (!recompute && sinceEarly >= n && mean * mean * (n - 1) > 1e6 * (m2 > 0 ? m2 : 0)) {
        recompute = true;
        sinceEarly = 0;
      }
      if (recompute) {
        // Exact corrected two-pass over the (clean) window; re-anchor at its mean.
        const start = i - n + 1;
        let s = 0;
        for (let j = start; j <= i; j++) s += src[j];
        const mu = s / n;
        let sq = 0;
        let dev = 0;
        for (let j = start; j <= i; j++) {
          const d = src[j] - mu;
          sq += d * d;
          dev += d;
        }
        anchor = mu;
        k = n;
        mean = dev / n;
        m2 = sq - (dev * dev) / n;
        sinceExact = 0;
      }
      dst[i] = Math.sqrt((m2 > 0 ? m2 : 0) / (n - 1));
    } else {
      dst[i] = NaN;
    }
  }
  return dst;
}

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
