/**
 * blockBootstrapMean (the trading comparison's interval) is the generic block
 * bootstrap of a mean, bootstrapInterval with a mean statistic, to the last bit:
 * the same draws and the same summation order.
 */
import { describe, expect, it } from 'vitest';
import { blockBootstrapMean, bootstrapInterval } from '../engine/stats/resample.ts';
import { FastRng } from '../engine/stats/random.ts';

function meanAt(d: Float64Array, idx: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < idx.length; i++) s += d[idx[i]!]!;
  return idx.length ? s / idx.length : NaN;
}

describe('blockBootstrapMean', () => {
  it('equals bootstrapInterval of the mean over year blocks, bit for bit', () => {
    for (const [n, years] of [[87, 40], [5, 5], [1, 1], [300, 7]] as const) {
      const rng = new FastRng(`values-${n}`);
      const values = Float64Array.from({ length: n }, () => (rng.uniform() - 0.45) * 0.3);
      const groups = Int32Array.from({ length: n }, (_, i) => 1930 + Math.floor((i * years) / n));
      const opts = { resamples: 500, level: 0.9, seed: `seed-${n}`, groups };
      const fast = blockBootstrapMean(values, opts);
      const generic = bootstrapInterval(n, (idx) => meanAt(values, idx), opts);
      expect(Object.is(fast.lo, generic.lo) && Object.is(fast.hi, generic.hi), `n ${n}`).toBe(true);
      expect(fast.valid).toBe(generic.valid);
    }
  });

  it('is NaN with no values', () => {
    expect(blockBootstrapMean(new Float64Array(0), { seed: 's', groups: new Int32Array(0) }).lo).toBeNaN();
  });
});
