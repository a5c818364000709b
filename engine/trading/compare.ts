/**
 * A row against buy-every-rally, episode by episode: for every episode of the
 * set that could be traded, the row's sized net return on it (0 when the row
 * did not trade it) minus buy-every-rally's (0 when it skipped it). The mean
 * of these differences is how much acting on the criterion added per episode;
 * its percentile interval resamples whole calendar years of decisions (block
 * bootstrap of the mean, `blockBootstrapMean` in engine/stats/resample.ts), seeded from the run seed and the row.
 */
import { blockBootstrapMean } from '../stats/resample.ts';
import { deriveSeed } from '../stats/random.ts';

export interface EpisodeDifference {
  episodes: number;
  mean: number;
  lo: number;
  hi: number;
}

function meanAt(d: Float64Array, idx: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < idx.length; i++) s += d[idx[i]!]!;
  return idx.length ? s / idx.length : NaN;
}

/**
 * `row` and `base` hold each episode's sized net return (0 when not traded),
 * `years` each episode's decision year, all in the same episode order.
 */
export function episodeDifference(row: readonly number[], base: readonly number[], years: readonly number[],
  opts: { resamples: number; level: number; runSeed: string; key: string }): EpisodeDifference {
  const n = row.length;
  const d = Float64Array.from(row, (x, i) => x - base[i]!);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const mean = meanAt(d, all);
  if (n === 0 || opts.resamples < 1) return { episodes: n, mean, lo: NaN, hi: NaN };
  const ci = blockBootstrapMean(d, {
    resamples: opts.resamples, level: opts.level, seed: deriveSeed(opts.runSeed, opts.key), groups: Int32Array.from(years),
  });
  return { episodes: n, mean, lo: ci.lo, hi: ci.hi };
}
