/**
 * Areas under curves: ROC AUC (Mann-Whitney), the ROC curve's vertices and
 * the PR AUC as average precision.
 */
import { mannWhitneyU, rankPrepare, type Ranked } from './ranking.ts';

/**
 * ROC AUC = Mann-Whitney U / (n1 n0): the probability that a random durable
 * item scores above a random non-durable one, ties counted half. O(n log n).
 * NaN if either class is empty (after dropping NaN scores / labels).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return rankedAuc(rankPrepare(scores, labels, 'rocAuc'));
}

/** `rocAuc` of items already ranked by `rankPrepare`. */
export function rankedAuc(r: Ranked): number {
  if (r.n1 === 0 || r.n0 === 0) return NaN;
  return mannWhitneyU(r) / (r.n1 * r.n0);
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/**
 * ROC curve as the vertices of the empirical step curve. Point k is the
 * (false positive rate, true positive rate) of the rule "call durable when
 * score >= thresholds[k]". thresholds[0] = +Infinity gives (0, 0); then one
 * point per distinct score, descending, ending at (1, 1) with the smallest
 * score. Tied scores form a single point, so a tie group is a diagonal
 * segment, and the trapezoidal area under these points equals `rocAuc`.
 * Empty arrays if either class is empty.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  return rankedRocCurve(rankPrepare(scores, labels, 'rocCurve'));
}

/** `rocCurve` of items already ranked by `rankPrepare`. */
export function rankedRocCurve(r: Ranked): RocCurve {
  const fpr: number[] = [];
  const tpr: number[] = [];
  const thresholds: number[] = [];
  if (r.n1 === 0 || r.n0 === 0) return { fpr, tpr, thresholds };
  fpr.push(0);
  tpr.push(0);
  thresholds.push(Infinity);
  let tp = 0;
  let fp = 0;
  for (let g = r.groups - 1; g >= 0; g--) {
    const a = r.groupStart[g]!;
    const b = r.groupStart[g + 1]!;
    for (let p = a; p < b; p++) {
      if (r.pos[p] === 1) tp++;
      else fp++;
    }
    fpr.push(fp / r.n0);
    tpr.push(tp / r.n1);
    thresholds.push(r.score[a]!);
  }
  return { fpr, tpr, thresholds };
}

/**
 * Area under the precision-recall curve as AVERAGE PRECISION (the
 * scikit-learn definition, no interpolation):
 *   AP = sum_k (R_k - R_{k-1}) P_k
 * over the thresholds "score >= t" for each distinct score t, descending,
 * where P_k and R_k are precision and recall at threshold k (R_0 = 0). Tied
 * scores enter together as one threshold. Equivalently, with no ties, the mean
 * over durable items of the precision at that item's rank.
 * NaN if there are no durable items; 1 if there are no non-durable ones. The
 * chance level is the base rate n1 / n, not 0.5.
 */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return rankedPrAuc(rankPrepare(scores, labels, 'prAuc'));
}

/** `prAuc` of items already ranked by `rankPrepare`. */
export function rankedPrAuc(r: Ranked): number {
  if (r.n1 === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let g = r.groups - 1; g >= 0; g--) {
    const end = r.groupStart[g + 1]!;
    let gp = 0;
    for (let p = r.groupStart[g]!; p < end; p++) {
      if (r.pos[p] === 1) gp++;
      else fp++;
    }
    if (gp > 0) {
      tp += gp;
      ap += (gp / r.n1) * (tp / (tp + fp));
    }
  }
  return ap;
}

/**
 * ROC AUC of a weighted sample (a bootstrap resample as multiplicities):
 * the item at sorted position p of `r` counts w[p] times. The weighted
 * Mann-Whitney U in one sweep over the tie groups,
 *   U = sum over groups g of W1(g) * (W0(below g) + W0(g) / 2),
 * AUC = U / (W1 W0), with no branch on the labels. All terms are multiples of
 * 0.5, so U is exact. NaN when either class has no weight (0 / 0).
 */
export function weightedAuc(r: Ranked, w: Float64Array): number {
  const { pos, groupStart, groups } = r;
  let u = 0;
  let negBelow = 0;
  let w1 = 0;
  for (let g = 0; g < groups; g++) {
    const end = groupStart[g + 1]!;
    let gp = 0;
    let gn = 0;
    for (let p = groupStart[g]!; p < end; p++) {
      const wp = w[p]!;
      const a = wp * pos[p]!;
      gp += a;
      gn += wp - a;
    }
    u += gp * (negBelow + 0.5 * gn);
    negBelow += gn;
    w1 += gp;
  }
  return u / (w1 * negBelow);
}
