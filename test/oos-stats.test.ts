/**
 * The out-of-sample statistics: two-sided permutation p-values, the
 * family-wise p of a parameter grid (max-statistic permutation), the
 * probability of backtest overfitting (CSCV), verdicts, the block-bootstrap
 * test and widening, Student's t, and ties at 12 significant digits.
 */
import { describe, expect, it } from 'vitest';
import { permutationPValue } from '../engine/stats/permutation.ts';
import { familyWise } from '../engine/stats/family.ts';
import { probabilityOfOverfitting, cscvBlocks, MIN_EPISODES } from '../engine/stats/cscv.ts';
import { verdictOf } from '../engine/stats/verdict.ts';
import { blockWidening, percentileBootstrapTest, widenAround } from '../engine/stats/bootstrap-test.ts';
import { studentTwoSidedMass, studentTwoSidedQuantile } from '../engine/stats/student-t.ts';
import { SeededStream } from '../engine/stats/random.ts';
import { canonicalScore } from '../engine/criterion.ts';
import { rocAuc } from '../engine/stats/auc.ts';
import { binomCdf } from './support/stats-data.ts';

function nullGrid(g: SeededStream, n: number, sets: number, rho: number): { labels: Float64Array; grid: Float64Array[] } {
  const labels = Float64Array.from({ length: n }, () => (g.uniform() < 0.35 ? 1 : 0));
  const common = Float64Array.from({ length: n }, () => g.normal());
  const grid = Array.from({ length: sets }, () => Float64Array.from(common, (c) => rho * c + Math.sqrt(1 - rho * rho) * g.normal()));
  return { labels, grid };
}

describe('two-sided permutation p-values', () => {
  it('the two-sided p is about twice the smaller one-sided p, and both sides come from the same permutations', () => {
    const s = [0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9];
    const y = [1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0]; // durable episodes score LOW: inverted
    const opts = { permutations: 4000, seed: 'two' };
    const below = permutationPValue(s, y, { ...opts, alternative: 'less' });
    const above = permutationPValue(s, y, { ...opts, alternative: 'greater' });
    const two = permutationPValue(s, y, { ...opts, alternative: 'two-sided' });
    expect(below).toBeLessThan(0.05);
    expect(above).toBeGreaterThan(0.9);
    expect(two).toBeGreaterThan(below);
    expect(Math.abs(two - 2 * below)).toBeLessThan(0.02);
  });
});

describe('family-wise p of a grid (max-statistic permutation)', () => {
  it('under the null, the best row of 20 correlated sets has a valid family-wise p; its own p does not', () => {
    const g = new SeededStream('fw-null');
    const R = 200;
    let fwHits = 0, naiveHits = 0;
    for (let r = 0; r < R; r++) {
      const { labels, grid } = nullGrid(g, 60, 20, 0.6);
      const fw = familyWise(labels, grid, 200, `fw${r}`);
      expect(fw.best).toBeGreaterThanOrEqual(0);
      if (fw.adjusted[fw.best]! <= 0.05) fwHits++;
      if (permutationPValue(grid[fw.best]!, labels, { permutations: 200, seed: `p${r}`, alternative: 'two-sided' }) <= 0.05) naiveHits++;
    }
    expect(binomCdf(fwHits, R, 0.05)).toBeGreaterThan(0.005);
    expect(1 - binomCdf(fwHits - 1, R, 0.05)).toBeGreaterThan(0.005);
    expect(naiveHits).toBeGreaterThan(2 * fwHits);
  });

  it('a genuinely informative set stands out; adjusted p falls as the statistic grows; NaN sets are left out', () => {
    const g = new SeededStream('fw-signal');
    const { labels, grid } = nullGrid(g, 80, 10, 0.3);
    grid[4] = Float64Array.from(labels, (y) => y + 0.8 * g.normal());
    grid.push(new Float64Array(80).fill(NaN));
    const fw = familyWise(labels, grid, 500, 'sig');
    expect(fw.best).toBe(4);
    expect(fw.adjusted[4]).toBeLessThan(0.01);
    expect(fw.adjusted[10]).toBeNaN();
    const order = [...Array(10).keys()].sort((a, b) => fw.statistic[a]! - fw.statistic[b]!);
    for (let k = 1; k < order.length; k++) expect(fw.adjusted[order[k]!]!).toBeLessThanOrEqual(fw.adjusted[order[k - 1]!]!);
    expect(fw.statistic[4]).toBeCloseTo(Math.abs(rocAuc(grid[4]!, labels) - 0.5), 12);
  });

  it('is deterministic in its seed', () => {
    const { labels, grid } = nullGrid(new SeededStream('fw-det'), 40, 5, 0.5);
    expect(familyWise(labels, grid, 300, 'x').adjusted).toEqual(familyWise(labels, grid, 300, 'x').adjusted);
  });
});

describe('probability of backtest overfitting (CSCV)', () => {
  it('a grid of noise overfits about half the time; a grid with one real signal does not', () => {
    const g = new SeededStream('pbo');
    const noise: number[] = [];
    for (let r = 0; r < 20; r++) {
      const { labels, grid } = nullGrid(g, 120, 12, 0.3);
      noise.push(probabilityOfOverfitting(labels, grid).pbo);
    }
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    expect(mean).toBeGreaterThan(0.35);
    expect(mean).toBeLessThan(0.65);
    const { labels, grid } = nullGrid(g, 120, 12, 0.3);
    grid[7] = Float64Array.from(labels, (y) => y + 0.7 * g.normal());
    const r = probabilityOfOverfitting(labels, grid);
    expect(r.blocks).toBe(10);
    expect(r.splits).toBe(252);
    expect(r.pbo).toBeLessThan(0.1);
  });

  it('states why it was not computed', () => {
    const { labels, grid } = nullGrid(new SeededStream('few'), MIN_EPISODES - 1, 3, 0.5);
    expect(probabilityOfOverfitting(labels, grid).note).toMatch(/needs at least 40/);
    expect(probabilityOfOverfitting(labels, grid.slice(0, 1)).note).toMatch(/grid of one/);
    expect([cscvBlocks(39), cscvBlocks(40), cscvBlocks(99), cscvBlocks(100)]).toEqual([0, 8, 8, 10]);
  });
});

describe('verdicts', () => {
  const row = (auc: number, q: number, pAbove: number, pBelow: number) => ({ auc, qValue: q, pAbove, pBelow });
  it('confirmed, reversed, not confirmed, not discovered, untested', () => {
    expect(verdictOf(row(0.7, 0.01, 0.001, 0.99), row(0.66, NaN, 0.02, 0.98))).toBe('confirmed');
    expect(verdictOf(row(0.3, 0.01, 0.99, 0.001), row(0.35, NaN, 0.97, 0.03))).toBe('confirmed');
    expect(verdictOf(row(0.7, 0.01, 0.001, 0.99), row(0.35, NaN, 0.97, 0.03))).toBe('reversed');
    expect(verdictOf(row(0.7, 0.01, 0.001, 0.99), row(0.55, NaN, 0.2, 0.8))).toBe('not confirmed');
    expect(verdictOf(row(0.7, 0.2, 0.001, 0.99), row(0.8, NaN, 0.001, 0.99))).toBe('not discovered');
    expect(verdictOf(row(NaN, NaN, NaN, NaN), row(0.8, NaN, 0.001, 0.99))).toBe('untested');
  });
});

describe('the block-bootstrap test and the small-number-of-blocks widening', () => {
  it('p < 0.05 two-sided exactly when the widened percentile interval excludes 0.5', () => {
    const draws = Float64Array.from({ length: 999 }, (_, i) => 0.52 + 0.1 * ((i + 0.5) / 999 - 0.5) * 2);
    const t = percentileBootstrapTest(draws, 0.52, 1);
    expect(t.above).toBeGreaterThan(0.3);
    const far = percentileBootstrapTest(draws.map((x) => x + 0.2), 0.72, 1);
    expect(far.twoSided).toBeCloseTo(2 / 1000, 12);
    expect(far.below).toBe(1);
    expect(percentileBootstrapTest(new Float64Array(10).fill(0.5), 0.5).twoSided).toBe(1);
  });

  it('widens by sqrt(G/(G-1)) t/z and not at all with one block', () => {
    expect(blockWidening(1, 0.95)).toBe(1);
    expect(blockWidening(30, 0.95)).toBeCloseTo(Math.sqrt(30 / 29) * 2.04523 / 1.959964, 4);
    const w = widenAround({ lo: 0.4, hi: 0.7 }, 0.6, 2);
    expect(w.lo).toBeCloseTo(0.2, 12);
    expect(w.hi).toBeCloseTo(0.8, 12);
  });

  it("Student's t quantiles match the tables", () => {
    expect(studentTwoSidedQuantile(0.95, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTwoSidedQuantile(0.95, 5)).toBeCloseTo(2.5706, 4);
    expect(studentTwoSidedQuantile(0.99, 10)).toBeCloseTo(3.1693, 4);
    expect(studentTwoSidedMass(1.96, 10000)).toBeCloseTo(0.95, 3);
  });
});

describe('ties are ties', () => {
  it('scores equal in exact arithmetic are one score after canonicalScore', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(canonicalScore(0.1 + 0.2)).toBe(canonicalScore(0.3));
    expect(canonicalScore(1 / 3)).toBe(0.333333333333);
    expect(canonicalScore(0)).toBe(0);
    expect(canonicalScore(1)).toBe(1);
    expect(rocAuc([0.1 + 0.2, 0.3].map(canonicalScore), [1, 0])).toBe(0.5);
  });
});
