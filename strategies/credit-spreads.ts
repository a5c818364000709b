/**
 * credit-spreads
 *
 * Claim: a rally while credit spreads narrow (the Moody's BAA corporate yield
 * minus the 10-year Treasury, FRED BAA10Y) is durable: credit confirms equity.
 *
 * Measure: change c = BAA10Y[t] - BAA10Y[t - lookback] over `lookback` (21)
 * trading days, in percentage points, as known on each day.
 * Score: logistic(-steepness * c), steepness 5: narrowing by 0.2 pp -> 0.73,
 * unchanged -> 0.5, widening by 0.2 pp -> 0.27.
 * Abstains when either reading is not known.
 */
import { abstain, logistic, scored, type Criterion, type ParamSpec } from '../engine/criterion.ts';
import { nowAndBarsBack, ParamReader } from './_shared.ts';

const COL = 'BAA10Y';

const PARAMS: ParamSpec[] = [
  { name: 'lookback', type: 'integer', default: 21, min: 1, max: 504, description: 'trading days over which the spread must narrow' },
  { name: 'steepness', type: 'number', default: 5, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of change' },
];

export const creditSpreads: Criterion = {
  id: 'credit-spreads',
  claim: 'A rally while the BAA-Treasury credit spread narrows is durable.',
  needs: ['BAA10Y'],
  scoring: 'c = BAA10Y change over 21 trading days (pp): logistic(-5*c) (narrowing -> above 0.5).',
  params: PARAMS,
  score(view, params) {
    const r = new ParamReader(PARAMS, params);
    const v = nowAndBarsBack(view, COL, r.num('lookback'));
    if ('reason' in v) return abstain(v.reason);
    return scored(logistic(-(v.now - v.then), 0, r.num('steepness')));
  },
};

export default creditSpreads;
