/**
 * Forward-return fans: the median and interquartile range, day by day, of
 * the cumulative returns of a group of episodes; and score quintiles that
 * keep tied scores together.
 */
import type { FanBand } from '../results.ts';
import { quantileNoNaN } from './descriptive.ts';

/** Below this many values an insertion sort in place beats a typed-array sort call (a fan's groups are small). */
const INSERTION_MAX = 64;

/** less-than in the order of Float64Array.prototype.sort for finite values (-0 before +0). */
const before = (a: number, b: number): boolean => a < b || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0));

/** v[0..k) sorted ascending, in place: the same order as v.subarray(0, k).sort(). */
function sortedPrefix(v: Float64Array, k: number): Float64Array {
  if (k > INSERTION_MAX) return v.subarray(0, k).sort();
  for (let i = 1; i < k; i++) {
    const x = v[i]!;
    let j = i - 1;
    while (j >= 0 && before(x, v[j]!)) { v[j + 1] = v[j]!; j--; }
    v[j + 1] = x;
  }
  return v;
}

/**
 * The fan of `paths` (each holds one cumulative return per fan day; NaN where
 * unknown): at each day the type-7 quartiles and median of the known values.
 */
export function fanBand(group: string, paths: ReadonlyArray<ArrayLike<number>>, days: number): FanBand {
  const band: FanBand = { group, n: paths.length, count: [], q25: [], median: [], q75: [] };
  const v = new Float64Array(paths.length);
  for (let d = 0; d < days; d++) {
    let k = 0;
    for (const p of paths) {
      const x = p[d]!;
      if (Number.isFinite(x)) v[k++] = x;
    }
    const xs = sortedPrefix(v, k);
    band.count.push(k);
    band.q25.push(quantileNoNaN(xs, k, 0.25));
    band.median.push(quantileNoNaN(xs, k, 0.5));
    band.q75.push(quantileNoNaN(xs, k, 0.75));
  }
  return band;
}

/**
 * Quintile (0..4, 4 = highest scores) of each score, cut at the type-7
 * quantiles 0.2, 0.4, 0.6 and 0.8 of the scores: a score goes to the first
 * quintile whose upper cut it does not exceed, so equal scores always share
 * a quintile. null when the scores take fewer than 5 distinct values (the
 * quintiles would not be groups of the scores' own making).
 */
export function scoreQuintiles(scores: ArrayLike<number>): Int8Array | null {
  const sorted = Float64Array.from(scores).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct < 5) return null;
  const cuts = [0.2, 0.4, 0.6, 0.8].map((q) => quantileNoNaN(sorted, sorted.length, q));
  const out = new Int8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    let b = 0;
    while (b < 4 && scores[i]! > cuts[b]!) b++;
    out[i] = b;
  }
  return out;
}
