/**
 * The bootstrap intervals of a metrics row: ROC AUC, balanced accuracy and
 * Brier score from ONE resample set per scheme, shared by the three
 * statistics (each resample is a weight per item; the three are computed in
 * one branch-free pass over the items sorted by score). Buffers are
 * allocated once per call, never per resample.
 */
import { rankPrepare, type Ranked } from './ranking.ts';
import { checkBootstrapOptions, percentileInterval, ResampleScheme, type Interval } from './resample.ts';
import { FastRng } from './random.ts';
import { percentileBootstrapTest } from './bootstrap-test.ts';
import type { PermutationTest } from './permutation.ts';

export interface RowSample {
  scores: ArrayLike<number>;
  /** 1 durable, 0 not (NaN: left out). */
  labels: ArrayLike<number>;
  /** 1 called durable, 0 not. */
  calls: ArrayLike<number>;
}

export interface RowIntervals {
  auc: Interval;
  balancedAccuracy: Interval;
  brier: Interval;
  /** With `opts.aucTest`: the bootstrap test of AUC = 0.5 from the same resamples (engine/stats/bootstrap-test.ts). */
  aucTest?: PermutationTest;
}

/** Per sorted position: the 0/1 terms the statistics sum, weighted by the resample. */
interface RowTerms {
  ranked: Ranked;
  /** 1 if durable. */
  y: Float64Array;
  /** 1 if durable and called durable (true positive). */
  yc: Float64Array;
  /** 1 if not durable and not called durable (true negative). */
  nn: Float64Array;
  /** (score - label)^2. */
  d2: Float64Array;
}

function rowTerms(sample: RowSample, ranked: Ranked): RowTerms {
  const { m, item, pos, score } = ranked;
  const y = new Float64Array(m), yc = new Float64Array(m), nn = new Float64Array(m), d2 = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const yp = pos[p]!;
    const c = sample.calls[item[p]!]! > 0.5 ? 1 : 0;
    y[p] = yp;
    yc[p] = yp * c;
    nn[p] = (1 - yp) * (1 - c);
    d2[p] = (score[p]! - yp) ** 2;
  }
  return { ranked, y, yc, nn, d2 };
}

/**
 * The three statistics of resample `b` (weights `w` by sorted position) into
 * auc[b], ba[b], brier[b]. Undefined ones (a class with no weight) come out
 * NaN as 0 / 0, without a branch. With tied scores, AUC's weighted
 * Mann-Whitney U counts the pairs inside a tie group half:
 *   U = sum over groups g of W1(g) * (W0(below g) + W0(g) / 2).
 */
function resampleStatistics(t: RowTerms, w: Float64Array, b: number, auc: Float64Array, ba: Float64Array, brier: Float64Array): void {
  const { groupStart, groups } = t.ranked;
  const { y, yc, nn, d2 } = t;
  let u = 0, neg = 0, pos = 0, tp = 0, tn = 0, sq = 0;
  for (let g = 0; g < groups; g++) {
    const end = groupStart[g + 1]!;
    let gp = 0, gn = 0;
    for (let p = groupStart[g]!; p < end; p++) {
      const wp = w[p]!;
      const a = wp * y[p]!;
      gp += a;
      gn += wp - a;
      tp += wp * yc[p]!;
      tn += wp * nn[p]!;
      sq += wp * d2[p]!;
    }
    u += gp * (neg + 0.5 * gn);
    neg += gn;
    pos += gp;
  }
  auc[b] = u / (pos * neg);
  ba[b] = 0.5 * (tp / pos + tn / neg);
  brier[b] = sq / (pos + neg);
}

/** `resampleStatistics` when no two scores tie (every group one item): one flat loop, the same numbers. */
function resampleStatisticsNoTies(t: RowTerms, w: Float64Array, b: number, auc: Float64Array, ba: Float64Array, brier: Float64Array): void {
  const { y, yc, nn, d2 } = t;
  const m = y.length;
  let u = 0, neg = 0, pos = 0, tp = 0, tn = 0, sq = 0;
  for (let p = 0; p < m; p++) {
    const wp = w[p]!;
    const a = wp * y[p]!;
    u += a * neg;
    neg += wp - a;
    pos += a;
    tp += wp * yc[p]!;
    tn += wp * nn[p]!;
    sq += wp * d2[p]!;
  }
  auc[b] = u / (pos * neg);
  ba[b] = 0.5 * (tp / pos + tn / neg);
  brier[b] = sq / (pos + neg);
}

/**
 * Percentile bootstrap intervals of AUC, balanced accuracy and Brier score
 * from one set of `resamples` resamples: i.i.d. over items, or whole groups
 * with `groups` (block bootstrap). The resamples are those of
 * `bootstrapInterval` / `bootstrapAuc` with the same seed and groups, so each
 * interval equals the one those give for its statistic alone. Items with a
 * NaN score or label are drawn but carry no weight. `ranked`: the sample
 * already ranked by `rankPrepare(scores, labels)`, to save sorting it again.
 */
export function rowBootstrap(sample: RowSample, opts: { resamples?: number; level?: number; seed: string; groups?: Int32Array; aucTest?: { estimate: number; scale: number } },
  ranked?: Ranked): RowIntervals {
  const { resamples, level } = checkBootstrapOptions(opts);
  const n = sample.scores.length;
  if (sample.labels.length !== n || sample.calls.length !== n) throw new RangeError('rowBootstrap: scores, labels and calls differ in length');
  const none = (): Interval => ({ lo: NaN, hi: NaN, valid: 0 });
  if (n === 0) return { auc: none(), balancedAccuracy: none(), brier: none() };
  const t = rowTerms(sample, ranked ?? rankPrepare(sample.scores, sample.labels, 'rowBootstrap'));
  const slotOf = new Int32Array(n).fill(-1);
  for (let p = 0; p < t.ranked.m; p++) slotOf[t.ranked.item[p]!] = p;
  const scheme = new ResampleScheme(n, { slotOf, slots: t.ranked.m, groups: opts.groups });
  const w = scheme.weights();
  const rng = new FastRng(opts.seed);
  const auc = new Float64Array(resamples), ba = new Float64Array(resamples), brier = new Float64Array(resamples);
  const statistics = t.ranked.groups === t.ranked.m ? resampleStatisticsNoTies : resampleStatistics;
  for (let b = 0; b < resamples; b++) {
    scheme.draw(rng, w);
    statistics(t, w, b, auc, ba, brier);
  }
  const test = opts.aucTest;
  const aucTest = test ? { aucTest: percentileBootstrapTest(auc, test.estimate, test.scale) } : {}; // before the interval reorders `auc`
  return {
    auc: percentileInterval(auc, level),
    balancedAccuracy: percentileInterval(ba, level),
    brier: percentileInterval(brier, level),
    ...aucTest,
  };
}
