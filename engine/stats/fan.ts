/**
 * Forward-return fans: the median and interquartile range, day by day, of
 * the cumulative returns of a group of episodes; and score quintiles that
 * keep tied scores together.
 */
import type { FanBand } from '../results.ts';
import { quantileNoNaN } from './descriptive.ts';

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
    const xs = v.subarray(0, k).sort();
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
