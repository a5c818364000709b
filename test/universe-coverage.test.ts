/**
 * Coverage of the pooled rows' cluster-robust intervals
 * (engine/stats/cluster-interval.ts) on simulated null universes
 * (test/support/universe-sim.ts), where the true AUC is 0.5: the 95%
 * interval must hold 0.5 at a rate within binomial error of 95%, where the
 * percentile cluster bootstrap on the same universes holds it too rarely.
 * When the shared factors persist across months (outcome windows spanning 6
 * months, a persistent market state), clusters of one month are not enough:
 * with "overlap": "merge" (a cluster spans the 126-day outcome horizon) the
 * interval keeps its level and the cluster permutation test its 5% rate.
 * Small universes and no resamples keep it fast; test/bench/universe.ts
 * prints the same figures on larger runs.
 */
import { describe, expect, it } from 'vitest';
import { universeRows, type UniverseRowsSpec } from '../engine/run/pooled.ts';
import type { StatisticsSettings } from '../engine/results.ts';
import type { OverlapMode } from '../engine/universe-spec.ts';
import { rowBootstrap } from '../engine/stats/row-bootstrap.ts';
import { periodOf } from '../engine/stats/cluster.ts';
import { parseIsoDay } from '../engine/calendar.ts';
import { simulateUniverse, type SimOptions } from './support/universe-sim.ts';
import { binomAcceptance } from './support/stats-data.ts';

const KEY = { dataset: 'sim', kind: 'rebound' as const, criterion: 'sim', params: '' };


interface Outcome { covers: boolean; rejects: boolean; clusters: number; periods: number }

function pooledRow(seed: number, sim: SimOptions, overlap: OverlapMode, permutations: number): Outcome {
  const u = simulateUniverse(String(seed), sim);
  const spec: UniverseRowsSpec = { id: 'sim', rows: 'pooled', cluster: 'month', overlap, groups: {} };
  const settings: StatisticsSettings = { bootstrap: 0, permutations, threshold: 0.5, level: 0.95, blockBy: 'year' };
  const { metrics: m } = universeRows(spec, KEY, u.episodes, u.predictions, settings, `coverage-${seed}`);
  const ci = m.pooled!.aucClusterCI!;
  return { covers: ci.lo <= 0.5 && ci.hi >= 0.5, rejects: m.pValue <= 0.05, clusters: m.pooled!.clusters, periods: m.pooled!.clusterPeriods };
}

/** Does the 95% percentile bootstrap over whole months hold 0.5 (the method the cluster-robust interval replaced)? */
function bootstrapCovers(seed: number, sim: SimOptions): boolean {
  const u = simulateUniverse(String(seed), sim);
  const score = new Map(u.predictions.map((p) => [p.episodeId, p.score]));
  const scores = Float64Array.from(u.episodes, (e) => score.get(e.id)!);
  const b = rowBootstrap({ scores, labels: Float64Array.from(u.episodes, (e) => e.label!), calls: Float64Array.from(scores, (s) => (s >= 0.5 ? 1 : 0)) },
    { resamples: 200, level: 0.95, seed: `boot-${seed}`, groups: Int32Array.from(u.episodes, (e) => periodOf(parseIsoDay(e.decisionDate), 'month')) });
  return b.auc.lo <= 0.5 && b.auc.hi >= 0.5;
}

const count = (xs: readonly boolean[]): number => xs.filter(Boolean).length;

describe('cluster-robust intervals of pooled rows (simulated null universes, true AUC 0.5)', () => {
  const SEEDS = 600;
  const sim: SimOptions = {};
  const [lo, hi] = binomAcceptance(SEEDS, 0.95);

  it(`month clusters: the 95% interval holds 0.5 within binomial error of 95% (${SEEDS} universes); the percentile cluster bootstrap does not`, () => {
    const rows = Array.from({ length: SEEDS }, (_, s) => pooledRow(s, sim, 'ignore', 0));
    expect(rows.every((r) => r.periods === 1)).toBe(true);
    const covered = count(rows.map((r) => r.covers));
    expect(covered).toBeGreaterThanOrEqual(lo);
    expect(covered).toBeLessThanOrEqual(hi);
    const boot = count(Array.from({ length: SEEDS }, (_, s) => bootstrapCovers(s, sim)));
    expect(boot).toBeLessThan(lo);
  });
});

describe('outcome windows overlapping neighbouring months (persistent shared factors, no information)', () => {
  const SEEDS = 300;
  const sim: SimOptions = { overlap: 6, persistence: 0.9 };
  const merged = Array.from({ length: SEEDS }, (_, s) => pooledRow(s, sim, 'merge', 100));
  const monthly = Array.from({ length: SEEDS }, (_, s) => pooledRow(s, sim, 'ignore', 100));
  const [clo, chi] = binomAcceptance(SEEDS, 0.95);
  const [rlo, rhi] = binomAcceptance(SEEDS, 0.05);

  it('"merge" makes a cluster of the 6 months a 126-day outcome window spans', () => {
    expect(merged.every((r) => r.periods === 6 && r.clusters <= 10)).toBe(true);
  });

  it('with "merge" the 95% interval holds 0.5 and the 5% permutation test rejects within binomial error', () => {
    const covered = count(merged.map((r) => r.covers)), rejected = count(merged.map((r) => r.rejects));
    expect(covered).toBeGreaterThanOrEqual(clo);
    expect(covered).toBeLessThanOrEqual(chi);
    expect(rejected).toBeGreaterThanOrEqual(rlo);
    expect(rejected).toBeLessThanOrEqual(rhi);
  });

  it('one-month clusters on the same universes under-cover (their neighbours are not independent)', () => {
    expect(count(monthly.map((r) => r.covers))).toBeLessThan(clo);
  });
});
