/**
 * Post-correction rebounds (`rebound`), exactly as the brief's v1 definition:
 *
 * A state machine over the closes tracks the running peak P. A correction
 * starts at the first close <= (1-D)P; L is the lowest close since P (dated at
 * the first close that reached it). The decision is the first close t with
 * C[t] >= (1+R)L while in the correction, once per low: a further rebound
 * without a new lower low is not a new episode. Any close below L is a new
 * low (whatever the outcome of an earlier episode), and a later R rebound
 * from it is a new episode. A close above P ends the correction and is never
 * a decision; P then tracks new highs and a new correction needs a new D
 * decline. Outcomes: see judgeAgainstLow.
 */
import { isoDate } from '../calendar.ts';
import type { Dataset, Episode } from '../types.ts';
import { CloseSearch, describe, judgeAgainstLow } from './common.ts';

export interface ReboundParams {
  /** Correction depth D (fraction). */
  drawdown: number;
  /** Rebound size R from the low (fraction). */
  rebound: number;
  /** Outcome horizon H in trading days. */
  horizon: number;
}

export const REBOUND_DEFAULTS: ReboundParams = { drawdown: 0.10, rebound: 0.05, horizon: 126 };
export const REBOUND_VERSION = 'rebound/v1';

export function validateReboundParams(p: ReboundParams): { param: keyof ReboundParams; detail: string } | null {
  if (!(p.drawdown > 0 && p.drawdown < 1)) return { param: 'drawdown', detail: `drawdown must be in (0,1), got ${p.drawdown}` };
  if (!(p.rebound > 0 && p.rebound < 10)) return { param: 'rebound', detail: `rebound must be > 0, got ${p.rebound}` };
  if (!(Number.isInteger(p.horizon) && p.horizon >= 1)) return { param: 'horizon', detail: `horizon must be a positive integer, got ${p.horizon}` };
  return null;
}

/** Find rebound episodes in a close series. `closeColumn` names the column (default `close`). */
export function findRebounds(ds: Dataset, params: ReboundParams = REBOUND_DEFAULTS, closeColumn = 'close'): Episode[] {
  const c = ds.columns.get(closeColumn);
  if (!c) throw new Error(`dataset '${ds.id}' has no '${closeColumn}' column`);
  return reboundsOnCloses(ds.id, ds.dates, c, params, closeColumn);
}

export function reboundsOnCloses(market: string, dates: Int32Array, c: Float64Array, params: ReboundParams,
  priceColumn = 'close'): Episode[] {
  const { drawdown: D, rebound: R, horizon: H } = params;
  const out: Episode[] = [];
  let search: CloseSearch | undefined; // made on the first episode, for all of them
  let start = 0;
  while (start < c.length && Number.isNaN(c[start]!)) start++;
  if (start >= c.length) return out;
  let P = c[start]!, peakIdx = start;
  let inCorrection = false;
  let L = NaN, lowIdx = -1, lowUsed = false;
  for (let t = start + 1; t < c.length; t++) {
    const x = c[t]!;
    if (Number.isNaN(x)) continue;
    if (x > P) {
      P = x; peakIdx = t; inCorrection = false;
      continue;
    }
    if (!inCorrection) {
      if (x <= (1 - D) * P) { inCorrection = true; L = x; lowIdx = t; lowUsed = false; }
      continue;
    }
    if (x < L) { L = x; lowIdx = t; lowUsed = false; continue; }
    if (!lowUsed && x >= (1 + R) * L) {
      lowUsed = true;
      const decisionDate = isoDate(dates[t]!);
      const point = {
        id: `${market}:rebound:${decisionDate}`,
        market, kind: 'rebound' as const,
        decisionIndex: t, decisionDate,
        refLowIndex: lowIdx, refLowDate: isoDate(dates[lowIdx]!), refLow: L,
        peakIndex: peakIdx, peakDate: isoDate(dates[peakIdx]!), peak: P,
        priceColumn,
      };
      out.push(describe(point, c, judgeAgainstLow(c, t, L, H), H, (search ??= new CloseSearch(c))));
    }
  }
  return out;
}
