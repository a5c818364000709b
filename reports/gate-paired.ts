/**
 * The gate's paired comparison of one row: baseline and current scored the
 * same episodes, so the change of AUC, balanced accuracy or Brier score is measured on the
 * episodes both scored (with the same outcome), and its uncertainty by a
 * paired bootstrap: each resample draws episodes with replacement and takes
 * the difference of both runs' statistics on that same draw. The draws are
 * seeded from the row (not from the run), so a check is reproducible.
 *
 * When every shared episode has the same score and call in both runs the
 * difference is exactly 0 on every resample: the interval is [0, 0] with no
 * resampling at all (the common case, and why unchanged reruns never fail).
 */
import { deriveSeed, FastRng } from '../engine/stats/random.ts';
import { rankPrepare, type Ranked } from '../engine/stats/ranking.ts';
import { weightedAuc } from '../engine/stats/auc.ts';
import { percentileInterval, ResampleScheme } from '../engine/stats/resample.ts';

/** One side of a paired sample: scores, calls (1/0) and labels (1 durable / 0 not) of the shared episodes. */
export interface PairedSide {
  scores: Float64Array;
  calls: Float64Array;
}

export interface PairedChange {
  /** Episodes scored in both runs with the same outcome. */
  shared: number;
  baseline: number;
  current: number;
  /** current - baseline; NaN when the statistic is undefined on either side. */
  delta: number;
  /** Percentile interval of the difference over paired resamples (NaN when undefined). */
  lo: number;
  hi: number;
}

export interface PairedOptions {
  resamples: number;
  level: number;
  seed: string;
}

/** Balanced accuracy from weighted counts: (TPR + TNR) / 2; NaN when a class has no weight. */
function weightedBalancedAccuracy(calls: Float64Array, labels: Float64Array, w: ArrayLike<number>): number {
  let tp = 0, p = 0, tn = 0, n = 0;
  for (let i = 0; i < labels.length; i++) {
    const wi = w[i]!;
    if (labels[i]! > 0.5) { p += wi; tp += wi * calls[i]!; } else { n += wi; tn += wi * (1 - calls[i]!); }
  }
  return p > 0 && n > 0 ? 0.5 * (tp / p + tn / n) : NaN;
}

/** Brier score (mean squared difference of score and label) from weights; NaN when there is no weight. */
function weightedBrier(scores: Float64Array, labels: Float64Array, w: ArrayLike<number>): number {
  let sq = 0, n = 0;
  for (let i = 0; i < labels.length; i++) {
    const e = scores[i]! - labels[i]!;
    sq += w[i]! * e * e;
    n += w[i]!;
  }
  return n > 0 ? sq / n : NaN;
}

/** AUC of a weighted sample given in item order (the weights are moved to `r`'s sorted positions). */
function aucOfWeights(r: Ranked, w: ArrayLike<number>, buf: Float64Array): number {
  for (let p = 0; p < r.m; p++) buf[p] = w[r.item[p]!]!;
  return weightedAuc(r, buf);
}

function identical(a: PairedSide, b: PairedSide): boolean {
  for (let i = 0; i < a.scores.length; i++) if (a.scores[i] !== b.scores[i] || a.calls[i] !== b.calls[i]) return false;
  return true;
}

const unweighted = (m: number): Float64Array => new Float64Array(m).fill(1);

function change(shared: number, b: number, c: number, lo: number, hi: number): PairedChange {
  const delta = c - b;
  return Number.isNaN(delta) ? { shared, baseline: b, current: c, delta, lo: NaN, hi: NaN } : { shared, baseline: b, current: c, delta, lo, hi };
}

export interface PairedChanges {
  auc: PairedChange;
  balancedAccuracy: PairedChange;
  brier: PairedChange;
}

/** The paired change of AUC, of balanced accuracy and of the Brier score on one shared sample. */
export function pairedChanges(base: PairedSide, cur: PairedSide, labels: Float64Array, opts: PairedOptions): PairedChanges {
  const m = labels.length;
  const rb = rankPrepare(base.scores, labels, 'gate baseline');
  const rc = rankPrepare(cur.scores, labels, 'gate current');
  const one = unweighted(m);
  const buf = new Float64Array(m + 1);
  const aucB = aucOfWeights(rb, one, buf), aucC = aucOfWeights(rc, one, buf);
  const baB = weightedBalancedAccuracy(base.calls, labels, one), baC = weightedBalancedAccuracy(cur.calls, labels, one);
  const brB = weightedBrier(base.scores, labels, one), brC = weightedBrier(cur.scores, labels, one);
  if (m === 0 || identical(base, cur)) {
    return { auc: change(m, aucB, aucC, 0, 0), balancedAccuracy: change(m, baB, baC, 0, 0), brier: change(m, brB, brC, 0, 0) };
  }
  const scheme = new ResampleScheme(m);
  const rng = new FastRng(deriveSeed(opts.seed, 'paired'));
  const w = scheme.weights();
  const dAuc = new Float64Array(opts.resamples), dBa = new Float64Array(opts.resamples), dBr = new Float64Array(opts.resamples);
  for (let k = 0; k < opts.resamples; k++) {
    scheme.draw(rng, w);
    dAuc[k] = aucOfWeights(rc, w, buf) - aucOfWeights(rb, w, buf);
    dBa[k] = weightedBalancedAccuracy(cur.calls, labels, w) - weightedBalancedAccuracy(base.calls, labels, w);
    dBr[k] = weightedBrier(cur.scores, labels, w) - weightedBrier(base.scores, labels, w);
  }
  const ia = percentileInterval(dAuc, opts.level), ib = percentileInterval(dBa, opts.level), ir = percentileInterval(dBr, opts.level);
  return { auc: change(m, aucB, aucC, ia.lo, ia.hi), balancedAccuracy: change(m, baB, baC, ib.lo, ib.hi), brier: change(m, brB, brC, ir.lo, ir.hi) };
}
