/**
 * One-sided permutation test of AUC > 0.5 (label permutations of the ranks).
 */
import { midranks, rankPrepare, type Ranked } from './ranking.ts';
import { FastRng } from './random.ts';

export interface PermutationOptions {
  /** Number of label permutations B (default 2000). */
  permutations?: number;
  seed: string;
  /** Only 'auc' is supported. */
  statistic?: 'auc';
}

/**
 * One-sided permutation p-value for "the criterion ranks durable items above
 * non-durable ones better than chance", using AUC as the statistic:
 *   p = (1 + #{b : AUC_b >= AUC_obs}) / (1 + B).
 * This p-value is valid (P(p <= a) <= a under the null) and never 0.
 *
 * Speed: midranks of the scores are computed once; a permutation of the
 * labels only decides WHICH n1 items are positive, and
 *   AUC = (sum of positives' midranks - n1(n1+1)/2) / (n1 n0),
 * so each permutation is a partial Fisher-Yates shuffle of the midrank vector
 * that draws a uniformly random subset of size k = min(n1, n0) (k `FastRng` draws;
 * the same distribution as a full Fisher-Yates shuffle of the labels). The
 * comparison uses exact rank sums (multiples of 0.5), so ties with the
 * observed AUC are counted exactly. Items with NaN score or label are
 * excluded first. NaN when either class is empty.
 */
export function permutationPValue(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: PermutationOptions,
): number {
  const B = opts.permutations ?? 2000;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`permutationPValue: permutations must be a positive integer, got ${B}`);
  if ((opts.statistic ?? 'auc') !== 'auc') throw new RangeError(`permutationPValue: unsupported statistic ${String(opts.statistic)}`);
  return rankedPermutationPValue(rankPrepare(scores, labels, 'permutationPValue'), B, opts.seed);
}

/** `permutationPValue` with B permutations of items already ranked by `rankPrepare`. */
export function rankedPermutationPValue(r: Ranked, B: number, seed: string): number {
  const { m, n1, n0 } = r;
  if (n1 === 0 || n0 === 0) return NaN;
  const ranks = midranks(r);
  let obs = 0; // rank sum of the positives
  for (let p = 0; p < m; p++) if (r.pos[p] === 1) obs += ranks[p]!;
  const total = (m * (m + 1)) / 2;
  const pickPositives = n1 <= n0;
  const k = pickPositives ? n1 : n0;
  // Count r1 >= obs without a branch: r1 = s (picking positives) or total - s.
  const sign = pickPositives ? 1 : -1;
  const bar = pickPositives ? obs : obs - total;
  const rng = new FastRng(seed);
  const targets = new Int32Array(k);
  let atLeast = 0;
  for (let b = 0; b < B; b++) {
    rng.fillShuffleTargets(targets, k, m);
    let s = 0;
    for (let i = 0; i < k; i++) {
      const j = targets[i]!;
      const t = ranks[j]!;
      ranks[j] = ranks[i]!;
      ranks[i] = t;
      s += t;
    }
    atLeast += sign * s >= bar ? 1 : 0;
  }
  return (1 + atLeast) / (1 + B);
}
