/**
 * Family-wise p of grids whose rows' own tests allow for episodes clustered
 * in time ('year-block' kinds; a universe's pooled and group rows): the
 * max-statistic permutation test permutes labels as if episodes were
 * exchangeable, so there it can fall below a row's own p (a grid-corrected
 * p reading stronger than the uncorrected one). Such rows get the larger of
 * the max-statistic p and their Holm-adjusted own p (engine/stats/multiple.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clusteredFamilyP, holm, ownTestAllowsForClusters } from '../engine/stats/multiple.ts';
import type { RunResult } from '../engine/results.ts';
import { runConfig, runResult } from './support/runs.ts';

describe('holm', () => {
  it('adjusts step-down, monotone in p, capped at 1, NaN left out of m', () => {
    const h = holm([0.01, 0.04, 0.03, NaN, 0.6]);
    // m = 4: 4 × 0.01, max(0.04, 3 × 0.03), max(0.09, 2 × 0.04), max(0.09, 1 × 0.6)
    expect([...h].map((x) => Math.round(x * 1e12) / 1e12)).toEqual([0.04, 0.09, 0.09, NaN, 0.6]);
    expect([...holm([0.5, 0.9])]).toEqual([1, 1]);
  });
});

describe('clusteredFamilyP', () => {
  it('is the larger of the max-statistic p and the Holm-adjusted own p, never below the own p', () => {
    const own = [0.0119, 0.1069, NaN];
    const out = clusteredFamilyP([0.0084, 0.0884, 0.3], own);
    expect(out[0]).toBeCloseTo(2 * 0.0119, 12);
    expect(out[1]).toBe(0.1069);
    expect(out[2]).toBeNaN();
  });

  it('applies to year-block kinds and pooled or group universe rows, not to i.i.d. kinds or member rows', () => {
    expect(ownTestAllowsForClusters({ interval: 'year-block' })).toBe(true);
    expect(ownTestAllowsForClusters({ interval: 'iid' })).toBe(false);
    const pooled = { universe: 'u', members: 3, clusters: 9, clusterBy: 'month', clusterPeriods: 1, pValueIid: 0.1 };
    expect(ownTestAllowsForClusters({ interval: 'iid', pooled: { ...pooled, scope: 'pooled' } })).toBe(true);
    expect(ownTestAllowsForClusters({ interval: 'iid', pooled: { ...pooled, scope: 'member' } })).toBe(false);
  });
});

describe('a seasonal grid on the shipped corpus', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await runResult(runConfig({
      seed: 42,
      datasets: [{ id: 'SPX', price: '@corpus/sp500/GSPC.csv.gz' }],
      episodes: [{ kind: 'seasonal', windows: [
        'santa-claus', 'first-five-days',
        { name: 'last-3-of-march', start: { month: 3, tradingDay: -3 }, end: { month: 3, tradingDay: -1 } },
        { name: 'late-october', start: { month: 10, day: 15 }, end: { month: 10, day: 31 } },
        { name: 'ten-after-halloween', start: { month: 11, day: 1 }, tradingDays: 10 },
      ] }],
      criteria: [{ plugin: '../../strategies/examples/ma-distance.ts', params: { window: [20, 50] } }],
      trading: false,
      statistics: { bootstrap: 500, permutations: 500 },
    }), { workers: 0 });
  }, 60_000);

  it('every row of the grid has a family-wise p no smaller than its own p', () => {
    const rows = r.summary.metrics.filter((m) => m.kind === 'seasonal');
    expect(rows).toHaveLength(2);
    for (const m of rows) {
      expect(m.interval).toBe('year-block');
      expect(Number.isFinite(m.familyP)).toBe(true);
      expect(m.familyP).toBeGreaterThanOrEqual(m.pValue);
    }
    const family = r.summary.families?.find((f) => f.kind === 'seasonal');
    const best = rows.find((m) => m.params === family?.bestParams);
    expect(family?.familyP).toBe(best?.familyP);
  });
});
