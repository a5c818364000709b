/**
 * blockBootstrapMean (the trading comparison's interval) is the generic block
 * bootstrap of a mean, bootstrapInterval with a mean statistic: the same draws,
 * equal up to the order of the additions (per group, then across groups).
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
  it('equals bootstrapInterval of the mean over year blocks (to 1e-12 relative)', () => {
    for (const [n, years] of [[87, 40], [5, 5], [1, 1], [300, 7]] as const) {
      const rng = new FastRng(`values-${n}`);
      const values = Float64Array.from({ length: n }, () => (rng.uniform() - 0.45) * 0.3);
      const groups = Int32Array.from({ length: n }, (_, i) => 1930 + Math.floor((i * years) / n));
      const opts = { resamples: 500, level: 0.9, seed: `seed-${n}`, groups };
      const fast = blockBootstrapMean(values, opts);
      const generic = bootstrapInterval(n, (idx) => meanAt(values, idx), opts);
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1e-300, Math.abs(b));
      expect(close(fast.lo, generic.lo) && close(fast.hi, generic.hi), `n ${n}: ${fast.lo} ${generic.lo} ${fast.hi} ${generic.hi}`).toBe(true);
      if (n > 5) expect(fast.lo).not.toBe(fast.hi);
      expect(fast.valid).toBe(generic.valid);
    }
  });

  it('is NaN with no values', () => {
    expect(blockBootstrapMean(new Float64Array(0), { seed: 's', groups: new Int32Array(0) }).lo).toBeNaN();
  });
});
