/**
 * Permutation tests of AUC = 0.5 (label permutations of the ranks): the
 * two-sided p-value the run reports, and both one-sided ones from the same
 * permutations.
 */
import { midranks, rankPrepare, type Ranked } from './ranking.ts';
import { FastRng } from './random.ts';

export type Alternative = 'two-sided' | 'greater' | 'less';

export interface PermutationOptions {
  /** Number of label permutations B (default 2000). */
  permutations?: number;
  seed: string;
  /** Only 'auc' is supported. */
  statistic?: 'auc';
  /** 'greater' (AUC > 0.5, the default here), 'less' (AUC < 0.5) or 'two-sided' (|AUC - 0.5|, what a run reports). */
  alternative?: Alternative;
}

/** The three p-values of one permutation test (the same permutations). */
export interface PermutationTest {
  /** (1 + #{b : |AUC_b - 0.5| >= |AUC_obs - 0.5|}) / (1 + B). */
  twoSided: number;
  /** (1 + #{b : AUC_b >= AUC_obs}) / (1 + B): evidence that AUC > 0.5. */
  above: number;
  /** (1 + #{b : AUC_b <= AUC_obs}) / (1 + B): evidence that AUC < 0.5. */
  below: number;
}

/** No test was run (no permutations, or nothing to test): every p-value NaN. */
export const UNTESTED: Readonly<PermutationTest> = Object.freeze({ twoSided: NaN, above: NaN, below: NaN });

/**
 * Permutation p-value for "the criterion ranks durable items apart from
 * non-durable ones better than chance", using AUC as the statistic; e.g.
 * one-sided p = (1 + #{b : AUC_b >= AUC_obs}) / (1 + B).
 * This p-value is valid (P(p <= a) <= a under the null) and never 0.
 *
 * Speed: midranks of the scores are computed once; a permutation of the
 * labels only decides WHICH n1 items are positive, and
 *   AUC = (sum of positives' midranks - n1(n1+1)/2) / (n1 n0),
 * so each permutation is a partial Fisher-Yates shuffle of the midrank vector
 * that draws a uniformly random subset of size k = min(n1, n0) (k `FastRng` draws;
 * the same distribution as a full Fisher-Yates shuffle of the labels). The
 * comparisons use exact rank sums (multiples of 0.5; the two-sided one their
 * distance from the null mean n1(m+1)/2, also a multiple of 0.5), so ties
 * with the observed AUC are counted exactly. Items with NaN score or label
 * are excluded first. NaN when either class is empty.
 */
export function permutationPValue(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: PermutationOptions,
): number {
  const B = opts.permutations ?? 2000;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`permutationPValue: permutations must be a positive integer, got ${B}`);
  if ((opts.statistic ?? 'auc') !== 'auc') throw new RangeError(`permutationPValue: unsupported statistic ${String(opts.statistic)}`);
  const t = rankedPermutationTest(rankPrepare(scores, labels, 'permutationPValue'), B, opts.seed);
  const alt = opts.alternative ?? 'greater';
  return alt === 'two-sided' ? t.twoSided : alt === 'less' ? t.below : t.above;
}

/** The one-sided (AUC > 0.5) p-value with B permutations of items already ranked by `rankPrepare`. */
export function rankedPermutationPValue(r: Ranked, B: number, seed: string): number {
  return rankedPermutationTest(r, B, seed).above;
}

/**
 * What every permutation of a ranked sample draws from: the items' midranks
 * (shuffled in place by the draws), the positives' observed rank sum, its
 * null mean and distance from it, and which class's subset the draws pick
 * (the smaller one, k items; `pickPositives` says whether that is the positives).
 */
interface PermutationFrame {
  ranks: Float64Array;
  obs: number;
  total: number;
  center: number;
  obsDist: number;
  pickPositives: boolean;
  k: number;
}

function permutationFrame(r: Ranked): PermutationFrame {
  const { m, n1, n0 } = r;
  const ranks = midranks(r);
  let obs = 0; // rank sum of the positives
  for (let p = 0; p < m; p++) if (r.pos[p] === 1) obs += ranks[p]!;
  const center = (n1 * (m + 1)) / 2; // the positives' rank sum under the null, on average
  const pickPositives = n1 <= n0;
  return { ranks, obs, total: (m * (m + 1)) / 2, center, obsDist: Math.abs(obs - center), pickPositives, k: pickPositives ? n1 : n0 };
}

/** The permutation test with B permutations of items already ranked by `rankPrepare`: all three p-values. */
export function rankedPermutationTest(r: Ranked, B: number, seed: string): PermutationTest {
  if (r.n1 === 0 || r.n0 === 0) return { twoSided: NaN, above: NaN, below: NaN };
  const { ranks, obs, total, center, obsDist, pickPositives, k } = permutationFrame(r);
  const rng = new FastRng(seed);
  const targets = new Int32Array(k);
  let atLeast = 0, atMost = 0, asFar = 0;
  for (let b = 0; b < B; b++) {
    rng.fillShuffleTargets(targets, k, r.m);
    const s = shuffledSubsetSum(ranks, targets, k);
    const r1 = pickPositives ? s : total - s;
    atLeast += r1 >= obs ? 1 : 0;
    atMost += r1 <= obs ? 1 : 0;
    asFar += Math.abs(r1 - center) >= obsDist ? 1 : 0;
  }
  return { twoSided: (1 + asFar) / (1 + B), above: (1 + atLeast) / (1 + B), below: (1 + atMost) / (1 + B) };
}

/**
 * Whether the two-sided test rejects at `alpha`: exactly
 * `rankedPermutationTest(r, B, seed).twoSided <= alpha` (the same draws, the
 * same decision), but it stops as soon as too many permutations are at least
 * as far from the null as the observed sum for p to reach alpha. Power
 * simulations need only the decision.
 */
export function rankedPermutationRejects(r: Ranked, B: number, seed: string, alpha: number): boolean {
  if (r.n1 === 0 || r.n0 === 0) return false; // p is NaN: never <= alpha
  const { ranks, total, center, obsDist, pickPositives, k } = permutationFrame(r);
  const rng = new FastRng(seed);
  const targets = new Int32Array(k);
  let asFar = 0;
  for (let b = 0; b < B; b++) {
    rng.fillShuffleTargets(targets, k, r.m);
    const s = shuffledSubsetSum(ranks, targets, k);
    const r1 = pickPositives ? s : total - s;
    if (Math.abs(r1 - center) >= obsDist && (1 + ++asFar) / (1 + B) > alpha) return false; // p only grows from here
  }
  return (1 + asFar) / (1 + B) <= alpha;
}

/**
 * One permutation step shared by the permutation test and the null band: the
 * partial Fisher-Yates swaps given by `targets` move a random subset of size k
 * into ranks[0..k-1] (in place), and its sum is returned.
 */
export function shuffledSubsetSum(ranks: Float64Array, targets: Int32Array, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) {
    const j = targets[i]!;
    const t = ranks[j]!;
    ranks[j] = ranks[i]!;
    ranks[i] = t;
    s += t;
  }
  return s;
}
