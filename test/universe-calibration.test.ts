/**
 * Calibration of pooled inference on simulated universes
 * (test/support/universe-sim.ts): every member shares a market factor,
 * episodes cluster in calendar months with shared outcomes and shared
 * scores, and the criterion carries no information. Over 300 universes the
 * pooled row's 5% test (cluster permutation, engine/stats/cluster.ts) must
 * reject at a rate within binomial error of 5%, while the i.i.d.
 * permutation test, run on the same universes, over-rejects. A planted
 * signal must still be found (the test has power). The months here are
 * independent, so clusters are single months ("overlap": "ignore");
 * test/universe-coverage.test.ts covers factors persisting across months.
 */
import { describe, expect, it } from 'vitest';
import { universeRows, type UniverseRowsSpec } from '../engine/run/pooled.ts';
import type { StatisticsSettings } from '../engine/results.ts';
import { simulateUniverse } from './support/universe-sim.ts';
import { binomAcceptance } from './support/stats-data.ts';

const SEEDS = 300;
const ALPHA = 0.05;
const SETTINGS: StatisticsSettings = { bootstrap: 0, permutations: 200, threshold: 0.5, level: 0.95, blockBy: 'year' };
const SPEC: UniverseRowsSpec = { id: 'sim', rows: 'pooled', cluster: 'month', overlap: 'ignore', groups: {} };

/** The pooled row's p-values (cluster permutation, i.i.d. permutation) on one simulated universe. */
function pValues(seed: number, informative = 0): { cluster: number; iid: number; above: number; below: number; lo: number; hi: number } {
  const u = simulateUniverse(String(seed), { informative });
  const key = { dataset: 'sim', kind: 'rebound' as const, criterion: 'sim', params: '' };
  const { metrics } = universeRows(SPEC, key, u.episodes, u.predictions, SETTINGS, `calibration-${seed}`);
  const ci = metrics.pooled!.aucClusterCI!;
  return { cluster: metrics.pValue, iid: metrics.pooled!.pValueIid, above: metrics.pAbove, below: metrics.pBelow, lo: ci.lo, hi: ci.hi };
}


describe('pooled inference under a shared market factor (simulated universes, no information)', () => {
  const runs = Array.from({ length: SEEDS }, (_, s) => pValues(s));
  const clusterRejects = runs.filter((r) => r.cluster <= ALPHA).length;
  const iidRejects = runs.filter((r) => r.iid <= ALPHA).length;
  const [lo, hi] = binomAcceptance(SEEDS, ALPHA);

  it(`the cluster permutation test rejects within binomial error of 5% (${SEEDS} universes)`, () => {
    expect(runs.every((r) => Number.isFinite(r.cluster) && Number.isFinite(r.iid))).toBe(true);
    expect(clusterRejects).toBeGreaterThanOrEqual(lo);
    expect(clusterRejects).toBeLessThanOrEqual(hi);
  });

  it('its one-sided p-values come from the same cluster permutations (each rejects at 2.5% within binomial error), not from the i.i.d. test', () => {
    const [lo1, hi1] = binomAcceptance(SEEDS, ALPHA / 2);
    for (const side of ['above', 'below'] as const) {
      const rejects = runs.filter((r) => r[side] <= ALPHA / 2).length;
      expect(rejects).toBeGreaterThanOrEqual(lo1);
      expect(rejects).toBeLessThanOrEqual(hi1);
    }
    // The two-sided p is at least the smaller one-sided one and at most their sum.
    for (const r of runs) {
      expect(r.cluster).toBeGreaterThanOrEqual(Math.min(r.above, r.below));
      expect(r.cluster).toBeLessThanOrEqual(Math.min(1, r.above + r.below) + 1e-12);
    }
  });

  it('the p agrees with the cluster-robust interval: p <= 5% only where the 95% interval excludes 0.5', () => {
    for (const r of runs) if (r.cluster <= ALPHA) expect(r.lo > 0.5 || r.hi < 0.5).toBe(true);
  });

  it('the i.i.d. permutation test over-rejects on the same universes', () => {
    expect(iidRejects).toBeGreaterThan(hi);
    expect(iidRejects).toBeGreaterThan(2 * clusterRejects);
  });

  it('the cluster test still finds a planted signal (the score reads the outcome factor)', () => {
    const found = Array.from({ length: 40 }, (_, s) => pValues(1000 + s, 0.8)).filter((r) => r.cluster <= ALPHA).length;
    expect(found).toBeGreaterThanOrEqual(28);
  });
});
