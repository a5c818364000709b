/**
 * Descriptive statistics: mean, median and quantiles that skip NaN, the
 * small-sample warning printed next to a row's figures, and the wide AUC
 * interval a tiny sample gets.
 */
import { normalQuantile } from './normal.ts';

/** Arithmetic mean of the non-NaN values; NaN when there are none. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      s += v;
      k++;
    }
  }
  return k === 0 ? NaN : s / k;
}

/**
 * Quantile of an ascending-sorted array, by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the R / NumPy default):
 * h = (N-1) q, result = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * NaN entries are ignored wherever they sit (the order of the rest is kept).
 * NaN when no non-NaN values remain or q is outside [0, 1].
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) return NaN;
  let hasNaN = false;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i]) {
      hasNaN = true;
      break;
    }
  }
  let xs: ArrayLike<number> = sorted;
  if (hasNaN) {
    const kept: number[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i]!;
      if (v === v) kept.push(v);
    }
    xs = kept;
  }
  return quantileNoNaN(xs, xs.length, q);
}

/** Type-7 quantile of the first `len` entries of a sorted, NaN-free array. */
export function quantileNoNaN(xs: ArrayLike<number>, len: number, q: number): number {
  if (len === 0) return NaN;
  if (len === 1) return xs[0]!;
  const h = (len - 1) * q;
  const lo = Math.floor(h);
  if (lo >= len - 1) return xs[len - 1]!;
  const a = xs[lo]!;
  const b = xs[lo + 1]!;
  const frac = h - lo;
  return frac === 0 ? a : a + frac * (b - a);
}

/**
 * The same type-7 quantile of the first `len` entries of a NaN-free but
 * UNSORTED array, found by selection instead of sorting (O(len) on average;
 * the entries are reordered in place). Equal to quantileNoNaN of the sorted
 * entries, to the last bit: the same two order statistics, the same formula.
 */
export function selectQuantile(xs: Float64Array, len: number, q: number): number {
  return selectQuantileFrom(xs, len, q, 0).value;
}

/**
 * Both ends of a percentile interval by selection: the qLo and qHi
 * (qLo <= qHi) type-7 quantiles of the first `len` entries (NaN-free,
 * reordered in place). The second selection only searches above the first.
 */
export function selectQuantiles(xs: Float64Array, len: number, qLo: number, qHi: number): [number, number] {
  const lo = selectQuantileFrom(xs, len, qLo, 0);
  return [lo.value, selectQuantileFrom(xs, len, qHi, lo.index).value];
}

/**
 * `selectQuantile` when entries [0, from) are already no larger than any
 * entry from `from` on and the quantile's order statistic lies at or above
 * `from` (as after an earlier call for a lower q, which returns its `index`).
 */
function selectQuantileFrom(xs: Float64Array, len: number, q: number, from: number): { value: number; index: number } {
  if (len === 0) return { value: NaN, index: 0 };
  const h = (len - 1) * q;
  const lo = Math.floor(h);
  if (lo >= len - 1) {
    selectKth(xs, len - 1, from, len);
    return { value: xs[len - 1]!, index: len - 1 };
  }
  selectKth(xs, lo, from, len);
  const a = xs[lo]!;
  let b = Infinity;
  for (let i = lo + 1; i < len; i++) b = Math.min(b, xs[i]!); // the next order statistic
  const frac = h - lo;
  return { value: frac === 0 ? a : a + frac * (b - a), index: lo };
}

/**
 * Reorders entries [from, len) of xs so that xs[k] is the k-th smallest of
 * them, nothing after it smaller and nothing before it larger (Hoare's
 * selection with a median-of-three pivot, as in Wirth's "Algorithms + Data
 * Structures").
 */
function selectKth(xs: Float64Array, k: number, from: number, len: number): void {
  let lo = from;
  let hi = len - 1;
  while (lo < hi) {
    const x = medianOfThree(xs[lo]!, xs[(lo + hi) >>> 1]!, xs[hi]!);
    let i = lo;
    let j = hi;
    do {
      while (xs[i]! < x) i++;
      while (x < xs[j]!) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/** Median of the non-NaN values (average of the middle two for even counts); NaN when none. */
export function median(values: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) k++;
  const xs = new Float64Array(k);
  k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) xs[k++] = v;
  }
  xs.sort();
  return quantileNoNaN(xs, k, 0.5);
}

/**
 * Human-readable small-sample warning. '' when n >= 30 and each class has at
 * least 5 members; otherwise the reasons joined by '; ', e.g.
 * "n=12 < 30; only 3 durable".
 */
export function smallSampleFlag(n: number, positives: number, negatives: number): string {
  const reasons: string[] = [];
  if (n < 30) reasons.push(`n=${n} < 30`);
  if (positives < MIN_CLASS) reasons.push(`only ${positives} durable`);
  if (negatives < MIN_CLASS) reasons.push(`only ${negatives} not durable`);
  return reasons.join('; ');
}

/** Fewer episodes of a class than this make a row a small sample, and its AUC interval at least tinySampleAucInterval's. */
export const MIN_CLASS = 5;

/**
 * An AUC interval for a row with fewer than MIN_CLASS episodes of a class: the
 * hull of `ci` (a bootstrap or cluster interval, which degenerates there: three
 * episodes perfectly separated give every resample AUC 1, an interval [1, 1])
 * and the Wilson score interval at `level` of the AUC read as a proportion of
 * m = min(n1, n0) trials. By Van Dantzig's bound Var(AUC) <= AUC (1 - AUC) / m,
 * so that interval is at least as wide as the AUC's sampling spread: a tiny
 * sample gets a wide interval (n1 = 2 and AUC 1: [0.34, 1] at 95%). Rows with
 * MIN_CLASS or more of each class keep `ci` as it is.
 */
export function tinySampleAucInterval(ci: { lo: number; hi: number }, auc: number, n1: number, n0: number, level: number): { lo: number; hi: number } {
  const m = Math.min(n1, n0);
  if (m >= MIN_CLASS || m < 1 || !Number.isFinite(auc)) return ci;
  const z = normalQuantile((1 + level) / 2);
  const z2 = z * z;
  const centre = (auc + z2 / (2 * m)) / (1 + z2 / m);
  const half = (z * Math.sqrt((auc * (1 - auc)) / m + z2 / (4 * m * m))) / (1 + z2 / m);
  const lo = Math.max(0, centre - half), hi = Math.min(1, centre + half);
  return { lo: ci.lo === ci.lo ? Math.min(ci.lo, lo) : lo, hi: ci.hi === ci.hi ? Math.max(ci.hi, hi) : hi };
}
