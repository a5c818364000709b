// rankedPermutationRejects (power simulations) takes the same decision as the full two-sided
// permutation test at alpha, on the same draws, although it stops early.
import { describe, expect, it } from 'vitest';
import { rankedPermutationRejects, rankedPermutationTest } from '../engine/stats/permutation.ts';
import { rankPrepare } from '../engine/stats/ranking.ts';
import { FastRng } from '../engine/stats/random.ts';

describe('rankedPermutationRejects', () => {
  it('decides as twoSided <= alpha does, for signals weak to strong, ties and tiny classes', () => {
    const rng = new FastRng('rejects');
    let rejected = 0, kept = 0;
    for (let t = 0; t < 300; t++) {
      const n1 = 1 + Math.floor(rng.uniform() * 40), n0 = 1 + Math.floor(rng.uniform() * 60);
      const shift = rng.uniform() * 1.5;
      const tied = t % 3 === 0;
      const scores = Float64Array.from({ length: n1 + n0 }, (_, i) => {
        const x = rng.uniform() + (i < n1 ? shift / 2 : 0);
        return tied ? Math.round(x * 4) / 4 : x;
      });
      const labels = Float64Array.from({ length: n1 + n0 }, (_, i) => (i < n1 ? 1 : 0));
      for (const alpha of [0.01, 0.05, 0.2]) {
        const B = [50, 200][t % 2]!;
        const full = rankedPermutationTest(rankPrepare(scores, labels, 't'), B, `s${t}`).twoSided <= alpha;
        expect(rankedPermutationRejects(rankPrepare(scores, labels, 't'), B, `s${t}`, alpha), `case ${t} alpha ${alpha}`).toBe(full);
        if (full) rejected++; else kept++;
      }
    }
    expect(rejected).toBeGreaterThan(50);
    expect(kept).toBeGreaterThan(50);
  });
});
