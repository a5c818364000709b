/**
 * Rolling-window indicators (sums, means, extremes, standard deviation) and the
 * helpers every indicator shares. The contract (causal, O(length), shape-preserving,
 * missing values) is stated in indicators.ts, which re-exports these.
 */

/** Any indexable numeric column (Float64Array in the engine; arrays in tests). */
export type NumericArray = ArrayLike<number>;


// ---------------------------------------------------------------------------
// Internal helpers
// ---------------------------------------------------------------------------

export function checkWindow(n: number, name: string): void {
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
export function io(x: NumericArray, out: Float64Array | undefined, name: string): [NumericArray, Float64Array] {
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

/** Mean, and corrected two-pass sums of deviations and squared deviations, of the clean window x[start..end]. */
function windowMoments(src: NumericArray, start: number, end: number): { mu: number; sq: number; dev: number } {
  let s = 0;
  for (let j = start; j <= end; j++) s += src[j]!;
  const mu = s / (end - start + 1);
  let sq = 0;
  let dev = 0;
  for (let j = start; j <= end; j++) {
    const d = src[j]! - mu;
    sq += d * d;
    dev += d;
  }
  return { mu, sq, dev };
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
        const { mu, sq, dev } = windowMoments(src, i - n + 1, i);
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

