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
import { abstain, logistic, scored, type Criterion, type ParamSpec } from '../engine/criterion.ts';
import { nowAndBarsBack, ParamReader } from './_shared.ts';

const COL = 'T10Y2Y';

const PARAMS: ParamSpec[] = [
  { name: 'lookback', type: 'integer', default: 63, min: 1, max: 504, description: 'trading days over which steepening is measured' },
  { name: 'levelSteepness', type: 'number', default: 4, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of level' },
  { name: 'changeSteepness', type: 'number', default: 4, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of change' },
];

export const yieldCurve: Criterion = {
  id: 'yield-curve',
  claim: 'A rally while the 10y-2y Treasury spread is positive or steepening is durable.',
  needs: ['T10Y2Y'],
  scoring: 'Level s and 63-day change c of T10Y2Y (pp): logistic(max(4*s, 4*c)).',
  params: PARAMS,
  score(view, params) {
    const r = new ParamReader(PARAMS, params);
    const v = nowAndBarsBack(view, COL, r.num('lookback'));
    if ('reason' in v) return abstain(v.reason);
    return scored(logistic(Math.max(r.num('levelSteepness') * v.now, r.num('changeSteepness') * (v.now - v.then))));
  },
};

export default yieldCurve;
