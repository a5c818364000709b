import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import {
  benjaminiHochberg,
  brier,
  calibrationBins,
  classificationMetrics,
  confusion,
  deriveSeed,
  makeRng,
  mean,
  median,
  normalCdf,
  prAuc,
  quantile,
  rocAuc,
  rocCurve,
  smallSampleFlag,
} from '../engine/stats/index.ts';
import { FastRng } from '../engine/stats/random.ts';
import { selectQuantile, selectQuantiles } from '../engine/stats/descriptive.ts';
import { bruteAuc, randomData } from './support/stats-data.ts';

// ---------------------------------------------------------------------------
// RNG and seeds
// ---------------------------------------------------------------------------

describe('makeRng / deriveSeed', () => {
  it('is deterministic, in [0,1), and seed-sensitive', () => {
    const a = makeRng('s1');
    const b = makeRng('s1');
    const c = makeRng('s2');
    const xa = Array.from({ length: 1000 }, () => a());
    const xb = Array.from({ length: 1000 }, () => b());
    const xc = Array.from({ length: 1000 }, () => c());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    for (const v of xa) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
    // Roughly uniform: mean of 1000 U(0,1) has sd 0.0091.
    expect(Math.abs(mean(xa) - 0.5)).toBeLessThan(0.04);
  });

  it('derives distinct, stable seeds and is unambiguous', () => {
    expect(deriveSeed(42, 'job')).toBe(deriveSeed('42', 'job'));
    expect(deriveSeed(42, 'job')).toBe(deriveSeed(42, 'job'));
    expect(deriveSeed(42, 'jobA')).not.toBe(deriveSeed(42, 'jobB'));
    expect(deriveSeed(1, 'job')).not.toBe(deriveSeed(2, 'job'));
    expect(deriveSeed('a/b', 'c')).not.toBe(deriveSeed('a', 'b/c'));
  });
});

describe('FastRng', () => {
  it('is deterministic and seed-sensitive; bulk draws equal one-by-one draws', () => {
    const a = new FastRng('s1'), b = new FastRng('s1'), c = new FastRng('s2');
    const xa = Array.from({ length: 500 }, () => a.nextU32());
    expect(Array.from({ length: 500 }, () => b.nextU32())).toEqual(xa);
    expect(Array.from({ length: 500 }, () => c.nextU32())).not.toEqual(xa);
    const bulk = new Int32Array(300);
    new FastRng('same').fillIndices(bulk, 300, 37);
    const one = new FastRng('same');
    expect(Array.from(bulk)).toEqual(Array.from({ length: 300 }, () => one.index(37)));
    const targets = new Int32Array(20);
    new FastRng('fy').fillShuffleTargets(targets, 20, 50);
    const fy = new FastRng('fy');
    expect(Array.from(targets)).toEqual(Array.from({ length: 20 }, (_, i) => i + fy.index(50 - i)));
    for (let i = 0; i < 20; i++) expect(targets[i]! >= i && targets[i]! < 50).toBe(true);
    expect(() => new FastRng('x').fillIndices(bulk, 1, 0)).toThrow(RangeError);
  });

  it('draws integers uniformly (chi-square over 87 cells) and doubles in [0, 1)', () => {
    const n = 87, draws = 87_000;
    const out = new Int32Array(draws);
    new FastRng('chi').fillIndices(out, draws, n);
    const cells = new Float64Array(n);
    for (const k of out) cells[k]!++;
    const e = draws / n;
    let chi2 = 0;
    for (const o of cells) chi2 += (o - e) ** 2 / e;
    // 86 degrees of freedom: mean 86, sd 13.1; 99.9% quantile ~ 131.
    expect(chi2).toBeLessThan(131);
    expect(chi2).toBeGreaterThan(50);
    const r = new FastRng('u');
    const xs = Array.from({ length: 2000 }, () => r.uniform());
    for (const v of xs) expect(v >= 0 && v < 1).toBe(true);
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(0.03);
  });
});

describe('selectQuantile', () => {
  it('equals the type-7 quantile of the sorted values, ties and sorted inputs included', () => {
    const r = new FastRng('select');
    for (let t = 0; t < 400; t++) {
      const n = 1 + r.index(120);
      const levels = 1 + r.index(30);
      const xs = new Float64Array(n);
      for (let i = 0; i < n; i++) xs[i] = r.index(levels) / levels;
      if (t % 5 === 0) xs.sort();
      if (t % 7 === 0) xs.sort().reverse();
      const sorted = Float64Array.from(xs).sort();
      for (const q of [0, 0.025, 0.5, 0.975, 1, r.uniform()]) {
        expect(selectQuantile(Float64Array.from(xs), n, q)).toBe(quantile(sorted, q));
      }
      const [a, b] = [r.uniform(), r.uniform()].sort((x, y) => x - y) as [number, number];
      expect(selectQuantiles(Float64Array.from(xs), n, a, b)).toEqual([quantile(sorted, a), quantile(sorted, b)]);
      expect(selectQuantiles(Float64Array.from(xs), n, 0.025, 0.975)).toEqual([quantile(sorted, 0.025), quantile(sorted, 0.975)]);
    }
    expect(selectQuantile(new Float64Array(0), 0, 0.5)).toBeNaN();
  });
});

// ---------------------------------------------------------------------------
// Confusion matrix and threshold metrics
// ---------------------------------------------------------------------------

describe('confusion / classificationMetrics', () => {
  it('matches a hand-worked example', () => {
    const labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const calls = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];
    // positives 0..3: called 1,1,1,0 -> tp = 3, fn = 1
    // negatives 4..9: called 1,1,0,0,0,0 -> fp = 2, tn = 4
    const c = confusion(labels, calls);
    expect(c).toEqual({ tp: 3, fp: 2, tn: 4, fn: 1 });
    const m = classificationMetrics(c);
    expect(m.precision).toBeCloseTo(3 / 5, 15); // 0.6
    expect(m.recall).toBeCloseTo(3 / 4, 15); // 0.75
    expect(m.specificity).toBeCloseTo(4 / 6, 15); // 0.6667
    // F1 = 2PR/(P+R) = 2*0.6*0.75/1.35 = 0.9/1.35 = 2/3 = 2tp/(2tp+fp+fn) = 6/9
    expect(m.f1).toBeCloseTo(2 / 3, 15);
    expect(m.accuracy).toBeCloseTo(7 / 10, 15);
    // balanced accuracy = (0.75 + 0.6667)/2 = 0.708333...
    expect(m.balancedAccuracy).toBeCloseTo((0.75 + 4 / 6) / 2, 15);
    expect(m.balancedAccuracy).toBeCloseTo(0.7083333333, 9);
    // MCC = (3*4 - 2*1) / sqrt((3+2)(3+1)(4+2)(4+1)) = 10 / sqrt(600) = 0.40824829
    expect(m.mcc).toBeCloseTo(10 / Math.sqrt(600), 15);
    expect(m.mcc).toBeCloseTo(0.408248290, 8);
  });

  it('second hand example with a negative MCC', () => {
    // tp=1, fp=3, tn=2, fn=4  (N = 10)
    const m = classificationMetrics({ tp: 1, fp: 3, tn: 2, fn: 4 });
    expect(m.precision).toBeCloseTo(0.25, 15); // 1/4
    expect(m.recall).toBeCloseTo(0.2, 15); // 1/5
    expect(m.specificity).toBeCloseTo(0.4, 15); // 2/5
    expect(m.f1).toBeCloseTo(2 / 9, 15); // 2/(2+3+4)
    expect(m.accuracy).toBeCloseTo(0.3, 15); // 3/10
    expect(m.balancedAccuracy).toBeCloseTo(0.3, 15); // (0.2+0.4)/2
    // (1*2 - 3*4)/sqrt(4*5*5*6) = -10/sqrt(600)
    expect(m.mcc).toBeCloseTo(-10 / Math.sqrt(600), 15);
  });

  it('returns NaN where undefined, and skips NaN calls / labels', () => {
    // Never calls durable: precision undefined, MCC margin tp+fp = 0 -> NaN (documented choice).
    const never = classificationMetrics(confusion([1, 0, 1, 0], [0, 0, 0, 0]));
    expect(never.precision).toBeNaN();
    expect(never.mcc).toBeNaN();
    expect(never.recall).toBe(0);
    expect(never.specificity).toBe(1);
    expect(never.f1).toBe(0); // tp = 0 with fn > 0
    // One-class sample: specificity and balanced accuracy undefined.
    const oneClass = classificationMetrics(confusion([1, 1], [1, 0]));
    expect(oneClass.specificity).toBeNaN();
    expect(oneClass.balancedAccuracy).toBeNaN();
    expect(oneClass.mcc).toBeNaN();
    const empty = classificationMetrics({ tp: 0, fp: 0, tn: 0, fn: 0 });
    for (const v of Object.values(empty)) expect(v).toBeNaN();
    // Abstentions (NaN call) and unlabelled items are not counted.
    expect(confusion([1, 0, NaN, 1], [1, NaN, 1, 0])).toEqual({ tp: 1, fp: 0, tn: 0, fn: 1 });
    expect(() => confusion([1, 0], [1])).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------
// Ranking metrics
// ---------------------------------------------------------------------------

describe('rocAuc', () => {
  it('equals brute-force Mann-Whitney U/(n1 n0) on many random vectors with ties', () => {
    let checked = 0;
    for (let r = 0; r < 300; r++) {
      const n = 2 + (r % 80);
      const decimals = r % 3 === 0 ? 0 : 1; // 0 decimals -> massive ties
      const { scores, labels } = randomData(`auc-${r}`, n, decimals, 0.2 + (r % 5) * 0.15);
      const want = bruteAuc(scores, labels);
      const got = rocAuc(scores, labels);
      if (Number.isNaN(want)) {
        expect(got).toBeNaN();
      } else {
        // U is a sum of halves, exact in floating point: equality is exact.
        expect(got).toBe(want);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('handles hand cases, NaN scores and empty classes', () => {
    expect(rocAuc([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.3, 0.4], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
    // pos {0.9, 0.5}, neg {0.5, 0.1}: pairs 1 + 1 + 0.5 + 1 = 3.5 of 4
    expect(rocAuc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
    // A NaN score is an abstention: same as dropping the item.
    expect(rocAuc([0.9, NaN, 0.5, 0.5, 0.1], [1, 0, 1, 0, 0])).toBe(0.875);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
  });
});

describe('rocCurve', () => {
  it('hand example with a tie group', () => {
    const c = rocCurve([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]);
    expect(c.thresholds).toEqual([Infinity, 0.9, 0.5, 0.1]);
    expect(c.fpr).toEqual([0, 0, 0.5, 1]);
    expect(c.tpr).toEqual([0, 0.5, 1, 1]);
  });

  it('runs from (0,0) to (1,1), is monotone, and its trapezoid area equals rocAuc', () => {
    for (let r = 0; r < 50; r++) {
      const { scores, labels } = randomData(`roc-${r}`, 40 + r, 1);
      const auc = rocAuc(scores, labels);
      if (Number.isNaN(auc)) continue;
      const { fpr, tpr, thresholds } = rocCurve(scores, labels);
      expect(fpr[0]).toBe(0);
      expect(tpr[0]).toBe(0);
      expect(fpr[fpr.length - 1]).toBe(1);
      expect(tpr[tpr.length - 1]).toBe(1);
      expect(fpr.length).toBe(tpr.length);
      expect(thresholds.length).toBe(fpr.length);
      // One point per distinct score plus the origin.
      expect(fpr.length).toBe(new Set(scores).size + 1);
      let area = 0;
      for (let k = 1; k < fpr.length; k++) {
        expect(fpr[k]!).toBeGreaterThanOrEqual(fpr[k - 1]!);
        expect(tpr[k]!).toBeGreaterThanOrEqual(tpr[k - 1]!);
        expect(thresholds[k]!).toBeLessThan(thresholds[k - 1]!);
        area += ((fpr[k]! - fpr[k - 1]!) * (tpr[k]! + tpr[k - 1]!)) / 2;
      }
      expect(area).toBeCloseTo(auc, 12);
    }
    expect(rocCurve([0.3, 0.4], [0, 0])).toEqual({ fpr: [], tpr: [], thresholds: [] });
  });
});

describe('prAuc (average precision)', () => {
  it('hand examples', () => {
    // Descending: 0.9(+) 0.8(-) 0.7(+) 0.6(-); n1 = 2.
    // At 0.9: P = 1/1, recall 0 -> 0.5: adds 0.5 * 1 = 0.5
    // At 0.7: P = 2/3, recall 0.5 -> 1: adds 0.5 * 2/3 = 0.3333
    // AP = 0.8333
    expect(prAuc([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 15);
    // Tie group: 0.9(+), {0.5(+), 0.5(-)}, 0.1(-)
    // At 0.9: P = 1, dR = 0.5 -> 0.5. At 0.5 (group enters together): tp=2, fp=1, P = 2/3, dR = 0.5 -> 1/3
    expect(prAuc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(5 / 6, 15);
    // Perfect ranking -> 1; worst ranking of 1 pos among 4: P = 1/4 at its rank.
    expect(prAuc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(prAuc([0.1, 0.2, 0.3, 0.4], [1, 0, 0, 0])).toBeCloseTo(0.25, 15);
    expect(prAuc([0.1, 0.2], [0, 0])).toBeNaN();
  });

  it('without ties equals the mean precision at each positive rank', () => {
    for (let r = 0; r < 30; r++) {
      const { scores, labels } = randomData(`ap-${r}`, 50, 12);
      if (new Set(scores).size !== scores.length) continue;
      const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
      let tp = 0;
      let sum = 0;
      let n1 = 0;
      order.forEach((i, rank) => {
        if (labels[i] === 1) {
          tp++;
          n1++;
          sum += tp / (rank + 1);
        }
      });
      if (n1 === 0) continue;
      expect(prAuc(scores, labels)).toBeCloseTo(sum / n1, 12);
    }
  });
});

describe('brier', () => {
  it('hand example', () => {
    // (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 + (0.4-1)^2 = 0.01 + 0.04 + 0.36 + 0.36 = 0.77; / 4 = 0.1925
    expect(brier([0.9, 0.2, 0.6, 0.4], [1, 0, 0, 1])).toBeCloseTo(0.1925, 15);
    // NaN score (abstention) is skipped
    expect(brier([0.9, NaN, 0.2], [1, 1, 0])).toBeCloseTo((0.01 + 0.04) / 2, 15);
    expect(brier([], [])).toBeNaN();
    expect(brier([1, 0], [1, 0])).toBe(0);
  });
});

describe('calibrationBins', () => {
  it('hand example with 5 bins, an empty bin, a boundary score and score 1.0', () => {
    const scores = [0, 0.1, 0.25, 0.3, 0.6, 0.74, 1.0, 0.99, NaN];
    const labels = [0, 0, 1, 0, 1, 1, 1, 0, 1];
    // [0,.2): 0, 0.1          n=2 mean 0.05  rate 0
    // [.2,.4): 0.25, 0.3      n=2 mean 0.275 rate 0.5
    // [.4,.6): (0.6 belongs to the next bin) n=0
    // [.6,.8): 0.6, 0.74      n=2 mean 0.67  rate 1
    // [.8,1]: 1.0, 0.99       n=2 mean 0.995 rate 0.5   (NaN score skipped)
    const b = calibrationBins(scores, labels, 5);
    expect(b.map((x) => x.n)).toEqual([2, 2, 0, 2, 2]);
    expect(b.map((x) => x.lo)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(b[4]!.hi).toBe(1);
    const want = [
      [0.05, 0],
      [0.275, 0.5],
      [NaN, NaN],
      [0.67, 1],
      [0.995, 0.5],
    ];
    want.forEach(([ms, rate], i) => {
      if (Number.isNaN(ms!)) {
        expect(b[i]!.meanScore).toBeNaN();
        expect(b[i]!.observedRate).toBeNaN();
      } else {
        expect(b[i]!.meanScore).toBeCloseTo(ms!, 14);
        expect(b[i]!.observedRate).toBeCloseTo(rate!, 14);
      }
    });
  });

  it('defaults to 10 bins, every score lands in a bin whose edges contain it', () => {
    const scores: number[] = [];
    for (let k = 0; k <= 1000; k++) scores.push(k / 1000);
    const labels = scores.map((_, k) => k % 2);
    const b = calibrationBins(scores, labels);
    expect(b.length).toBe(10);
    expect(b.reduce((s, x) => s + x.n, 0)).toBe(1001);
    expect(b[9]!.n).toBe(101); // 0.900 .. 1.000 inclusive
    expect(b[0]!.n).toBe(100); // 0.000 .. 0.099
    for (const x of b) {
      // mean score inside the bin
      expect(x.meanScore).toBeGreaterThanOrEqual(x.lo);
      expect(x.meanScore).toBeLessThanOrEqual(x.hi);
    }
  });
});

// ---------------------------------------------------------------------------
// Summary helpers
// ---------------------------------------------------------------------------

describe('mean / median / quantile / normalCdf / smallSampleFlag', () => {
  it('ignore NaN and interpolate linearly (type 7)', () => {
    expect(mean([1, 2, NaN, 6])).toBe(3);
    expect(mean([NaN])).toBeNaN();
    expect(median([5, NaN, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    // sorted [1,2,3,4]: h = 3 * 0.25 = 0.75 -> 1 + 0.75 * (2 - 1) = 1.75
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, NaN, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([1, 2], 1.5)).toBeNaN();
  });

  it('normalCdf agrees with mathjs erf and reference tail values', () => {
    // mathjs's one-file bundle (what strategies/expression-sandbox.ts loads): its ESM entry costs some 1.7 s of CPU.
    const { erf } = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof import('mathjs');
    for (let x = -6; x <= 6; x += 0.01) {
      const ref = 0.5 * (1 + (erf(x / Math.SQRT2) as number));
      expect(Math.abs(normalCdf(x) - ref)).toBeLessThan(1e-14);
    }
    // Reference values from 0.5*erfc(-x/sqrt 2) (CPython math.erfc).
    const ref: Array<[number, number]> = [
      [-8, 6.220960574271819e-16],
      [-5, 2.866515718791946e-7],
      [-3, 0.0013498980316300957],
      [1, 0.8413447460685429],
      [2.5, 0.9937903346742238],
    ];
    for (const [x, p] of ref) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-13);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalCdf(0.5244005127080407)).toBeCloseTo(0.7, 14); // Phi^-1(0.70)
    expect(normalCdf(-50)).toBe(0);
    expect(normalCdf(50)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('smallSampleFlag', () => {
    expect(smallSampleFlag(100, 40, 60)).toBe('');
    expect(smallSampleFlag(30, 5, 25)).toBe('');
    expect(smallSampleFlag(12, 3, 9)).toBe('n=12 < 30; only 3 durable');
    expect(smallSampleFlag(200, 198, 2)).toBe('only 2 not durable');
    expect(smallSampleFlag(29, 10, 19)).toBe('n=29 < 30');
  });
});

// ---------------------------------------------------------------------------
// Benjamini-Hochberg
// ---------------------------------------------------------------------------

describe('benjaminiHochberg', () => {
  it('hand example with NaN passthrough', () => {
    // p = [0.01, 0.04, 0.03, 0.20], m = 4. Sorted: 0.01 (r1), 0.03 (r2), 0.04 (r3), 0.20 (r4)
    // raw m p / r: 0.04, 0.06, 0.05333, 0.20
    // running min from the top: r4 0.20, r3 0.05333, r2 min(0.06, 0.05333) = 0.05333, r1 0.04
    // back to input order: [0.04, 0.05333, 0.05333, 0.20]
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
    expect(q[0]).toBeCloseTo(0.04, 15);
    expect(q[1]).toBeCloseTo(0.16 / 3, 15);
    expect(q[2]).toBeCloseTo(0.16 / 3, 15);
    expect(q[3]).toBeCloseTo(0.2, 15);

    // NaN entries pass through and do not count in m (same answer as above).
    const q2 = benjaminiHochberg([0.01, NaN, 0.04, 0.03, NaN, 0.2]);
    expect(q2[1]).toBeNaN();
    expect(q2[4]).toBeNaN();
    expect([q2[0], q2[2], q2[3], q2[5]]).toEqual(Array.from(q));

    // Capped at 1: p = [0.5, 0.9], m = 2: raw 1.0 (0.5*2/1), 0.9 -> q = [0.9, 0.9]
    expect(Array.from(benjaminiHochberg([0.5, 0.9]))).toEqual([0.9, 0.9]);
    expect(Array.from(benjaminiHochberg([0.8, 0.9, 0.95]))).toEqual([0.95, 0.95, 0.95]);
    expect(Array.from(benjaminiHochberg([0.7]))).toEqual([0.7]);
    expect(Array.from(benjaminiHochberg([NaN]))).toEqual([NaN]);
  });

  it('is monotone in p, >= p, and <= 1', () => {
    const rng = makeRng('bh');
    const p = Array.from({ length: 200 }, () => rng() ** 3);
    const q = benjaminiHochberg(p);
    const order = Array.from(p.keys()).sort((a, b) => p[a]! - p[b]!);
    for (let k = 0; k < order.length; k++) {
      expect(q[order[k]!]!).toBeGreaterThanOrEqual(p[order[k]!]!);
      expect(q[order[k]!]!).toBeLessThanOrEqual(1);
      if (k > 0) expect(q[order[k]!]!).toBeGreaterThanOrEqual(q[order[k - 1]!]!);
    }
  });
});
