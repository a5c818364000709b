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

/** Closes per block of the regain search: a block whose largest close is not above the level is skipped whole. */
const BLOCK = 64;

/**
 * "The first close after t above a level" for many t on one close series
 * (each episode's regain of its peak): the largest close of each block of
 * BLOCK, computed once, lets the search skip every block that cannot hold
 * it, so a peak never regained costs a pass over the block maxima rather
 * than over every later close. Made by a detector once per series, for all
 * its episodes; the series must not change meanwhile.
 */
export class CloseSearch {
  private readonly maxima: Float64Array;

  constructor(private readonly c: Float64Array) {
    const m = new Float64Array(Math.ceil(c.length / BLOCK)).fill(-Infinity);
    for (let i = 0; i < c.length; i++) if (c[i]! > m[(i / BLOCK) | 0]!) m[(i / BLOCK) | 0] = c[i]!; // NaN closes are never larger
    this.maxima = m;
  }

  /** The first index after `t` whose close is above `level` (what a scan to the end finds), or -1. */
  firstAbove(t: number, level: number): number {
    const { c, maxima } = this;
    let i = t + 1;
    while (i < c.length) {
      const b = (i / BLOCK) | 0;
      if (!(maxima[b]! > level)) { i = (b + 1) * BLOCK; continue; }
      const end = Math.min(c.length, (b + 1) * BLOCK);
      for (; i < end; i++) if (c[i]! > level) return i;
    }
    return -1;
  }
}

/** Fill in the hindsight fields of an episode from its closes (`search`: the detector's, made once for `c`). */
export function describe(p: DecisionPoint, c: Float64Array, outcome: Outcome, horizon: number, search = new CloseSearch(c)): Episode {
  const t = p.decisionIndex;
  const end = Math.min(t + horizon, c.length - 1);
  let minC = Infinity;
  for (let i = t + 1; i <= end; i++) if (c[i]! < minC) minC = c[i]!;
  const above = search.firstAbove(t, p.peak);
  const regain = above < 0 ? NaN : above - t;
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

/** Each episode list's positions by id, kept per list (null: an id repeats, so a position does not name an episode). */
const positionsByList = new WeakMap<readonly { id: string }[], ReadonlyMap<string, number> | null>();

/** The position of each episode of `list` by its id, computed once per list; null when an id repeats. */
export function positionsById(list: readonly { id: string }[]): ReadonlyMap<string, number> | null {
  let at = positionsByList.get(list);
  if (at === undefined) {
    const m = new Map<string, number>();
    list.forEach((e, i) => m.set(e.id, i));
    positionsByList.set(list, (at = m.size === list.length ? m : null));
  }
  return at;
}
