/**
 * CloseSearch (engine/episodes/common.ts): the first close after t above a
 * level, found by skipping blocks whose largest close is not above it, is
 * what a plain scan to the end finds: on random walks with NaN gaps, for
 * every t, at levels that are regained soon, late (across many blocks) or
 * never, and at NaN and infinite levels.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { CloseSearch } from '../engine/episodes/common.ts';

function scan(c: Float64Array, t: number, level: number): number {
  for (let i = t + 1; i < c.length; i++) if (c[i]! > level) return i;
  return -1;
}

function walk(seed: string, n: number): Float64Array {
  const rng = seedrandom(seed);
  const c = new Float64Array(n);
  let x = 100;
  for (let i = 0; i < n; i++) {
    x *= Math.exp((rng() - 0.52) * 0.04);
    c[i] = rng() < 0.03 ? NaN : x;
  }
  return c;
}

describe('CloseSearch: the first close above a level, as a scan finds it', () => {
  for (const n of [1, 63, 64, 65, 700, 3000]) {
    it(`a random walk of ${n} closes with NaN gaps, every t, many levels`, () => {
      const c = walk(`cs-${n}`, n);
      const search = new CloseSearch(c);
      const finite = [...c].filter(Number.isFinite);
      const top = finite.length ? Math.max(...finite) : 0;
      let found = 0;
      for (let t = -1; t < n; t++) {
        const here = Number.isFinite(c[t]!) ? c[t]! : 100;
        for (const level of [here, here * 1.05, here * 1.3, top, top - 1e-9, -Infinity, Infinity, NaN]) {
          const want = scan(c, t, level);
          expect(search.firstAbove(t, level), `t ${t}, level ${level}`).toBe(want);
          if (want > t + 64) found++;
        }
      }
      if (n >= 700) expect(found).toBeGreaterThan(0); // some answers lie blocks away: the skipping is exercised
    });
  }
});
