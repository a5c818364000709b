/**
 * Alternate histories from real data: the stationary bootstrap of Politis &
 * Romano (1994). A path's daily log returns are drawn in blocks from the
 * source's returns: the first block starts at a uniformly drawn return, each
 * next day continues the current block with probability 1 - 1/B (wrapping
 * from the last return to the first) or starts a new block at a uniform
 * position with probability 1/B, so block lengths are geometric with mean B.
 * Returns are therefore stationary, with the source's distribution and its
 * short-range dependence (volatility clusters within blocks), while anything
 * that predicts the future from the past across block boundaries is broken:
 * beyond about one block the past carries no information about the future,
 * so the criteria's scores on these paths are their null distribution (with
 * a 126-day outcome horizon and 20-day blocks, only the first days after a
 * decision can share its block).
 *
 * Each path keeps the source's calendar and first close; close[k] =
 * close[k-1] * exp(r*). Bars travel with their return: the open/high/low of
 * path day k are the source day's ratios to its close, applied to the new
 * close (a missing one is written as the close, like the real ^GSPC before
 * 1962); volume is the source day's volume relative to its trailing 50-day
 * geometric mean, times that mean at the path day's own date (so the level
 * of volume follows the calendar), 0 (= missing) where either is unknown.
 */
import type { Rng } from './random.ts';
import { nullWorldYearDays } from '../../engine/data/null-world.ts';

/** A mean block length in days, or `years`: whole July-June years drawn with replacement (engine/data/null-world.ts). */
export type BootstrapBlock = number | 'years';

/** n-1 return indices into [0, n-1) that resample whole July-June years of the source's days. */
export function yearIndices(days: Int32Array, rng: Rng): Int32Array {
  const map = nullWorldYearDays(days, 0, { uniform: () => rng.uniform(), index: (n) => rng.int(n) });
  return Int32Array.from(map.subarray(1), (s) => s - 1);
}

export interface PriceSource {
  days: Int32Array;
  close: Float64Array;
  /** NaN = missing. */
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  volume: Float64Array;
}

export interface BootstrapPath {
  close: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  volume: Float64Array;
  /** Source return index used on each day (day 0: -1). */
  from: Int32Array;
}

/** n-1 return indices into [0, m) by the stationary bootstrap with mean block length `block`. */
export function stationaryIndices(m: number, count: number, block: number, rng: Rng): Int32Array {
  const out = new Int32Array(count);
  const p = 1 / block;
  let j = rng.int(m);
  for (let k = 0; k < count; k++) {
    if (k > 0) j = rng.chance(p) ? rng.int(m) : (j + 1) % m;
    out[k] = j;
  }
  return out;
}

/** Trailing geometric mean of the last `w` known positive volumes up to each day (NaN before any). */
function trailingGeoMean(v: Float64Array, w: number): Float64Array {
  const out = new Float64Array(v.length).fill(NaN);
  const q: number[] = [];
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x > 0) {
      q.push(Math.log(x));
      s += Math.log(x);
      if (q.length > w) s -= q.shift()!;
    }
    if (q.length > 0) out[i] = Math.exp(s / q.length);
  }
  return out;
}

export function bootstrapPath(src: PriceSource, block: BootstrapBlock, rng: Rng): BootstrapPath {
  const n = src.close.length;
  const m = n - 1;
  const logRet = new Float64Array(m);
  for (let j = 0; j < m; j++) logRet[j] = Math.log(src.close[j + 1]! / src.close[j]!);
  const gm = trailingGeoMean(src.volume, 50);
  const idx = block === 'years' ? yearIndices(src.days, rng) : stationaryIndices(m, m, block, rng);
  const close = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n);
  const volume = new Float64Array(n);
  const from = new Int32Array(n);
  const bar = (k: number, s: number): void => {
    const c = close[k]!, cs = src.close[s]!;
    const o = src.open[s]!, h = src.high[s]!, l = src.low[s]!;
    const known = Number.isFinite(o) && Number.isFinite(h) && Number.isFinite(l);
    open[k] = known ? (c * o) / cs : c;
    high[k] = known ? Math.max((c * h) / cs, open[k]!, c) : c;
    low[k] = known ? Math.min((c * l) / cs, open[k]!, c) : c;
    const rv = src.volume[s]! / gm[s]!;
    const vol = rv * gm[k]!;
    volume[k] = Number.isFinite(vol) && vol > 0 ? Math.max(1, Math.round(vol)) : 0;
  };
  close[0] = src.close[0]!;
  from[0] = -1;
  bar(0, 0);
  for (let k = 1; k < n; k++) {
    const j = idx[k - 1]!;
    close[k] = close[k - 1]! * Math.exp(logRet[j]!);
    from[k] = j;
    bar(k, j + 1);
  }
  return { close, open, high, low, volume, from };
}

/** Price text with enough digits for any level (6 decimals, or 8 significant digits below 1). */
export function priceText(x: number): string {
  return x >= 1 ? x.toFixed(6) : x.toPrecision(8);
}

/** A path in the Yahoo layout (Adj Close = Close). */
export function pathCsv(days: Int32Array, p: BootstrapPath, iso: (d: number) => string): string {
  const out: string[] = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  for (let k = 0; k < days.length; k++) {
    const c = priceText(p.close[k]!);
    out.push(`${iso(days[k]!)},${priceText(p.open[k]!)},${priceText(p.high[k]!)},${priceText(p.low[k]!)},${c},${c},${p.volume[k]!}`);
  }
  return `${out.join('\n')}\n`;
}
