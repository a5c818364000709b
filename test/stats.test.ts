import { describe, expect, it } from 'vitest';
import { erf } from 'mathjs';
import {
  benjaminiHochberg,
  bootstrapAuc,
  bootstrapInterval,
  brier,
  calibrationBins,
  classificationMetrics,
  confusion,
  deriveSeed,
  makeRng,
  mean,
  median,
  normalCdf,
  permutationPValue,
  prAuc,
  quantile,
  rocAuc,
  rocCurve,
  smallSampleFlag,
} from '../engine/stats/index.ts';
import { FastRng } from '../engine/stats/random.ts';
import { selectQuantile } from '../engine/stats/descriptive.ts';
import { rowBootstrap } from '../engine/stats/row-bootstrap.ts';

// ---------------------------------------------------------------------------
// Test helpers (deliberately naive, independent of the code under test)
// ---------------------------------------------------------------------------

/** Standard normal draw by Box-Muller from a seeded uniform generator. */
function normal(rng: () => number): number {
  const u1 = 1 - rng(); // (0, 1]
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Brute-force Mann-Whitney U / (n1 n0): pairwise loop, ties count half. */
function bruteAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let u = 0;
  let n1 = 0;
  let n0 = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!) || Number.isNaN(labels[i]!)) continue;
    if (labels[i] === 1) n1++;
    else n0++;
  }
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1 || Number.isNaN(scores[i]!)) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0 || Number.isNaN(scores[j]!)) continue;
      if (scores[i]! > scores[j]!) u += 1;
      else if (scores[i] === scores[j]) u += 0.5;
    }
  }
  return n1 === 0 || n0 === 0 ? NaN : u / (n1 * n0);
}

/** Random scores rounded to `decimals` (to force ties) and random 0/1 labels. */
function randomData(seed: string, n: number, decimals: number, pPos = 0.4): { scores: Float64Array; labels: Float64Array } {
  const rng = makeRng(seed);
  const scores = new Float64Array(n);
  const labels = new Float64Array(n);
  const f = 10 ** decimals;
  for (let i = 0; i < n; i++) {
    labels[i] = rng() < pPos ? 1 : 0;
    // Mild signal so AUCs are not all ~0.5.
    const raw = Math.min(1, Math.max(0, 0.5 + 0.15 * labels[i]! + 0.25 * normal(rng)));
    scores[i] = Math.round(raw * f) / f;
  }
  return { scores, labels };
}

function gather(src: ArrayLike<number>, idx: Int32Array, dst: Float64Array): Float64Array {
  const out = idx.length === dst.length ? dst : new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = src[idx[k]!]!;
  return out;
}

/** The generic bootstrap of AUC, the reference for bootstrapAuc. */
function genericBootAuc(
  scores: Float64Array,
  labels: Float64Array,
  opts: { resamples: number; seed: string; groups?: Int32Array },
) {
  const s = new Float64Array(scores.length);
  const y = new Float64Array(scores.length);
  return bootstrapInterval(scores.length, (idx) => rocAuc(gather(scores, idx, s), gather(labels, idx, y)), opts);
}

/** Binomial(n, p) CDF P(X <= k), by summing the pmf in log space. */
function binomCdf(k: number, n: number, p: number): number {
  let lf = 0; // log(j!) accumulated
  const logFact: number[] = [0];
  for (let j = 1; j <= n; j++) {
    lf += Math.log(j);
    logFact.push(lf);
  }
  let s = 0;
  for (let j = 0; j <= k; j++) {
    s += Math.exp(logFact[n]! - logFact[j]! - logFact[n - j]! + j * Math.log(p) + (n - j) * Math.log(1 - p));
  }
  return s;
}

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
// Bootstrap
// ---------------------------------------------------------------------------

describe('bootstrapAuc agrees with the generic bootstrap', () => {
  it('gives identical intervals for the same seed (i.i.d. and block, ties and NaN scores)', () => {
    for (let r = 0; r < 12; r++) {
      const n = 15 + 7 * r;
      const { scores, labels } = randomData(`agree-${r}`, n, r % 2 === 0 ? 1 : 0, 0.35);
      if (r % 3 === 1) scores[3] = NaN; // an abstention
      const seed = deriveSeed(7, `agree-${r}`);
      const fast = bootstrapAuc(scores, labels, { resamples: 300, seed });
      const slow = genericBootAuc(scores, labels, { resamples: 300, seed });
      expect(fast).toEqual(slow);
      expect(fast.valid).toBeGreaterThan(0);

      const groups = new Int32Array(n);
      for (let i = 0; i < n; i++) groups[i] = 1990 + ((i * 7) % 9); // 9 "years", unequal sizes
      const fastB = bootstrapAuc(scores, labels, { resamples: 300, seed, groups });
      const slowB = genericBootAuc(scores, labels, { resamples: 300, seed, groups });
      expect(fastB).toEqual(slowB);
    }
  });

  it('counts NaN resamples out of `valid`', () => {
    // 1 durable among 10: a resample misses it with prob (9/10)^10 = 0.349.
    const scores = [0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.05];
    const labels = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const res = bootstrapAuc(scores, labels, { resamples: 2000, seed: 'nan' });
    expect(res.valid).toBeLessThan(2000);
    // Expected valid = 2000 * 0.651 = 1302, sd = sqrt(2000*.651*.349) = 21.3; allow ~5 sd.
    expect(Math.abs(res.valid - 1302)).toBeLessThan(110);
    expect(res).toEqual(genericBootAuc(Float64Array.from(scores), Float64Array.from(labels), { resamples: 2000, seed: 'nan' }));
    expect(bootstrapAuc([0.1, 0.2], [0, 0], { seed: 'x', resamples: 50 })).toEqual({ lo: NaN, hi: NaN, valid: 0 });
  });
});

describe('rowBootstrap shares one resample set among AUC, balanced accuracy and Brier', () => {
  it('each interval equals the one its statistic alone gives from the same seed (i.i.d. and block, ties and NaN)', () => {
    for (let r = 0; r < 8; r++) {
      const n = 20 + 9 * r;
      const { scores, labels } = randomData(`row-${r}`, n, r % 2 === 0 ? 1 : 3, 0.4);
      if (r % 3 === 2) scores[5] = NaN; // an abstention: drawn, but carries no weight
      const calls = scores.map((s) => (s >= 0.5 ? 1 : 0));
      const groups = Int32Array.from({ length: n }, (_, i) => 1980 + ((i * 5) % 11));
      const kept = (idx: Int32Array): number[] => Array.from(idx).filter((i) => !Number.isNaN(scores[i]!));
      const ba = (idx: Int32Array): number => {
        let tp = 0, p = 0, tn = 0, q = 0;
        for (const i of kept(idx)) {
          if (labels[i] === 1) { p++; if (calls[i] === 1) tp++; } else { q++; if (calls[i] === 0) tn++; }
        }
        return p === 0 || q === 0 ? NaN : (tp / p + tn / q) / 2;
      };
      const br = (idx: Int32Array): number => {
        const k = kept(idx);
        return k.length === 0 ? NaN : k.reduce((s, i) => s + (scores[i]! - labels[i]!) ** 2, 0) / k.length;
      };
      for (const g of [undefined, groups]) {
        const opts = { resamples: 300, seed: deriveSeed(3, `row-${r}`), groups: g };
        const row = rowBootstrap({ scores, labels, calls }, opts);
        expect(row.auc).toEqual(bootstrapAuc(scores, labels, opts));
        expect(row.balancedAccuracy).toEqual(bootstrapInterval(n, ba, opts));
        const brier1 = bootstrapInterval(n, br, opts);
        expect(row.brier.valid).toBe(brier1.valid);
        expect(row.brier.lo).toBeCloseTo(brier1.lo, 12); // the same sums in another order
        expect(row.brier.hi).toBeCloseTo(brier1.hi, 12);
      }
    }
  });
});

describe('bootstrapInterval basics', () => {
  it('percentile interval of the mean is close to the normal-theory interval', () => {
    const rng = makeRng('mean-data');
    const n = 400;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = normal(rng);
    const m = mean(x);
    let ss = 0;
    for (const v of x) ss += (v - m) ** 2;
    const se = Math.sqrt(ss / n) / Math.sqrt(n);
    const ci = bootstrapInterval(
      n,
      (idx) => {
        let s = 0;
        for (let k = 0; k < idx.length; k++) s += x[idx[k]!]!;
        return s / idx.length;
      },
      { seed: 'mean-boot' },
    );
    expect(ci.valid).toBe(2000); // default resamples
    expect(ci.lo).toBeLessThan(m);
    expect(ci.hi).toBeGreaterThan(m);
    // Normal theory: m -/+ 1.96 se. Bootstrap Monte Carlo noise is a few % of se.
    expect(Math.abs(ci.lo - (m - 1.959964 * se))).toBeLessThan(0.15 * se);
    expect(Math.abs(ci.hi - (m + 1.959964 * se))).toBeLessThan(0.15 * se);
    // level = 0.5 gives a narrower interval
    const half = bootstrapInterval(n, (idx) => mean(gather(x, idx, new Float64Array(n))), { seed: 'mean-boot', level: 0.5, resamples: 500 });
    expect(half.hi - half.lo).toBeLessThan(ci.hi - ci.lo);
  });

  it('draws every item (and every group) uniformly, with replacement', () => {
    // i.i.d.: 1000 resamples of n = 50 -> each item drawn Binomial(50000, 1/50):
    // mean 1000, sd sqrt(50000 * 0.02 * 0.98) = 31.3; allow 5 sd.
    const n = 50;
    const hits = new Float64Array(n);
    let dup = 0;
    bootstrapInterval(
      n,
      (idx) => {
        expect(idx.length).toBe(n);
        const seen = new Set<number>();
        for (let k = 0; k < idx.length; k++) {
          hits[idx[k]!]!++;
          seen.add(idx[k]!);
        }
        dup += n - seen.size;
        return 0;
      },
      { seed: 'uniform', resamples: 1000 },
    );
    for (const h of hits) expect(Math.abs(h - 1000)).toBeLessThan(5 * 31.3);
    // With replacement: expected distinct items per resample n(1 - (1-1/n)^n) = 31.8 of 50.
    expect(dup / 1000).toBeGreaterThan(15);
    expect(dup / 1000).toBeLessThan(21);

    // Block: 8 groups of unequal sizes; each group is drawn Binomial(8000, 1/8)
    // times over 1000 resamples: mean 1000, sd 29.6.
    const groups = Int32Array.from({ length: 30 }, (_, i) => 2000 + (i % 8)); // sizes 4,4,4,4,4,4,3,3
    const gHits = new Map<number, number>();
    bootstrapInterval(
      30,
      (idx) => {
        // count each drawn block once: a block is a run of one group's members
        for (let k = 0; k < idx.length; ) {
          const g = groups[idx[k]!]!;
          const size = groups.filter((x) => x === g).length;
          gHits.set(g, (gHits.get(g) ?? 0) + 1);
          k += size;
        }
        return 0;
      },
      { seed: 'uniform-groups', resamples: 1000, groups },
    );
    expect(gHits.size).toBe(8);
    for (const h of gHits.values()) expect(Math.abs(h - 1000)).toBeLessThan(5 * 29.6);
  });

  it('n = 0 gives an empty interval', () => {
    expect(bootstrapInterval(0, () => 1, { seed: 's' })).toEqual({ lo: NaN, hi: NaN, valid: 0 });
  });
});

describe('coverage of the bootstrap AUC interval', () => {
  it('95% interval covers a true AUC of 0.70 in 93-97% of 2000 replications', () => {
    // Binormal model: positives ~ N(d,1), negatives ~ N(0,1) => AUC = Phi(d / sqrt 2).
    // d = sqrt(2) * Phi^-1(0.70) = sqrt(2) * 0.5244005127080407 = 0.7416143171871158.
    const d = Math.SQRT2 * 0.5244005127080407;
    expect(normalCdf(d / Math.SQRT2)).toBeCloseTo(0.7, 12);
    // 2000 replications (>= 500 required): Monte Carlo sd of the coverage
    // fraction is sqrt(.95*.05/2000) = 0.005, so 93-97% is a +-4 sd band.
    const reps = 2000;
    const n1 = 60;
    const n0 = 60;
    const resamples = 1000; // 1000 (not the default 2000) to keep the test ~seconds
    const scores = new Float64Array(n1 + n0);
    const labels = new Float64Array(n1 + n0);
    let covered = 0;
    let sumAuc = 0;
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) {
      const rng = makeRng(deriveSeed('coverage', `data/${r}`));
      for (let i = 0; i < n1 + n0; i++) {
        const pos = i < n1;
        labels[i] = pos ? 1 : 0;
        scores[i] = normal(rng) + (pos ? d : 0);
      }
      sumAuc += rocAuc(scores, labels);
      const ci = bootstrapAuc(scores, labels, { resamples, seed: deriveSeed('coverage', `boot/${r}`) });
      expect(ci.valid).toBe(resamples);
      if (ci.lo <= 0.7 && 0.7 <= ci.hi) covered++;
    }
    const frac = covered / reps;
    console.log(`[coverage] ${covered}/${reps} = ${frac.toFixed(3)}; mean AUC ${(sumAuc / reps).toFixed(4)}; ${(performance.now() - t0).toFixed(0)} ms`);
    // The point estimate is unbiased for 0.70 (sd of the mean over 2000 reps ~ 0.0011).
    expect(Math.abs(sumAuc / reps - 0.7)).toBeLessThan(0.01);
    expect(frac).toBeGreaterThanOrEqual(0.93);
    expect(frac).toBeLessThanOrEqual(0.97);
  }, 60_000);
});

// ---------------------------------------------------------------------------
// Permutation test
// ---------------------------------------------------------------------------

describe('permutationPValue', () => {
  it('is close to uniform under the null (KS and fraction below 0.05)', () => {
    const reps = 400;
    const n1 = 40;
    const n0 = 60;
    const B = 999;
    const p = new Float64Array(reps);
    const scores = new Float64Array(n1 + n0);
    const labels = new Float64Array(n1 + n0);
    for (let r = 0; r < reps; r++) {
      const rng = makeRng(deriveSeed('null', `data/${r}`));
      for (let i = 0; i < n1 + n0; i++) {
        labels[i] = i < n1 ? 1 : 0;
        scores[i] = rng(); // independent of the label
      }
      p[r] = permutationPValue(scores, labels, { permutations: B, seed: deriveSeed('null', `perm/${r}`) });
      expect(p[r]).toBeGreaterThan(0);
      expect(p[r]).toBeLessThanOrEqual(1);
    }
    const sorted = Float64Array.from(p).sort();
    // KS distance to U(0,1): D = max_i max(i/N - p_(i), p_(i) - (i-1)/N)
    let D = 0;
    for (let i = 0; i < reps; i++) {
      D = Math.max(D, (i + 1) / reps - sorted[i]!, sorted[i]! - i / reps);
    }
    // Bound: asymptotic 1% critical value of the one-sample KS statistic,
    // 1.628 / sqrt(N) = 0.0814 for N = 400, plus the 1/(B+1) = 0.001 grid of
    // attainable p-values (p is discrete, slightly conservative).
    const bound = 1.628 / Math.sqrt(reps) + 1 / (B + 1);
    const below = p.filter((v) => v <= 0.05).length;
    console.log(`[permutation null] KS D = ${D.toFixed(4)} (bound ${bound.toFixed(4)}); ${below}/${reps} p <= 0.05`);
    expect(D).toBeLessThan(bound);
    // #{p <= 0.05} ~ Binomial(400, 0.05) (mean 20, sd 4.36): require it inside
    // the central 99.8% of that distribution, computed exactly.
    let lo = 0;
    while (binomCdf(lo, reps, 0.05) < 0.001) lo++;
    let hi = lo;
    while (binomCdf(hi, reps, 0.05) < 0.999) hi++;
    expect(below).toBeGreaterThanOrEqual(lo);
    expect(below).toBeLessThanOrEqual(hi);
  }, 60_000);

  it('matches the exact permutation p-value on a small sample', () => {
    // 2 durable among 5: all C(5,2) = 10 label assignments are equally likely.
    const scores = [0.9, 0.7, 0.8, 0.2, 0.1];
    const labels = [1, 0, 1, 0, 0];
    const obs = rocAuc(scores, labels); // positives rank 5 and 4 -> AUC 1
    let atLeast = 0;
    let total = 0;
    for (let a = 0; a < 5; a++) {
      for (let b = a + 1; b < 5; b++) {
        const y = [0, 0, 0, 0, 0];
        y[a] = 1;
        y[b] = 1;
        total++;
        if (rocAuc(scores, y) >= obs) atLeast++;
      }
    }
    expect(atLeast / total).toBe(0.1);
    const B = 20000;
    const pv = permutationPValue(scores, labels, { permutations: B, seed: 'exact' });
    // Monte Carlo estimate of 0.1: sd = sqrt(0.1*0.9/20000) = 0.0021; allow 5 sd.
    expect(Math.abs(pv - 0.1)).toBeLessThan(0.011);

    // With ties and more positives than negatives (the other branch of the sampler).
    const s2 = [0.5, 0.5, 0.6, 0.6, 0.4, 0.7];
    const y2 = [1, 0, 1, 1, 0, 1];
    const obs2 = rocAuc(s2, y2);
    let at2 = 0;
    let tot2 = 0;
    for (let mask = 0; mask < 64; mask++) {
      let c = 0;
      for (let k = 0; k < 6; k++) c += (mask >> k) & 1;
      if (c !== 4) continue;
      const y = Array.from({ length: 6 }, (_, k) => (mask >> k) & 1);
      tot2++;
      if (rocAuc(s2, y) >= obs2 - 1e-12) at2++;
    }
    const exact2 = at2 / tot2;
    const pv2 = permutationPValue(s2, y2, { permutations: B, seed: 'exact2' });
    const sd2 = Math.sqrt((exact2 * (1 - exact2)) / B);
    expect(Math.abs(pv2 - exact2)).toBeLessThan(5 * sd2 + 1e-3);
  });

  it('strong signal gives the minimum p; empty class gives NaN; deterministic', () => {
    const scores = Array.from({ length: 40 }, (_, i) => i / 40);
    const labels = scores.map((_, i) => (i >= 20 ? 1 : 0));
    expect(permutationPValue(scores, labels, { seed: 's' })).toBe(1 / 2001);
    expect(permutationPValue([0.1, 0.2], [1, 1], { seed: 's' })).toBeNaN();
    const { scores: s, labels: y } = randomData('perm-det', 60, 1);
    const a = permutationPValue(s, y, { seed: 'A', permutations: 500 });
    expect(permutationPValue(s, y, { seed: 'A', permutations: 500 })).toBe(a);
    expect(permutationPValue(s, y, { seed: 'B', permutations: 500 })).not.toBe(a);
  });
});

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

describe('seeds', () => {
  it('same seed -> identical numbers; different seed -> different intervals, same point estimates', () => {
    const { scores, labels } = randomData('det', 120, 2, 0.5);
    const auc1 = rocAuc(scores, labels);
    const br1 = brier(scores, labels);
    const a = bootstrapAuc(scores, labels, { seed: deriveSeed(1, 'crit-x'), resamples: 500 });
    const a2 = bootstrapAuc(scores, labels, { seed: deriveSeed(1, 'crit-x'), resamples: 500 });
    const b = bootstrapAuc(scores, labels, { seed: deriveSeed(2, 'crit-x'), resamples: 500 });
    expect(a2).toEqual(a);
    expect(a.lo !== b.lo || a.hi !== b.hi).toBe(true);
    expect(rocAuc(scores, labels)).toBe(auc1);
    expect(brier(scores, labels)).toBe(br1);
    // Generic bootstrap, too.
    const stat = (idx: Int32Array) => {
      let s = 0;
      for (let k = 0; k < idx.length; k++) s += (scores[idx[k]!]! - labels[idx[k]!]!) ** 2;
      return s / idx.length;
    };
    const g1 = bootstrapInterval(scores.length, stat, { seed: 'g', resamples: 400 });
    expect(bootstrapInterval(scores.length, stat, { seed: 'g', resamples: 400 })).toEqual(g1);
    const g2 = bootstrapInterval(scores.length, stat, { seed: 'h', resamples: 400 });
    expect(g1.lo !== g2.lo || g1.hi !== g2.hi).toBe(true);
    // Both intervals contain the point estimate here.
    expect(g1.lo).toBeLessThan(br1);
    expect(g1.hi).toBeGreaterThan(br1);
  });
});

// ---------------------------------------------------------------------------
// Block bootstrap
// ---------------------------------------------------------------------------

describe('block bootstrap', () => {
  // 20 "years" x 6 episodes; all episodes of a year share one score and one
  // label (perfect within-group correlation), so the effective sample size is
  // 20, not 120: the i.i.d. bootstrap should be too narrow, by ~sqrt(6).
  const G = 20;
  const per = 6;
  const n = G * per;
  const scores = new Float64Array(n);
  const labels = new Float64Array(n);
  const groups = new Int32Array(n);
  const rng = makeRng('block-data');
  for (let g = 0; g < G; g++) {
    const y = g % 2; // 10 durable years, 10 not
    const s = 1 / (1 + Math.exp(-(normal(rng) + 1.0 * y)));
    for (let k = 0; k < per; k++) {
      const i = k * G + g; // members interleaved, not contiguous
      scores[i] = s;
      labels[i] = y;
      groups[i] = 1960 + g;
    }
  }

  it('draws whole groups and is wider than the i.i.d. interval', () => {
    const meanLabel = (idx: Int32Array) => {
      let s = 0;
      for (let k = 0; k < idx.length; k++) s += labels[idx[k]!]!;
      return s / idx.length;
    };
    let calls = 0;
    const checkWhole = (idx: Int32Array) => {
      calls++;
      // every group appears a multiple of 6 times, as whole blocks
      expect(idx.length).toBe(n); // equal group sizes -> G * per items
      const cnt = new Map<number, number>();
      for (let k = 0; k < idx.length; k++) cnt.set(groups[idx[k]!]!, (cnt.get(groups[idx[k]!]!) ?? 0) + 1);
      for (const c of cnt.values()) expect(c % per).toBe(0);
      for (let k = 0; k < idx.length; k += per) {
        const g = groups[idx[k]!]!;
        for (let j = 1; j < per; j++) expect(groups[idx[k + j]!]!).toBe(g);
      }
      return meanLabel(idx);
    };
    bootstrapInterval(n, checkWhole, { seed: 'blk', resamples: 50, groups });
    expect(calls).toBe(50);

    const iid = bootstrapInterval(n, meanLabel, { seed: 'blk' });
    const blk = bootstrapInterval(n, meanLabel, { seed: 'blk', groups });
    const wIid = iid.hi - iid.lo;
    const wBlk = blk.hi - blk.lo;
    console.log(`[block] mean label width iid ${wIid.toFixed(4)} block ${wBlk.toFixed(4)}`);
    expect(wBlk).toBeGreaterThanOrEqual(wIid);
    expect(wBlk).toBeGreaterThan(1.8 * wIid); // theory: sqrt(6) = 2.45

    const aIid = bootstrapAuc(scores, labels, { seed: 'blk' });
    const aBlk = bootstrapAuc(scores, labels, { seed: 'blk', groups });
    console.log(`[block] AUC width iid ${(aIid.hi - aIid.lo).toFixed(4)} block ${(aBlk.hi - aBlk.lo).toFixed(4)}`);
    expect(aBlk.hi - aBlk.lo).toBeGreaterThanOrEqual(aIid.hi - aIid.lo);
    expect(aBlk.hi - aBlk.lo).toBeGreaterThan(1.5 * (aIid.hi - aIid.lo));
  });

  it('is deterministic and does not depend on group id values, only on grouping', () => {
    const a = bootstrapAuc(scores, labels, { seed: 'det', groups, resamples: 500 });
    expect(bootstrapAuc(scores, labels, { seed: 'det', groups, resamples: 500 })).toEqual(a);
    // Relabel ids by an order-preserving map: same groups in the same order -> identical result.
    const shifted = groups.map((g) => g * 3 + 100);
    expect(bootstrapAuc(scores, labels, { seed: 'det', groups: shifted, resamples: 500 })).toEqual(a);
    expect(() => bootstrapAuc(scores, labels, { seed: 'det', groups: new Int32Array(3) })).toThrow(RangeError);
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
