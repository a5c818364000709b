/**
 * What every episode kind shares: judging the outcome over t+1..t+H against
 * the reference low, and the descriptive statistics every episode records.
 */
import type { Episode, Outcome, DecisionPoint } from '../types.ts';

/**
 * Rebound/seasonal outcome rule: failed if any close in t+1..t+H (as far as
 * the data goes) is strictly below refLow; otherwise censored if t+H is past
 * the data; otherwise durable if C[t+H] >= C[t], else stalled.
 */
export function judgeAgainstLow(c: Float64Array, t: number, refLow: number, h: number): Outcome {
  const end = Math.min(t + h, c.length - 1);
  for (let i = t + 1; i <= end; i++) if (c[i]! < refLow) return 'failed';
  if (t + h > c.length - 1) return 'censored';
  return c[t + h]! >= c[t]! ? 'durable' : 'stalled';
}

export function labelOf(o: Outcome): 0 | 1 | null {
  return o === 'censored' ? null : o === 'durable' ? 1 : 0;
}

function fwd(c: Float64Array, t: number, k: number): number {
  return t + k < c.length ? c[t + k]! / c[t]! - 1 : NaN;
}

/** Fill in the hindsight fields of an episode from its closes. */
export function describe(p: DecisionPoint, c: Float64Array, outcome: Outcome, horizon: number): Episode {
  const t = p.decisionIndex;
  const end = Math.min(t + horizon, c.length - 1);
  let minC = Infinity;
  for (let i = t + 1; i <= end; i++) if (c[i]! < minC) minC = c[i]!;
  let regain = NaN;
  for (let i = t + 1; i < c.length; i++) if (c[i]! > p.peak) { regain = i - t; break; }
  return {
    ...p,
    outcome,
    label: labelOf(outcome),
    drawdown: p.peak > 0 ? 1 - p.refLow / p.peak : NaN,
    daysPeakToLow: p.refLowIndex - p.peakIndex,
    fwd21: fwd(c, t, 21), fwd63: fwd(c, t, 63), fwd126: fwd(c, t, 126), fwd252: fwd(c, t, 252),
    mae: minC === Infinity ? NaN : minC / c[t]! - 1,
    daysToRegainPeak: regain,
    horizon,
  };
}
