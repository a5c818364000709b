/**
 * Data hygiene of one price series: days that look like data errors rather
 * than market moves. A data-quality check of the file as a whole (it reads
 * the whole series, so it is never an input of a criterion), reported per
 * member with date and size.
 *
 * A day t is a jump when its log return is at least JUMP_SIGMAS times the
 * series' own robust daily volatility (1.4826 x the median absolute log
 * return) and at least MIN_JUMP in size. A jump is
 *  - a likely bad print when the next day takes it back: the next return has
 *    the opposite sign and the two together leave at most REVERSAL_LEFT of
 *    the jump;
 *  - a likely unadjusted split or spin-off when it does not reverse and the
 *    price ratio is within SPLIT_TOLERANCE of a simple split ratio (2, 3, 4,
 *    5, 10, 3/2, either way), or the close fell by at least a third (a
 *    spin-off or special distribution leaves a drop that is no loss to
 *    holders; a real crash of that size is flagged too, so check by hand).
 */
import { isoDate } from '../calendar.ts';

export const JUMP_SIGMAS = 8;
export const MIN_JUMP = 0.1;
export const REVERSAL_LEFT = 0.25;
export const SPLIT_TOLERANCE = 0.02;
const SPLIT_RATIOS = [2, 3, 4, 5, 10, 1.5];

export type HygieneKind = 'bad-print' | 'split-or-spin-off';

export interface PriceFlag {
  /** Index of the flagged day in the series. */
  index: number;
  date: string;
  kind: HygieneKind;
  /** The day's simple return (close / previous close - 1). */
  move: number;
  /** The next day's simple return (NaN on the last day). */
  next: number;
  note: string;
}

function robustSigma(r: Float64Array): number {
  const a = new Float64Array(r.length);
  let n = 0;
  for (let i = 0; i < r.length; i++) {
    const x = Math.abs(r[i]!);
    if (Number.isFinite(x)) a[n++] = x;
  }
  if (n === 0) return NaN;
  const mid = n >> 1;
  const upper = select(a, n, mid);
  return 1.4826 * (n % 2 ? upper : (maxBelow(a, mid) + upper) / 2);
}

/**
 * The k-th smallest of a[0, n) (what a[k] would be once sorted), in linear
 * expected time; a is reordered so that a[0, k) holds the k smaller values.
 */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) { const t = a[i]!; a[i] = a[j]!; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** The largest of a[0, k). */
function maxBelow(a: Float64Array, k: number): number {
  let m = -Infinity;
  for (let i = 0; i < k; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

function nearRatio(ratio: number): number | null {
  const big = ratio >= 1 ? ratio : 1 / ratio;
  for (const q of SPLIT_RATIOS) if (Math.abs(Math.log(big / q)) <= SPLIT_TOLERANCE) return q;
  return null;
}

function ratioText(q: number, up: boolean): string {
  const [a, b] = q === 1.5 ? [3, 2] : [q, 1];
  return up ? `${b}:${a}` : `${a}:${b}`;
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;

/** The flagged days of a close series (ascending dates, finite positive closes). */
export function scanPrices(dates: Int32Array, close: Float64Array): PriceFlag[] {
  const n = close.length;
  const r = new Float64Array(Math.max(n - 1, 0));
  for (let t = 1; t < n; t++) r[t - 1] = Math.log(close[t]! / close[t - 1]!);
  const sigma = robustSigma(r);
  const out: PriceFlag[] = [];
  if (!(sigma > 0)) return out;
  for (let t = 1; t < n; t++) {
    const x = r[t - 1]!;
    if (!(Math.abs(x) >= JUMP_SIGMAS * sigma && Math.abs(Math.expm1(x)) >= MIN_JUMP)) continue;
    const nx = t + 1 < n ? r[t]! : NaN;
    const move = Math.expm1(x), next = Math.expm1(nx);
    const size = `${pct(move)} (${(x / sigma).toFixed(1)} sigma)`;
    if (Number.isFinite(nx) && Math.sign(nx) === -Math.sign(x) && Math.abs(x + nx) <= REVERSAL_LEFT * Math.abs(x)) {
      out.push({ index: t, date: isoDate(dates[t]!), kind: 'bad-print', move, next, note: `${size}, reversed the next day (${pct(next)})` });
      t++; // the reversal is the same error
      continue;
    }
    const q = nearRatio(close[t]! / close[t - 1]!);
    if (q !== null) {
      out.push({ index: t, date: isoDate(dates[t]!), kind: 'split-or-spin-off', move, next, note: `${size}, near a ${ratioText(q, x > 0)} split ratio, not reversed` });
    } else if (move <= -1 / 3) {
      out.push({ index: t, date: isoDate(dates[t]!), kind: 'split-or-spin-off', move, next, note: `${size}, a fall of a third or more that does not reverse (spin-off or special distribution?)` });
    }
  }
  return out;
}
