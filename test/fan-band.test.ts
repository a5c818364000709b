// fanBand's small-group sort (insertion sort in place) gives the quartiles a full
// typed-array sort gives, bit for bit: ties, -0 and +0, NaN gaps, groups either side
// of the insertion-sort limit.
import { describe, expect, it } from 'vitest';
import { fanBand } from '../engine/stats/fan.ts';
import { quantileNoNaN } from '../engine/stats/descriptive.ts';
import { FastRng } from '../engine/stats/random.ts';

function reference(paths: number[][], days: number): { count: number[]; q25: number[]; median: number[]; q75: number[] } {
  const out = { count: [] as number[], q25: [] as number[], median: [] as number[], q75: [] as number[] };
  for (let d = 0; d < days; d++) {
    const xs = Float64Array.from(paths.map((p) => p[d]!).filter(Number.isFinite)).sort();
    out.count.push(xs.length);
    out.q25.push(quantileNoNaN(xs, xs.length, 0.25));
    out.median.push(quantileNoNaN(xs, xs.length, 0.5));
    out.q75.push(quantileNoNaN(xs, xs.length, 0.75));
  }
  return out;
}

describe('fanBand', () => {
  it('equals quartiles of fully sorted values, bit for bit', () => {
    const rng = new FastRng('fan');
    for (const size of [0, 1, 2, 5, 17, 63, 64, 65, 200]) {
      const days = 40;
      const paths = Array.from({ length: size }, () => Array.from({ length: days }, () => {
        const u = rng.uniform();
        return u < 0.1 ? NaN : u < 0.15 ? -0 : u < 0.2 ? 0 : u < 0.3 ? 0.05 : Math.round((u - 0.5) * 1e6) / 1e5;
      }));
      const got = fanBand('g', paths, days), want = reference(paths, days);
      expect(got.count, `size ${size}`).toEqual(want.count);
      for (const k of ['q25', 'median', 'q75'] as const) {
        got[k].forEach((x, d) => expect(Object.is(x, want[k][d]), `size ${size} ${k} day ${d}: ${x} vs ${want[k][d]}`).toBe(true));
      }
    }
  });
});
