/**
 * Indicators that need the trading calendar as well as the column (the
 * others, in indicators.ts, see the column only). Same contract: CAUSAL
 * (output[i] depends only on x[0..i] and dates[0..i]), shape-preserving, a
 * value is present iff finite, and computed once per dataset through the
 * IndicatorCache (engine/data/view.ts).
 */
import { isLastBarOfMonth } from '../calendar.ts';

/** Index of the first element of sorted `a[0..len)` that is >= v. */
function lowerBound(a: Float64Array, len: number, v: number): number {
  let lo = 0, hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The r-th smallest of sorted[0..m) with v inserted at p (when `present`). */
function kthWith(sorted: Float64Array, present: boolean, p: number, v: number, r: number): number {
  return !present || r < p ? sorted[r]! : r === p ? v : sorted[r - 1]!;
}

/**
 * Expanding median of one reading per calendar month: at bar i, the median of
 * the present values of x on the last bar of every earlier month, and of x[i]
 * itself (the current month's reading so far) when present. NaN until a value
 * is present. Whether bar j < i closes its month is known at i (bar j+1 <= i
 * is in another month), so the output is causal; on a calendar cut at i the
 * value at i is the same.
 *
 * O(n log m + m^2) for n bars and m months (each month's reading is inserted
 * into a sorted buffer once); the median at each bar is read from the buffer
 * with the bar's own value counted in, without copying or allocating.
 */
export function monthlyMedian(x: ArrayLike<number>, dates: Int32Array): Float64Array {
  const n = Math.min(x.length, dates.length);
  const out = new Float64Array(x.length).fill(NaN);
  const sorted = new Float64Array(n);
  let m = 0; // month readings in `sorted`
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const present = Number.isFinite(v);
    const p = present ? lowerBound(sorted, m, v) : m;
    const len = present ? m + 1 : m;
    if (len > 0) {
      out[i] = len % 2 === 1
        ? kthWith(sorted, present, p, v, (len - 1) / 2)
        : (kthWith(sorted, present, p, v, len / 2 - 1) + kthWith(sorted, present, p, v, len / 2)) / 2;
    }
    if (present && i + 1 < n && isLastBarOfMonth(dates, i)) {
      sorted.copyWithin(p + 1, p, m);
      sorted[p] = v;
      m++;
    }
  }
  return out;
}
