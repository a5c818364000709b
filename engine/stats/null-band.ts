/**
 * The permutation null of the AUC as a band: where the AUC of a ranking that
 * knows nothing falls, for n episodes of which `positives` are durable. A
 * criterion is compared with this band rather than with one coin-flip draw,
 * which on a small sample can land anywhere in it.
 *
 * With untied scores the AUC of a random ranking is the Mann-Whitney U of a
 * uniformly random subset of ranks, divided by n1 n0; its distribution
 * depends only on (n1, n0). While the smaller class has at most
 * SIMULATE_UP_TO members the band is the type-7 quantiles of `draws` seeded
 * random rankings (a partial Fisher-Yates draw of the smaller class's ranks);
 * above that, the normal approximation of U (mean n1 n0 / 2, variance
 * n1 n0 (n + 1) / 12), whose error is far below the third decimal there.
 * Ties in real scores only narrow the null, so the band is conservative.
 * Bands are cached per (n, positives, level, draws, seed).
 */
import type { Interval } from '../results.ts';
import { quantileNoNaN } from './descriptive.ts';
import { normalQuantile } from './normal.ts';
import { FastRng, deriveSeed } from './random.ts';
import { shuffledSubsetSum } from './permutation.ts';

/** Above this size of the smaller class the band uses the normal approximation. */
export const SIMULATE_UP_TO = 200;
/** Random rankings drawn per simulated band. */
export const NULL_DRAWS = 4000;

const cache = new Map<string, Interval>();

/** The central `level` range of the AUC of random rankings of n items with `positives` positives. */
export function nullAucBand(n: number, positives: number, level: number, seed: string, draws = NULL_DRAWS): Interval {
  const n1 = positives, n0 = n - positives;
  if (!(Number.isInteger(n1) && Number.isInteger(n0) && n1 > 0 && n0 > 0) || !(level > 0 && level < 1)) return { lo: NaN, hi: NaN };
  const key = `${n}|${positives}|${level}|${draws}|${seed}`;
  let band = cache.get(key);
  if (!band) {
    band = Math.min(n1, n0) <= SIMULATE_UP_TO ? simulatedBand(n1, n0, level, deriveSeed(seed, `null-band|${n}|${positives}`), draws) : normalBand(n1, n0, level);
    cache.set(key, band);
  }
  return { ...band };
}

function simulatedBand(n1: number, n0: number, level: number, seed: string, draws: number): Interval {
  const m = n1 + n0;
  const k = Math.min(n1, n0);
  const ranks = new Float64Array(m);
  for (let i = 0; i < m; i++) ranks[i] = i + 1;
  const rng = new FastRng(seed);
  const targets = new Int32Array(k);
  const aucs = new Float64Array(draws);
  const denom = n1 * n0;
  for (let b = 0; b < draws; b++) {
    rng.fillShuffleTargets(targets, k, m);
    const s = shuffledSubsetSum(ranks, targets, k);
    // s is the rank sum of a random subset of size k; by symmetry it stands for either class.
    const u = s - (k * (k + 1)) / 2;
    aucs[b] = (k === n1 ? u : denom - u) / denom;
  }
  aucs.sort();
  const a = (1 - level) / 2;
  return { lo: quantileNoNaN(aucs, draws, a), hi: quantileNoNaN(aucs, draws, 1 - a) };
}

function normalBand(n1: number, n0: number, level: number): Interval {
  const sd = Math.sqrt((n1 + n0 + 1) / (12 * n1 * n0));
  const z = normalQuantile(1 - (1 - level) / 2);
  return { lo: 0.5 - z * sd, hi: 0.5 + z * sd };
}
