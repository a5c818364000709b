/**
 * Resampling: the bootstrap (generic, AUC, the shared row resamples; i.i.d.
 * and calendar-year blocks), its coverage, the permutation test, and seeds.
 */
import { describe, expect, it } from 'vitest';
import {
  bootstrapAuc,
  bootstrapInterval,
  brier,
  deriveSeed,
  makeRng,
  mean,
  normalCdf,
  permutationPValue,
  rocAuc,
} from '../engine/stats/index.ts';
import { rowBootstrap } from '../engine/stats/row-bootstrap.ts';
import { binomCdf, gather, genericBootAuc, normal, randomData } from './support/stats-data.ts';

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

});

describe('bootstrapInterval draws', () => {
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

});

describe('permutationPValue exactness and edge cases', () => {
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
