/**
 * The pieces of a pooled row's cluster inference (engine/stats/
 * cluster-interval.ts, engine/stats/cluster.ts): AUC's placement values
 * against brute force, the cluster-robust variance and its degrees of
 * freedom in the cases with a known answer, clusters spanning an outcome
 * horizon, and the cluster permutation with parts reducing to the plain one.
 */
import { describe, expect, it } from 'vitest';
import { aucInfluence, balancedAccuracyInfluence, brierInfluence, clusterRobust, clusterTTest, tInterval } from '../engine/stats/cluster-interval.ts';
import { blockPeriods, clusterOf, clusterPermutationPValue, periodOf } from '../engine/stats/cluster.ts';
import { rankPrepare } from '../engine/stats/ranking.ts';
import { dayFromYmd } from '../engine/calendar.ts';
import { studentTwoSidedQuantile } from '../engine/stats/student-t.ts';
import { tinySampleAucInterval } from '../engine/stats/descriptive.ts';
import { scoreRow } from '../engine/stats/scoring.ts';
import type { Episode, Prediction } from '../engine/types.ts';
import { bruteAuc, randomData } from './support/stats-data.ts';

describe('cluster-robust intervals', () => {
  const { scores, labels } = randomData('ci', 120, 1); // one decimal: many ties
  const r = rankPrepare(scores, labels, 't');

  it("AUC's influence terms are its placement values: they sum to 0 and each matches a brute-force count", () => {
    const { auc, terms } = aucInfluence(r, scores.length);
    expect(auc).toBeCloseTo(bruteAuc(scores, labels), 12);
    expect(terms.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    const pos = [...labels.keys()].filter((i) => labels[i] === 1), neg = [...labels.keys()].filter((i) => labels[i] === 0);
    const i = pos[3]!, j = neg[5]!;
    const below = neg.reduce((a, k) => a + (scores[k]! < scores[i]! ? 1 : scores[k] === scores[i] ? 0.5 : 0), 0) / neg.length;
    const above = pos.reduce((a, k) => a + (scores[k]! > scores[j]! ? 1 : scores[k] === scores[j] ? 0.5 : 0), 0) / pos.length;
    expect(terms[i]).toBeCloseTo((below - auc) / pos.length, 12);
    expect(terms[j]).toBeCloseTo((above - auc) / neg.length, 12);
  });

  it('one item per cluster: CR1 is n/(n-1) x the sum of squared terms, with n - 1 degrees of freedom', () => {
    const { terms } = aucInfluence(r, scores.length);
    const c = clusterRobust(terms, Int32Array.from(terms, (_, i) => i));
    const n = terms.length;
    expect(c.se).toBeCloseTo(Math.sqrt((n / (n - 1)) * terms.reduce((a, t) => a + t * t, 0)), 12);
    expect(c.df).toBe(n - 1);
  });

  it('unequal clusters have fewer effective clusters than clusters; one cluster has no interval', () => {
    const { terms } = aucInfluence(r, scores.length);
    const cluster = Int32Array.from(terms, (_, i) => (i < 60 ? 0 : i % 12)); // one cluster of 60+ and 11 of about 5
    const c = clusterRobust(terms, cluster);
    expect(c.df).toBeGreaterThanOrEqual(1);
    expect(c.df).toBeLessThan(11);
    expect(clusterRobust(terms, new Int32Array(terms.length)).se).toBeNaN();
    const ci = tInterval(0.6, { se: 0.05, df: 4 }, 0.95);
    expect(ci.hi - 0.6).toBeCloseTo(0.05 * studentTwoSidedQuantile(0.95, 4), 12);
    expect(tInterval(0.97, { se: 0.05, df: 4 }, 0.95).hi).toBe(1);
  });

  it('balanced accuracy and Brier terms sum to 0 and give their statistics', () => {
    const calls = Float64Array.from(scores, (s) => (s >= 0.5 ? 1 : 0));
    const ba = balancedAccuracyInfluence(labels, calls), br = brierInfluence(scores, labels);
    let tp = 0, tn = 0, n1 = 0, n0 = 0, sq = 0;
    labels.forEach((y, i) => { if (y === 1) { n1++; tp += calls[i]!; } else { n0++; tn += 1 - calls[i]!; } sq += (scores[i]! - y) ** 2; });
    expect(ba.value).toBeCloseTo(0.5 * (tp / n1 + tn / n0), 12);
    expect(br.value).toBeCloseTo(sq / labels.length, 12);
    for (const t of [ba.terms, br.terms]) expect(t.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });
});

describe('clusters spanning the outcome horizon', () => {
  it('126 trading days span 6 months, 2 quarters, 1 year, 27 weeks; 21 days 1 month', () => {
    expect(blockPeriods(126, 'month')).toBe(6);
    expect(blockPeriods(126, 'quarter')).toBe(2);
    expect(blockPeriods(126, 'year')).toBe(1);
    expect(blockPeriods(126, 'week')).toBe(27);
    expect(blockPeriods(21, 'month')).toBe(1);
    expect(blockPeriods(0, 'month')).toBe(1);
    expect(blockPeriods(63, { days: 30 })).toBe(4);
  });

  it('a run of 6 months is a calendar half-year', () => {
    const jan = dayFromYmd(2015, 1, 2), jun = dayFromYmd(2015, 6, 30), jul = dayFromYmd(2015, 7, 1);
    expect(clusterOf(jan, 'month', 6)).toBe(clusterOf(jun, 'month', 6));
    expect(clusterOf(jul, 'month', 6)).toBe(clusterOf(jan, 'month', 6) + 1);
    expect(clusterOf(jan, 'month')).toBe(periodOf(jan, 'month'));
  });

  it('the cluster permutation with one part per cluster is the plain one; with parts it is seeded and small for a perfect ranking', () => {
    const scores = Float64Array.from({ length: 90 }, (_, i) => i / 90);
    const labels = Float64Array.from({ length: 90 }, (_, i) => (i >= 45 ? 1 : 0));
    const cluster = Int32Array.from({ length: 90 }, (_, i) => Math.floor((i % 30) / 3));
    const part = Int32Array.from({ length: 90 }, (_, i) => i % 3);
    const r = rankPrepare(scores, labels, 't');
    expect(clusterPermutationPValue(r, cluster, 200, 's', undefined, { part: new Int32Array(90), parts: 1 })).toBe(clusterPermutationPValue(r, cluster, 200, 's'));
    const p = clusterPermutationPValue(r, cluster, 200, 's', undefined, { part, parts: 3 });
    expect(p).toBe(clusterPermutationPValue(r, cluster, 200, 's', undefined, { part, parts: 3 }));
    expect(p).toBeLessThan(0.05);
    expect(() => clusterPermutationPValue(r, cluster, 10, 's', undefined, { part, parts: 2 })).toThrow(RangeError);
  });
});

describe('the cluster-robust t test', () => {
  it('is the test its t interval inverts: p below 1 - level exactly when the interval excludes the null value', () => {
    // t = (0.6 - 0.5) / 0.05 = 2 on 10 df: two-sided p = P(|T| >= 2) = 0.07339 (tables).
    const t = clusterTTest(0.6, { se: 0.05, df: 10 });
    expect(t.twoSided).toBeCloseTo(0.07339, 4);
    expect(t.above).toBeCloseTo(t.twoSided / 2, 12);
    expect(t.below).toBeCloseTo(1 - t.twoSided / 2, 12);
    for (const [est, se, df] of [[0.58, 0.04, 3], [0.62, 0.05, 7], [0.45, 0.02, 20], [0.5, 0.1, 5]] as const) {
      const ci = tInterval(est, { se, df }, 0.95);
      const p = clusterTTest(est, { se, df }).twoSided;
      expect(p < 0.05, `${est} ${se} ${df}`).toBe(ci.lo > 0.5 || ci.hi < 0.5);
    }
    expect(clusterTTest(0.6, { se: NaN, df: 3 }).twoSided).toBeNaN();
  });
});

describe('a tiny sample gets a wide AUC interval', () => {
  it('fewer than 5 of a class: at least the Wilson interval of the AUC over min(n1, n0) trials; otherwise the interval as it is', () => {
    const w = tinySampleAucInterval({ lo: 1, hi: 1 }, 1, 2, 10, 0.95);
    expect(w.lo).toBeCloseTo(0.342, 3); // (1 + z²/4) / (1 + z²/2) - z sqrt(z²/16) / (1 + z²/2), z = 1.96
    expect(w.hi).toBe(1);
    // The hull: a bootstrap interval wider than Wilson's is kept.
    expect(tinySampleAucInterval({ lo: 0.1, hi: 0.9 }, 0.5, 3, 3, 0.95)).toEqual({ lo: 0.1, hi: 0.9 });
    expect(tinySampleAucInterval({ lo: 0.7, hi: 0.8 }, 0.75, 5, 40, 0.95)).toEqual({ lo: 0.7, hi: 0.8 });
    expect(tinySampleAucInterval({ lo: NaN, hi: NaN }, NaN, 0, 4, 0.95)).toEqual({ lo: NaN, hi: NaN });
  });

  it('a scored row of 3 episodes perfectly separated no longer reads [1, 1]', () => {
    const ep = (i: number, label: 0 | 1): Episode => ({ id: `e${i}`, market: 'M', kind: 'rebound', decisionDate: `20${10 + i}-01-05`, outcome: label ? 'durable' : 'failed', label }) as unknown as Episode;
    const eps = [ep(0, 1), ep(1, 0), ep(2, 0)];
    const preds = eps.map((e, i): Prediction => ({ episodeId: e.id, criterion: 'c', params: '', score: i === 0 ? 0.9 : 0.1 * i, call: i === 0 ? 1 : 0, abstainReason: '', error: '' }));
    const row = scoreRow({ dataset: 'M', kind: 'rebound', criterion: 'c', params: '' }, eps, preds, { bootstrap: 200, permutations: 50, threshold: 0.5, level: 0.95, blockBy: 'year' }, 's');
    expect(row.auc).toBe(1);
    expect(row.aucCI.lo).toBeLessThan(0.5);
    expect(row.aucCI.hi).toBe(1);
  });
});
