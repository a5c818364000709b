/**
 * yield-curve
 *
 * Claim: a rally while the yield curve is positive (10-year minus 2-year
 * Treasury, FRED T10Y2Y) or steepening is durable.
 *
 * Measure: level s = T10Y2Y[t] and change c = s - T10Y2Y[t - lookback] over
 * `lookback` (63) trading days, both in percentage points.
 * Score: logistic(max(levelSteepness * s, changeSteepness * c)), both
 * steepnesses 4 — "positive OR steepening": the better of the two sets the
 * score. A +0.5 pp curve -> >= 0.88; an inverted curve (-0.5) that steepened
 * by 0.25 pp -> 0.73; inverted and flattening -> below 0.5.
 * Abstains when either reading is not known.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { nowAndBarsBack } from './_shared.ts';

const COL = 'T10Y2Y';

/** The score of a curve level s and change c (percentage points): "positive OR steepening". */
export function curveScore(level: number, change: number, p: { levelSteepness: number; changeSteepness: number }): number {
  return logistic(Math.max(p.levelSteepness * level, p.changeSteepness * change));
}

export const yieldCurve = defineCriterion({
  id: 'yield-curve',
  claim: 'A rally while the 10y-2y Treasury spread is positive or steepening is durable.',
  needs: ['T10Y2Y'],
  scoring: 'Level s and 63-day change c of T10Y2Y (pp): logistic(max(4*s, 4*c)).',
  params: {
    lookback: { type: 'integer', default: 63, min: 1, max: 504, description: 'trading days over which steepening is measured' },
    levelSteepness: { type: 'number', default: 4, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of level' },
    changeSteepness: { type: 'number', default: 4, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of change' },
  },
  score(view, p) {
    const v = nowAndBarsBack(view, COL, p.lookback);
    if ('reason' in v) return abstain(v.reason);
    return scored(curveScore(v.now, v.now - v.then, p));
  },
});

export default yieldCurve;
