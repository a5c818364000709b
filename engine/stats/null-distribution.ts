/**
 * A row's real figure ranked in its null distribution (the same row's AUC on
 * P null worlds): quantiles, the share at or above the real figure, and rank
 * p-values with the +1 correction, (1 + #{null >= real}) / (1 + P), so that
 * a real figure beyond every null world gets 1 / (P + 1), never 0.
 */
import { quantileNoNaN } from './descriptive.ts';
import type { NullRank } from '../null-worlds-results.ts';

export function rankInNull(real: number, nulls: ArrayLike<number>): NullRank {
  const xs = Array.from(nulls).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const p = xs.length;
  const q = (v: number): number => quantileNoNaN(xs, p, v);
  const known = Number.isFinite(real) && p > 0;
  const above = known ? xs.filter((x) => x >= real).length : NaN;
  const farther = known ? xs.filter((x) => Math.abs(x - 0.5) >= Math.abs(real - 0.5)).length : NaN;
  return {
    paths: p, mean: p ? xs.reduce((a, b) => a + b, 0) / p : NaN,
    q05: q(0.05), q25: q(0.25), median: q(0.5), q75: q(0.75), q95: q(0.95),
    shareAtOrAbove: known ? above / p : NaN,
    rankP: known ? (1 + above) / (1 + p) : NaN,
    rankPTwoSided: known ? (1 + farther) / (1 + p) : NaN,
  };
}
