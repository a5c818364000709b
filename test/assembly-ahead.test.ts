/**
 * Assembly work done while the jobs run (engine/run/assembly-ahead.ts) gives
 * exactly what assembly computes after them:
 * - a grid's family-wise test fed one set at a time, in any order
 *   (FamilyMaxima), equals familyWise on the whole grid, bit for bit;
 * - a run assembled with its prepared rows, families and power equals the
 *   same parts assembled without them (summary and every output file), on a
 *   run with grids, evaluation periods and trading, on 2 worker threads
 *   (outputs arrive out of order; rows traded by their jobs get their trade
 *   records ahead) and in this thread (where nothing is done ahead);
 * - work ahead that throws is dropped (assembly does it), never thrown from
 *   an event-loop turn of its own.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { FamilyMaxima, familyWise } from '../engine/stats/family.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { AssemblyAhead } from '../engine/run/assembly-ahead.ts';
import type { JobOutput } from '../engine/run/replay.ts';
import { exactJson } from '../reports/json.ts';
import { fixtureConfig } from './support/runs.ts';

/** A grid of `K` sets on `n` items: ties (scores on a coarse grid), abstentions (NaN), and sets scoring every item. */
function grid(seed: string, n: number, K: number): { labels: Float64Array; sets: Float64Array[] } {
  const rng = seedrandom(seed);
  const labels = Float64Array.from({ length: n }, () => (rng() < 0.45 ? 1 : 0));
  const sets = Array.from({ length: K }, (_, j) => Float64Array.from({ length: n }, () => {
    if (j % 3 === 1 && rng() < 0.2) return NaN;
    return Math.round(rng() * (j % 2 ? 5 : 50)) / 50;
  }));
  return { labels, sets };
}

const bits = (a: Float64Array): string[] => Array.from(a, (x) => (Object.is(x, -0) ? '-0' : String(x)));

describe('FamilyMaxima: a grid fed set by set equals familyWise on the whole grid', () => {
  // n 200: sorted by the typed array's sort (past insertion sort); `sparse`: rank sums and counts summed apart (as when too large to pack).
  for (const [n, K, B, sparse] of [[40, 6, 300, false], [86, 25, 500, false], [9, 3, 200, false], [2, 2, 50, false], [200, 5, 200, false], [86, 25, 500, true], [40, 6, 300, true]] as const) {
    it(`n ${n}, ${K} sets, ${B} permutations, sets added in a shuffled order${sparse ? ', unpacked sums' : ''}`, () => check(n, K, B, sparse));
  }

  /** FamilyMaxima that never packs a set's sums (as when they are too large to pack). */
  class Unpacked extends FamilyMaxima {
    protected override readonly packedSumLimit = 0;
  }

  function check(n: number, K: number, B: number, sparse: boolean): void {
    const { labels, sets } = grid(`fm-${n}-${K}`, n, K);
    const whole = familyWise(labels, sets, B, 'family-seed');
    const f = sparse ? new Unpacked(labels, B, 'family-seed') : new FamilyMaxima(labels, B, 'family-seed');
    const order = sets.map((_, j) => j).sort((a, b) => ((a * 7919) % K) - ((b * 7919) % K) || a - b).reverse();
    const observed = new Float64Array(K);
    for (const j of order) observed[j] = f.add(sets[j]!);
    expect(f.size).toBe(K);
    const fed = f.result(observed);
    expect(bits(fed.statistic)).toEqual(bits(whole.statistic));
    expect(bits(fed.adjusted)).toEqual(bits(whole.adjusted));
    expect(fed.best).toBe(whole.best);
    if (n > 2) expect(whole.adjusted.some((p) => p > 0 && p < 1)).toBe(true); // a real test, not all p = 1
  }

  it('a different seed gives different family-wise p-values (the permutations are really used)', () => {
    const { labels, sets } = grid('fm-seed', 60, 8);
    const a = new FamilyMaxima(labels, 400, 'one');
    const b = new FamilyMaxima(labels, 400, 'two');
    const observed = Float64Array.from(sets, (s) => { b.add(s); return a.add(s); });
    expect(bits(a.result(observed).adjusted)).toEqual(bits(familyWise(labels, sets, 400, 'one').adjusted));
    expect(bits(a.result(observed).adjusted)).not.toEqual(bits(b.result(observed).adjusted));
  });
});

describe('a run assembled with the work done while its jobs ran equals one assembled without it', () => {
  for (const workers of [2, 0]) {
    it(`oos-run.json (grids, periods, decades) on ${workers} worker thread(s)`, async () => {
      const parts = await executeRun(fixtureConfig('oos-run.json'), { workers });
      const ahead = parts.ahead!;
      // Jobs run in this thread leave everything to assembly (nothing to overlap with).
      expect(ahead.rows.size).toBe(workers > 0 ? parts.jobs.length : 0);
      if (workers > 0) expect(ahead.families.size).toBeGreaterThan(0);
      // Rows traded by their jobs (worker threads only) get their trade records ahead too.
      if (workers > 0) expect(ahead.trades.size).toBeGreaterThan(0);
      const withAhead = assemble(parts);
      const without = assemble({ ...parts, ahead: undefined });
      expect(withAhead.summary.families!.length).toBeGreaterThan(0);
      expect(withAhead.trading!.trades.length).toBeGreaterThan(0);
      expect(exactJson(withAhead)).toBe(exactJson(without));
    }, 120_000);
  }
});

describe('work ahead that fails is dropped, never thrown from a turn of its own', () => {
  it('an output it cannot prepare: everything is left to assembly, and the run goes on', async () => {
    const statistics = { bootstrap: 10, permutations: 10, threshold: 0.5, level: 0.95, blockBy: 'year' as const };
    const ahead = new AssemblyAhead({ episodes: [], jobs: [], statistics, seed: 's', power: () => [] });
    ahead.add({ index: 0, metrics: null } as unknown as JobOutput); // preparing it throws (no metrics)
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    ahead.settle();
    expect(ahead.rows.size).toBe(0);
    expect(ahead.power).toEqual([]);
  });
});
